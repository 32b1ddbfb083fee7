import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { secretSpellings, secretValuesOfText } from '@nx-airbyte/acceptance';
import { parse as parseYaml } from 'yaml';
import { DEFAULT_PLUGIN_OPTIONS } from '../plugin/options';
import { PLUGIN_NAME } from '../plugin/nodes';

/** A JSON object of variable names to values, as GitHub's `${{ toJSON(secrets) }}` gives: read as if each were in the environment. */
export const SECRETS_JSON_ENV = 'NX_AIRBYTE_SECRETS';
const SECRET_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*\.[A-Za-z0-9]+$/;
const CREDS_VARIABLE = /^(SOURCE|DESTINATION)_[A-Z0-9_]+_CREDS$/;

/** The extensions that make a JSON object a map of file names to contents, and what the contents of each must look like. */
const FILE_CONTENTS_FIT: Record<string, (contents: unknown) => boolean> = {
  json: (contents) => isDocument(contents) || (typeof contents === 'string' && isDocument(parsedOrUndefined(() => JSON.parse(contents)))),
  yaml: (contents) => isDocument(contents) || (typeof contents === 'string' && isDocument(parsedOrUndefined(() => parseYaml(contents)))),
  yml: (contents) => FILE_CONTENTS_FIT['yaml'](contents),
  txt: (contents) => typeof contents === 'string',
  ini: (contents) => typeof contents === 'string' && /^\s*[^#;\s][^=\n]*=/m.test(contents),
  env: (contents) => FILE_CONTENTS_FIT['ini'](contents),
  properties: (contents) => FILE_CONTENTS_FIT['ini'](contents),
  cfg: (contents) => FILE_CONTENTS_FIT['ini'](contents),
  conf: (contents) => FILE_CONTENTS_FIT['ini'](contents),
  toml: (contents) => FILE_CONTENTS_FIT['ini'](contents),
  pem: (contents) => typeof contents === 'string' && contents.includes('-----BEGIN '),
  key: (contents) => FILE_CONTENTS_FIT['pem'](contents),
  crt: (contents) => FILE_CONTENTS_FIT['pem'](contents),
  cer: (contents) => FILE_CONTENTS_FIT['pem'](contents),
};
export const FILE_MAP_EXTENSIONS = Object.keys(FILE_CONTENTS_FIT);

export const USAGE = `Usage: nx-airbyte-write-secrets [--connector <name>]... [--credentials-env <VAR>] [--connectors-dir <dir>] [--workspace-root <dir>]

Writes each connector's secrets/ files from the environment, as Airbyte's CI did, before its tests:
  SOURCE_X_CREDS        for source-x: the JSON of secrets/config.json, or a JSON object of
                        file names to contents ({"config.json": {...}, "config_oauth.json": {...}})
                        when the connector needs several files. It is a file map only when every
                        key ends in a known extension (${FILE_MAP_EXTENSIONS.map((e) => `.${e}`).join(' ')})
                        and every value fits it (see docs/publishing.md); else it is config.json.
  ${SECRETS_JSON_ENV}    optional: a JSON object of such variables (\${{ toJSON(secrets) }} in GitHub Actions).
Files are written with mode 0600 (secrets/ 0700). Only file names are printed, never a value;
invalid JSON is refused, naming the variable, and then nothing is written. With GITHUB_ACTIONS=true,
every value written is first registered with ::add-mask:: (GitHub hides it in the job's log).

Options:
  --connector <name>       only this connector (repeat for several); default: every connector
  --credentials-env <VAR>  with one --connector: its credentials are in VAR (e.g. CREDS:
                           \${{ secrets[needs.parse.outputs.secret] }}), no other variable is read
  --connectors-dir <dir>   default: connectorsDir of ${PLUGIN_NAME} in nx.json, else ${DEFAULT_PLUGIN_OPTIONS.connectorsDir}
  --workspace-root <dir>   default: the current directory
  -h, --help               this text`;

/** A secret variable that cannot be written, said without its value. */
export class SecretsInputError extends Error {
  override readonly name = 'SecretsInputError';
}

export interface SecretFile {
  connector: string;
  variable: string;
  /** Relative to the workspace root. */
  file: string;
  contents: string;
}

export interface WriteSecretsOptions {
  workspaceRoot: string;
  /** Relative to the workspace root. */
  connectorsDir: string;
  env: NodeJS.ProcessEnv;
  /** Only these connectors; default every folder of connectorsDir with a Dockerfile. */
  connectors?: readonly string[];
}

/** `source-x` -> `SOURCE_X_CREDS`: the seed era's variable name. */
export function secretVariableName(connector: string): string {
  return `${connector.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_CREDS`;
}

/**
 * Works out every file to write, checking every variable first: a variable whose value is not JSON, or
 * a file map with a name that is not a plain file name, is refused with the variable's name and the
 * reason; its value is never part of the message.
 */
export function planSecretFiles(options: WriteSecretsOptions): { files: SecretFile[]; unknownVariables: string[] } {
  const variables = secretVariables(options.env);
  const all = connectorFolders(options.workspaceRoot, options.connectorsDir);
  for (const name of options.connectors ?? []) {
    if (!all.includes(name)) throw new SecretsInputError(`--connector ${name}: there is no connector ${name} in ${options.connectorsDir} (a folder with a Dockerfile)`);
  }
  const connectors = options.connectors ? [...options.connectors] : all;
  const problems: string[] = [];
  const files: SecretFile[] = [];
  for (const connector of connectors) {
    const variable = secretVariableName(connector);
    const value = variables.get(variable);
    if (value === undefined || value.trim() === '') continue;
    try {
      for (const [name, contents] of secretFilesOf(variable, value)) {
        files.push({ connector, variable, file: `${options.connectorsDir}/${connector}/secrets/${name}`, contents });
      }
    } catch (error) {
      if (!(error instanceof SecretsInputError)) throw error;
      problems.push(error.message);
    }
  }
  if (problems.length > 0) throw new SecretsInputError(`${problems.join('\n')}\nNothing was written.`);
  const known = new Set(all.map(secretVariableName));
  const unknownVariables = [...variables.keys()].filter((name) => CREDS_VARIABLE.test(name) && !known.has(name)).sort();
  return { files, unknownVariables };
}

/** Writes the planned files: secrets/ with mode 0700, each file 0600 from its first byte (a temporary file renamed over it). */
export function writeSecretFiles(workspaceRoot: string, files: readonly SecretFile[]): void {
  for (const secret of files) {
    const target = path.join(workspaceRoot, secret.file);
    const dir = path.dirname(target);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
    const temporary = path.join(dir, `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      writeFileSync(temporary, secret.contents, { mode: 0o600, flag: 'wx' });
      renameSync(temporary, target);
    } catch (error) {
      rmSync(temporary, { force: true });
      throw new Error(`could not write ${secret.file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
}

function secretVariables(env: NodeJS.ProcessEnv): Map<string, string> {
  const variables = new Map<string, string>();
  const json = env[SECRETS_JSON_ENV];
  if (json !== undefined && json.trim() !== '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch (error) {
      throw new SecretsInputError(`${SECRETS_JSON_ENV} is not valid JSON (${describeJsonError(error, json)}); its value is not shown`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new SecretsInputError(`${SECRETS_JSON_ENV} must be a JSON object of variable names to values`);
    for (const [name, value] of Object.entries(parsed)) if (typeof value === 'string') variables.set(name, value);
  }
  for (const [name, value] of Object.entries(env)) if (value !== undefined && name !== SECRETS_JSON_ENV) variables.set(name, value);
  return variables;
}

/**
 * The files one variable holds: each entry of a file map (see isFileMap), else config.json. A JSON
 * object whose keys merely contain a dot ({"api.key": "..."}) is a config.json.
 */
function secretFilesOf(variable: string, value: string): Array<[string, string]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    throw new SecretsInputError(`${variable} is not valid JSON (${describeJsonError(error, value)}); its value is not shown. It must hold the JSON of secrets/config.json, or a JSON object of file names to contents.`);
  }
  if (!isFileMap(parsed)) return [['config.json', `${JSON.stringify(parsed, null, 2)}\n`]];
  return Object.entries(parsed).map(([name, contents]) => {
    if (!SECRET_FILE_NAME.test(name)) throw new SecretsInputError(`${variable}: ${JSON.stringify(name)} is not a plain file name (letters, digits, . _ -, no folders)`);
    return [name, typeof contents === 'string' ? contents : `${JSON.stringify(contents, null, 2)}\n`];
  });
}

/**
 * A map of file names to contents: a non-empty object whose every key ends in a known extension and whose
 * every value fits it (.json: an object or array, or a string of one; .yaml/.yml the same in YAML; .pem,
 * .key, .crt, .cer: PEM text; .ini, .env, .properties, .cfg, .conf, .toml: text with a key=value line;
 * .txt: any text).
 */
function isFileMap(parsed: unknown): parsed is Record<string, unknown> {
  if (!isDocument(parsed) || Array.isArray(parsed)) return false;
  const entries = Object.entries(parsed);
  return entries.length > 0 && entries.every(([name, contents]) => FILE_CONTENTS_FIT[/\.([A-Za-z0-9]+)$/.exec(name)?.[1].toLowerCase() ?? '']?.(contents) === true);
}

function isDocument(value: unknown): value is object {
  return value !== null && typeof value === 'object';
}

function parsedOrUndefined(parse: () => unknown): unknown {
  try {
    return parse();
  } catch {
    return undefined;
  }
}

/**
 * The `::add-mask::` commands that make GitHub Actions hide every value of these files in the job's log:
 * each spelling the project's own masker replaces (every string, number of 6+ digits, key=value value,
 * multi-line values line by line), escaped as workflow commands need. GitHub masks the whole secret
 * variable by itself, but not one field of it.
 */
export function githubMaskCommands(files: readonly SecretFile[]): string[] {
  const values = files.flatMap((file) => secretValuesOfText(file.file, file.contents));
  const lines = secretSpellings(values).flatMap((spelling) => spelling.split(/\r?\n/).map((line) => line.trim()).filter(Boolean));
  return [...new Set(lines)].map((line) => `::add-mask::${line.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}`);
}

/** Where JSON.parse stopped, without the excerpt of the text that Node puts in its message. */
function describeJsonError(error: unknown, text: string): string {
  const message = (error as Error).message;
  const position = /position (\d+)/.exec(message)?.[1];
  if (/Unexpected end/i.test(message) || Number(position) >= text.length) return `${text.length} characters, it ends too early`;
  return `${text.length} characters, an unexpected character${position !== undefined ? ` at position ${position}` : ''}`;
}

function connectorFolders(workspaceRoot: string, connectorsDir: string): string[] {
  const dir = path.join(workspaceRoot, connectorsDir);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    throw new SecretsInputError(`no connectors folder ${connectorsDir} in ${workspaceRoot}: pass --connectors-dir, or run this at the workspace root`);
  }
  return names.filter((name) => existsSync(path.join(dir, name, 'Dockerfile'))).sort();
}

/** connectorsDir of the plugin in nx.json, else the default. */
export function workspaceConnectorsDir(workspaceRoot: string): string {
  try {
    const nxJson = JSON.parse(readFileSync(path.join(workspaceRoot, 'nx.json'), 'utf8')) as { plugins?: Array<string | { plugin?: string; options?: { connectorsDir?: unknown } }> };
    for (const plugin of nxJson.plugins ?? []) {
      if (typeof plugin === 'object' && plugin.plugin === PLUGIN_NAME && typeof plugin.options?.connectorsDir === 'string') return plugin.options.connectorsDir.replace(/\/+$/, '');
    }
  } catch {
    // no nx.json, or not JSON: the default layout
  }
  return DEFAULT_PLUGIN_OPTIONS.connectorsDir;
}

/** Where a command line tool of this package reads and writes (bin/run-main.js gives it the process's). */
export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** The command line tool; resolves with the exit status (0 written or nothing to write, 1 refused, 2 usage). */
export function main(argv: readonly string[], io: CliIo): number {
  let values: { connector?: string[]; 'credentials-env'?: string; 'connectors-dir'?: string; 'workspace-root'?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { connector: { type: 'string', multiple: true }, 'credentials-env': { type: 'string' }, 'connectors-dir': { type: 'string' }, 'workspace-root': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }));
    if (values['credentials-env'] !== undefined && values.connector?.length !== 1) throw new Error('--credentials-env needs exactly one --connector: the variable holds that connector\'s credentials');
    if (values['credentials-env'] !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(values['credentials-env'])) throw new Error(`--credentials-env must name an environment variable, got ${JSON.stringify(values['credentials-env'])}`);
  } catch (error) {
    io.err(`nx-airbyte-write-secrets: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const workspaceRoot = path.resolve(io.cwd, values['workspace-root'] ?? '.');
  const connectorsDir = (values['connectors-dir'] ?? workspaceConnectorsDir(workspaceRoot)).replace(/\/+$/, '');
  try {
    const credentialsEnv = values['credentials-env'];
    const env = credentialsEnv ? { [secretVariableName(values.connector![0])]: io.env[credentialsEnv] } : io.env;
    const { files, unknownVariables } = planSecretFiles({ workspaceRoot, connectorsDir, env, connectors: values.connector });
    // before anything else is printed, so that GitHub hides them in every later line of the job
    if (io.env['GITHUB_ACTIONS'] === 'true') for (const command of githubMaskCommands(files)) io.out(command);
    writeSecretFiles(workspaceRoot, files);
    for (const file of files) io.out(`wrote ${file.file}`);
    for (const variable of unknownVariables) io.err(`nx-airbyte-write-secrets: warning: ${variable} names no connector in ${connectorsDir}; nothing written for it`);
    const connectors = new Set(files.map((file) => file.connector)).size;
    io.out(files.length === 0 ? 'nx-airbyte-write-secrets: no connector secrets in the environment (SOURCE_<NAME>_CREDS, DESTINATION_<NAME>_CREDS)' : `nx-airbyte-write-secrets: ${files.length} file(s) for ${connectors} connector(s), mode 0600`);
    return 0;
  } catch (error) {
    io.err(`nx-airbyte-write-secrets: ${(error as Error).message}`);
    return 1;
  }
}
