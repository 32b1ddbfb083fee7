import {
  Document,
  isAlias,
  isMap,
  isNode,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  type YAMLError,
} from 'yaml';
import type { ConfigProblem } from './config-error';

/** Where something is in the config file; also carried by the normalised config so the runner can point back. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
  /** e.g. `acceptance_tests.connection.tests[1]`, spelled as in the file (legacy files keep their `tests.` paths). */
  keyPath: string;
}

/** A parsed YAML file that can say where each of its nodes is. */
export class YamlSource {
  constructor(
    readonly file: string,
    readonly document: Document.Parsed,
    private readonly lineCounter: LineCounter,
  ) {}

  /** 1-based line and column of a node, or undefined for nodes created in memory without a range. */
  position(node: unknown): { line: number; column: number } | undefined {
    const offset = isNode(node) ? node.range?.[0] : undefined;
    if (offset === undefined) return undefined;
    const { line, col } = this.lineCounter.linePos(offset);
    return { line: Math.max(line, 1), column: col };
  }

  /** Follows `*alias` references to the node they name. */
  resolve(node: unknown): unknown {
    let current = node;
    for (let hops = 0; isAlias(current) && hops < 100; hops++) {
      current = current.resolve(this.document);
    }
    return current;
  }
}

export type ParsedYaml = { source: YamlSource } | { problems: ConfigProblem[] };

/** The YAML-library message without its " at line X, column Y:" tail and source excerpt: we print those ourselves. */
function conciseYamlMessage(error: YAMLError): string {
  return error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * Parses the text of an acceptance config with YAML 1.1 semantics, as PyYAML (and so the original suite) did:
 * `yes`/`no`/`on`/`off` are booleans there, and real configs rely on it (`extra_fields: no`).
 */
export function parseYamlSource(file: string, text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter, version: '1.1', merge: true, uniqueKeys: true, prettyErrors: true });
  const problems: ConfigProblem[] = [];
  const list = Array.isArray(documents) ? documents : [];
  for (const document of list) {
    for (const error of document.errors) {
      const position = error.linePos?.[0];
      problems.push({ file, line: position?.line, column: position?.col, message: `invalid YAML: ${conciseYamlMessage(error)}` });
    }
  }
  if (problems.length > 0) return { problems };
  if (list.length === 0 || list.every((document) => document.contents === null)) {
    return {
      problems: [{ file, message: 'the file is empty; it needs at least connector_image and acceptance_tests (see docs/acceptance-config.md)' }],
    };
  }
  if (list.length > 1) {
    const source = new YamlSource(file, list[1], lineCounter);
    const position = source.position(list[1].contents);
    return {
      problems: [
        {
          file,
          line: position?.line,
          column: position?.column,
          message: `the file holds ${list.length} YAML documents separated by "---"; an acceptance config is a single document`,
        },
      ],
    };
  }
  return { source: new YamlSource(file, list[0], lineCounter) };
}

/** How a value reads in an error message: `a list`, `true (a boolean)`, `"abc" (a string)`. */
export function describeYamlValue(node: unknown): string {
  if (isMap(node)) return 'a map';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const value = node.value;
    if (value === null) return 'no value';
    if (typeof value === 'boolean') return `${value} (a boolean)`;
    if (typeof value === 'number') return `${node.source ?? value} (a number)`;
    if (typeof value === 'string') {
      const shown = value.length > 40 ? `${value.slice(0, 37)}...` : value;
      return `${JSON.stringify(shown)} (a string)`;
    }
    return `a ${typeof value}`;
  }
  return 'an unsupported YAML value';
}
