import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** The folder of a connector that holds its credentials: git-ignored, docker-ignored, never cached. */
export const SECRETS_FOLDER = 'secrets';

/** Files larger than this are not credentials; they are left out rather than read into memory. */
const MAX_SECRET_FILE_BYTES = 1024 * 1024;

/** Files of secrets/ that hold no credential: documentation, and the expected spec (the default spec_path). */
const NOT_CREDENTIALS = [/(^|\/)[^/]*\.md$/i, /^spec\.(json|ya?ml)$/];

export interface SecretFiles {
  /** Paths of the files read, relative to the secrets folder, sorted. */
  files: string[];
  /** Every value to mask: each string in a JSON file, the whole text of any other file. Distinct, in order found. */
  values: string[];
}

/**
 * The values of every credential file in a secrets folder (and its sub-folders; symlinks are not
 * followed), to mask in all the project prints and writes. JSON files give each string they hold,
 * at any depth, keys excepted: numbers and booleans are masked only where the spec marks the field
 * airbyte_secret, so that counts and ports stay readable. A missing folder gives nothing.
 */
export function readSecretFiles(secretsDir: string): SecretFiles {
  const files: string[] = [];
  const values: string[] = [];
  const walk = (relativeDir: string) => {
    let names: string[];
    try {
      names = readdirSync(path.join(secretsDir, relativeDir)).sort();
    } catch {
      return; // no secrets/ (a fresh checkout), or unreadable: nothing to mask
    }
    for (const name of names) {
      const relativePath = relativeDir ? `${relativeDir}/${name}` : name;
      let stats;
      let text: string | undefined;
      try {
        stats = lstatSync(path.join(secretsDir, relativePath));
        const wanted = stats.isFile() && stats.size <= MAX_SECRET_FILE_BYTES && !NOT_CREDENTIALS.some((pattern) => pattern.test(relativePath));
        if (wanted) text = readFileSync(path.join(secretsDir, relativePath), 'utf8');
      } catch {
        continue; // vanished or unreadable: no connector run can use it either
      }
      if (stats.isDirectory()) walk(relativePath);
      else if (text !== undefined) {
        files.push(relativePath);
        values.push(...valuesOf(text));
      }
    }
  };
  walk('');
  return { files, values: [...new Set(values)] };
}

/** The secret values of every connector folder given (`<folder>/secrets/`), for one masker. */
export function readConnectorSecretValues(connectorDirs: Iterable<string>): string[] {
  const values = new Set<string>();
  for (const dir of new Set(connectorDirs)) for (const value of readSecretFiles(path.join(dir, SECRETS_FOLDER)).values) values.add(value);
  return [...values];
}

function valuesOf(text: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return text.trim() === '' ? [] : [text.trim()];
  }
  const strings: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === 'string') strings.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(parsed);
  return strings;
}
