import type { ConfigProblem } from './config-error';
import { formatKeyPath, type KeyPath } from './key-path';
import type { SourceLocation, YamlSource } from './yaml-source';

/**
 * What every reader of the document shares: the source (for positions), the problems found so far,
 * and how key paths are spelled for the user (a legacy file is read in its migrated shape but
 * reported in the shape its author wrote).
 */
export class ReadContext {
  readonly problems: ConfigProblem[] = [];

  constructor(
    readonly source: YamlSource,
    private readonly spellPath: (path: KeyPath) => KeyPath = (path) => path,
  ) {}

  get file(): string {
    return this.source.file;
  }

  keyPathText(path: KeyPath): string {
    return formatKeyPath(this.spellPath(path));
  }

  location(node: unknown, path: KeyPath): SourceLocation {
    const position = this.source.position(node);
    return { file: this.file, line: position?.line ?? 1, column: position?.column ?? 1, keyPath: this.keyPathText(path) };
  }

  report(node: unknown, path: KeyPath, message: string): void {
    this.reportAsWritten(node, this.keyPathText(path), message);
  }

  /** Reports under a key path spelled exactly as given, for the few problems about the file's format itself. */
  reportAsWritten(node: unknown, keyPath: string, message: string): void {
    const position = this.source.position(node);
    this.problems.push({ file: this.file, line: position?.line, column: position?.column, keyPath, message });
  }

  reportAt(location: SourceLocation, message: string): void {
    this.problems.push({ file: location.file, line: location.line, column: location.column, keyPath: location.keyPath, message });
  }
}
