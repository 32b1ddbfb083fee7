import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';

/** The folder of a connector that holds its credentials: git-ignored, docker-ignored, never cached. */
export const SECRETS_FOLDER = 'secrets';

/** Files larger than this are not credentials; they are left out rather than read into memory. */
const MAX_SECRET_FILE_BYTES = 1024 * 1024;

/** Files of secrets/ that hold no credential: documentation, and the expected spec (the default spec_path). */
const NOT_CREDENTIALS = [/(^|\/)[^/]*\.md$/i, /^spec\.(json|ya?ml)$/];

export interface SecretFiles {
  /** Paths of the files read, relative to the secrets folder, sorted. */
  files: string[];
  /** Every value to mask (see secretValuesOfText). Distinct, in order found. */
  values: string[];
}

/**
 * The values of every credential file in a secrets folder (and its sub-folders; symlinks are not
 * followed), to mask in all the project prints and writes (see secretValuesOfText for what a file
 * gives). A missing folder gives nothing.
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
        values.push(...secretValuesOfText(relativePath, text));
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

/** Numbers shorter than this (as digits) are not secrets to mask: ports, counts, years, flags stay readable. */
export const MIN_SECRET_NUMBER_LENGTH = 6;

/** `key=value`, `key = value`, `export KEY=value` or `key: value` on one line of an .env, .ini or .properties file. */
const KEY_VALUE_LINE = /^\s*(?:export\s+)?[A-Za-z0-9_.-]+\s*[=:]\s*(.*?)\s*$/;

/**
 * The values of one secret file, to mask. A JSON file (any name) or a YAML file (.yaml, .yml) gives
 * every string it holds at any depth, and every number of at least MIN_SECRET_NUMBER_LENGTH digits (as
 * written), keys, booleans and null excepted. Any other file (or YAML that does not parse) gives its
 * whole text (the masker masks each of its lines too), and the value of each `key=value` / `key: value` line (quotes removed),
 * for .env, .ini and .properties files. The masker leaves values under MIN_SECRET_LENGTH characters alone.
 */
export function secretValuesOfText(fileName: string, text: string): string[] {
  const structured = parseStructured(fileName, text);
  if (structured !== undefined) return leafValues(structured);
  const values: string[] = [];
  if (text.trim() !== '') values.push(text.trim());
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === '' || /^[#;]/.test(trimmed)) continue;
    const value = KEY_VALUE_LINE.exec(trimmed)?.[1];
    if (value) values.push(value.replace(/^(["'])(.*)\1$/, '$2'));
  }
  return [...new Set(values)];
}

/** The parsed document of a JSON (any name) or YAML file; undefined for text that is neither, or a bare scalar. */
function parseStructured(fileName: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // not JSON: YAML, or text
  }
  if (!/\.ya?ml$/i.test(fileName)) return undefined;
  try {
    const document = parseYaml(text) as unknown;
    return document !== null && typeof document === 'object' ? document : undefined;
  } catch {
    return undefined; // broken YAML: masked as text
  }
}

/** Every string, and every number of at least MIN_SECRET_NUMBER_LENGTH characters, of a parsed document. */
export function leafValues(document: unknown): string[] {
  const values: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === 'string') values.push(value);
    else if (typeof value === 'number' || typeof value === 'bigint') {
      const digits = String(value);
      if (digits.replace(/^-/, '').length >= MIN_SECRET_NUMBER_LENGTH) values.push(digits);
    } else if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(document);
  return values;
}
