import { statSync } from 'node:fs';
import * as path from 'node:path';
import type { KeyPath } from './key-path';
import type { ReadContext } from './read-context';
import type { SourceLocation } from './yaml-source';

/**
 * A file under `secrets/` that the config names but that does not exist. Not a config error:
 * `secrets/` is git-ignored, so every fresh checkout lacks it. As in the original suite, only the
 * tests that need the file fail, and they fail with `message`, which says how to create it.
 */
export interface MissingSecretFile {
  /** Absolute path. */
  path: string;
  /** As written in (or defaulted by) the config, relative to the base path. */
  relativePath: string;
  /** Every place in the config that uses the file. */
  usedBy: SourceLocation[];
  message: string;
}

const SECRETS_DIRECTORY = 'secrets';
/** What a referenced file holds; it decides how a missing secret file is explained. */
export type ReferencedFileRole = 'connector-config' | 'spec' | 'configured-catalog' | 'expected-records' | 'future-state' | 'read-back';

const CONTENTS_OF: Readonly<Record<ReferencedFileRole, string>> = {
  'connector-config': "a connector configuration (a JSON object valid against the connector's spec)",
  spec: 'the spec the connector is expected to output (JSON or YAML)',
  'configured-catalog': 'a configured catalog (JSON)',
  'expected-records': 'the expected records (JSON lines of record messages)',
  'future-state': 'a state whose cursors lie far in the future (JSON)',
  'read-back': 'the script the read-back command runs',
};
/** Files a connector template ships as a starting point for its real config. */
const SAMPLE_CONFIGS = ['integration_tests/sample_config.json', 'sample_files/sample_config.json'];

type FileKind = 'file' | 'directory' | 'missing';

function kindOf(absolutePath: string): FileKind {
  try {
    return statSync(absolutePath).isDirectory() ? 'directory' : 'file';
  } catch {
    return 'missing';
  }
}

function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** Resolves the paths a config names and checks that they exist, treating `secrets/` as the original did. */
export class ReferencedFiles {
  private readonly missingSecrets = new Map<string, MissingSecretFile>();

  constructor(
    private readonly ctx: ReadContext,
    /** Relative paths resolve from here: `base_path`, or the directory of the YAML file. */
    readonly basePath: string,
    /** The directory of the YAML file, i.e. the connector's root. */
    private readonly connectorDirectory: string,
  ) {}

  resolve(relativeOrAbsolute: string): string {
    return path.resolve(this.basePath, relativeOrAbsolute);
  }

  /** How a resolved path reads to the user: relative to the base path when inside it. */
  display(absolutePath: string): string {
    return isInside(absolutePath, this.basePath) ? path.relative(this.basePath, absolutePath) : absolutePath;
  }

  private isSecret(absolutePath: string): boolean {
    return (
      isInside(absolutePath, path.join(this.basePath, SECRETS_DIRECTORY)) ||
      isInside(absolutePath, path.join(this.connectorDirectory, SECRETS_DIRECTORY))
    );
  }

  /**
   * The absolute path of a file named at `node`. A missing file is a reported problem, except under
   * `secrets/`, where it is recorded in `missingSecretFiles` and the path is returned all the same.
   */
  requireFile(written: string, node: unknown, keyPath: KeyPath, role: ReferencedFileRole): string {
    const absolutePath = this.resolve(written);
    const kind = kindOf(absolutePath);
    if (kind === 'directory') {
      this.ctx.report(node, keyPath, `"${written}" is a directory; expected a file (resolved to ${absolutePath})`);
    } else if (kind === 'missing') {
      if (this.isSecret(absolutePath)) this.recordMissingSecret(absolutePath, written, role, this.ctx.location(node, keyPath));
      else this.ctx.report(node, keyPath, `file "${written}" does not exist (resolved to ${absolutePath} from ${this.basePath})`);
    }
    return absolutePath;
  }

  /** The default path of a required file the config does not name (`secrets/config.json`), checked like a named one. */
  requireDefaultFile(written: string, usedBy: SourceLocation, role: ReferencedFileRole): string {
    const absolutePath = this.resolve(written);
    const kind = kindOf(absolutePath);
    if (kind === 'missing' && this.isSecret(absolutePath)) this.recordMissingSecret(absolutePath, written, role, usedBy);
    else if (kind !== 'file') {
      this.ctx.reportAt(usedBy, `no path given, and the default "${written}" is not a file (resolved to ${absolutePath})`);
    }
    return absolutePath;
  }

  /** The default path of an optional file (`secrets/spec.json`) when it exists, else undefined. */
  optionalDefaultFile(written: string): string | undefined {
    const absolutePath = this.resolve(written);
    return kindOf(absolutePath) === 'file' ? absolutePath : undefined;
  }

  get missingSecretFiles(): MissingSecretFile[] {
    return [...this.missingSecrets.values()];
  }

  private recordMissingSecret(absolutePath: string, written: string, role: ReferencedFileRole, usedBy: SourceLocation): void {
    const known = this.missingSecrets.get(absolutePath);
    if (known) {
      known.usedBy.push(usedBy);
      return;
    }
    const sample = SAMPLE_CONFIGS.find((candidate) => kindOf(path.join(this.connectorDirectory, candidate)) === 'file');
    const start = sample && role === 'connector-config' ? `, for example by copying ${sample} and filling in real credentials` : '';
    this.missingSecrets.set(absolutePath, {
      path: absolutePath,
      relativePath: written,
      usedBy: [usedBy],
      message:
        `${written} does not exist (${absolutePath}). secrets/ is git-ignored, so a fresh checkout has none: ` +
        `create it with ${CONTENTS_OF[role]}${start}. ` +
        'In CI, write it from a secret variable before the run. Until it exists, the tests that use it fail.',
    });
  }
}

/** A directory named at `node` (base_path), resolved from `relativeTo`; reported when it is not one. */
export function requireDirectory(ctx: ReadContext, written: string, node: unknown, keyPath: KeyPath, relativeTo: string): string {
  const absolutePath = path.resolve(relativeTo, written);
  const kind = kindOf(absolutePath);
  if (kind !== 'directory') {
    const actual = kind === 'missing' ? 'does not exist' : 'is a file';
    ctx.report(node, keyPath, `directory "${written}" ${actual} (resolved to ${absolutePath} from ${relativeTo})`);
  }
  return absolutePath;
}
