import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { main, secretVariableName } from './write-secrets';

const CONNECTORS = 'airbyte-integrations/connectors';
let workspace: string;
let out: string[];
let err: string[];

function run(argv: string[], env: NodeJS.ProcessEnv): number {
  out = [];
  err = [];
  return main(argv, { out: (line) => out.push(line), err: (line) => err.push(line), env, cwd: workspace });
}

const secretsOf = (connector: string, file = 'config.json') => path.join(workspace, CONNECTORS, connector, 'secrets', file);
const printed = () => [...out, ...err].join('\n');

beforeEach(() => {
  workspace = mkdtempSync(path.join(tmpdir(), 'nx-airbyte-write-secrets-'));
  for (const connector of ['source-stripe', 'source-google-sheets', 'destination-bigquery', 'source-no-secret']) {
    mkdirSync(path.join(workspace, CONNECTORS, connector), { recursive: true });
    writeFileSync(path.join(workspace, CONNECTORS, connector, 'Dockerfile'), 'FROM x\n');
  }
});

afterEach(() => {
  rmSync(workspace, { recursive: true, force: true });
});

describe('secretVariableName', () => {
  it('follows the seed era: SOURCE_X_CREDS for source-x', () => {
    expect(secretVariableName('source-stripe')).toBe('SOURCE_STRIPE_CREDS');
    expect(secretVariableName('destination-google-sheets')).toBe('DESTINATION_GOOGLE_SHEETS_CREDS');
  });
});

describe('nx-airbyte-write-secrets', () => {
  it('writes secrets/config.json from SOURCE_X_CREDS, mode 0600 in a 0700 folder, printing file names only', () => {
    expect(run([], { SOURCE_STRIPE_CREDS: '{"client_secret":"canary-sk-live-4242","account_id":"acct_1"}' })).toBe(0);
    expect(JSON.parse(readFileSync(secretsOf('source-stripe'), 'utf8'))).toEqual({ client_secret: 'canary-sk-live-4242', account_id: 'acct_1' });
    expect(statSync(secretsOf('source-stripe')).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(secretsOf('source-stripe'))).mode & 0o777).toBe(0o700);
    expect(out).toEqual([`wrote ${CONNECTORS}/source-stripe/secrets/config.json`, 'nx-airbyte-write-secrets: 1 file(s) for 1 connector(s), mode 0600']);
    expect(printed()).not.toContain('canary-sk-live-4242');
  });

  it('writes several files from a JSON object of file names to contents', () => {
    const value = JSON.stringify({ 'config.json': { spreadsheet_id: 'x' }, 'service_account.json': { private_key: 'canary-pk' }, 'key.pem': '-----BEGIN KEY-----\ncanary\n' });
    expect(run([], { SOURCE_GOOGLE_SHEETS_CREDS: value })).toBe(0);
    expect(JSON.parse(readFileSync(secretsOf('source-google-sheets', 'service_account.json'), 'utf8'))).toEqual({ private_key: 'canary-pk' });
    expect(readFileSync(secretsOf('source-google-sheets', 'key.pem'), 'utf8')).toBe('-----BEGIN KEY-----\ncanary\n');
    expect(out.filter((line) => line.startsWith('wrote '))).toHaveLength(3);
  });

  it('reads the variables of NX_AIRBYTE_SECRETS too (toJSON(secrets) in GitHub Actions), and replaces an older file', () => {
    mkdirSync(path.dirname(secretsOf('destination-bigquery')), { recursive: true });
    writeFileSync(secretsOf('destination-bigquery'), '{"old":true}', { mode: 0o644 });
    expect(run([], { NX_AIRBYTE_SECRETS: JSON.stringify({ DESTINATION_BIGQUERY_CREDS: '{"dataset":"canary-ds"}', GITHUB_TOKEN: 'ghs_x' }) })).toBe(0);
    expect(JSON.parse(readFileSync(secretsOf('destination-bigquery'), 'utf8'))).toEqual({ dataset: 'canary-ds' });
    expect(statSync(secretsOf('destination-bigquery')).mode & 0o777).toBe(0o600);
  });

  it('refuses invalid JSON, naming the variable but never echoing the value, and writes nothing at all', () => {
    expect(run([], { SOURCE_STRIPE_CREDS: '{"client_secret": canary-unquoted-secret}', SOURCE_GOOGLE_SHEETS_CREDS: '{"ok":"yes"}' })).toBe(1);
    expect(err.join('\n')).toMatch(/^nx-airbyte-write-secrets: SOURCE_STRIPE_CREDS is not valid JSON \(41 characters, an unexpected character\); its value is not shown/);
    expect(run([], { SOURCE_STRIPE_CREDS: '{"client_secret": "canary-cut' })).toBe(1);
    expect(err.join('\n')).toMatch(/SOURCE_STRIPE_CREDS is not valid JSON \(29 characters, it ends too early\)/);
    expect(run([], { SOURCE_STRIPE_CREDS: '{"client_secret": canary-unquoted-secret}', SOURCE_GOOGLE_SHEETS_CREDS: '{"ok":"yes"}' })).toBe(1);
    expect(err.join('\n')).toContain('Nothing was written.');
    expect(printed()).not.toContain('canary-unquoted-secret');
    expect(existsSync(secretsOf('source-google-sheets'))).toBe(false);
  });

  it.each([
    ['keys with dots that are no file extension', { 'api.key': 'canary-api-key' }],
    ['a known extension with a value that is no file', { 'config.json': 42 }],
    ['a .json key with text that is not JSON', { 'token.json': 'canary-plain' }],
    ['a .env key with text that has no key=value line', { 'client.env': 'production' }],
    ['one key that fits and one that does not', { 'config.json': { a: 'b' }, 'api.version': '2' }],
  ])('writes config.json, not a file map, for %s', (_case, value) => {
    expect(run([], { SOURCE_STRIPE_CREDS: JSON.stringify(value) })).toBe(0);
    expect(out[0]).toBe(`wrote ${CONNECTORS}/source-stripe/secrets/config.json`);
    expect(JSON.parse(readFileSync(secretsOf('source-stripe'), 'utf8'))).toEqual(value);
  });

  it('writes a file map of YAML, .env and PEM files whose contents fit their extensions', () => {
    const value = { 'config.yaml': 'api_key: canary-yaml\n', 'app.env': 'TOKEN=canary-env\n', 'client.key': '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n' };
    expect(run([], { SOURCE_STRIPE_CREDS: JSON.stringify(value) })).toBe(0);
    expect(readFileSync(secretsOf('source-stripe', 'config.yaml'), 'utf8')).toBe('api_key: canary-yaml\n');
    expect(readFileSync(secretsOf('source-stripe', 'app.env'), 'utf8')).toBe('TOKEN=canary-env\n');
    expect(existsSync(secretsOf('source-stripe'))).toBe(false);
  });

  it('in GitHub Actions, registers every value with ::add-mask:: before printing anything else: fields, long numbers, each line of a multi-line value', () => {
    const creds = { client_secret: 'canary-sk-4242', account_id: 918273645, port: 443, ssl: true, region: 'eu', private_key: '-----BEGIN KEY-----\ncanary-line-two\n-----END KEY-----', odd: 'canary%0Avalue' };
    expect(run([], { GITHUB_ACTIONS: 'true', SOURCE_STRIPE_CREDS: JSON.stringify(creds) })).toBe(0);
    const masks = out.filter((line) => line.startsWith('::add-mask::')).map((line) => line.slice('::add-mask::'.length));
    expect(out.slice(0, masks.length).every((line) => line.startsWith('::add-mask::'))).toBe(true);
    for (const value of ['canary-sk-4242', '918273645', '-----BEGIN KEY-----', 'canary-line-two', '-----END KEY-----', 'canary%250Avalue']) expect(masks).toContain(value);
    expect(masks.every((mask) => !/[\r\n]/.test(mask))).toBe(true);
    expect(masks).not.toContain('443');
    expect(masks).not.toContain('eu');
    expect(masks).not.toContain('true');
  });

  it('masks the values of a YAML file of a file map in GitHub Actions, and prints no value at all outside it', () => {
    const env = { SOURCE_STRIPE_CREDS: JSON.stringify({ 'config.yaml': 'credentials:\n  token: canary-yaml-token\n' }) };
    expect(run([], { ...env, GITHUB_ACTIONS: 'true' })).toBe(0);
    expect(out).toContain('::add-mask::canary-yaml-token');
    expect(run([], env)).toBe(0);
    expect(printed()).not.toContain('canary-yaml-token');
    expect(printed()).not.toContain('::add-mask::');
  });

  it('--credentials-env reads one connector\'s credentials from that variable alone', () => {
    const env = { CREDS: '{"token":"canary-creds"}', SOURCE_STRIPE_CREDS: '{"token":"canary-ignored"}', NX_AIRBYTE_SECRETS: JSON.stringify({ DESTINATION_BIGQUERY_CREDS: '{"a":"b"}' }) };
    expect(run(['--connector', 'source-google-sheets', '--credentials-env', 'CREDS'], env)).toBe(0);
    expect(JSON.parse(readFileSync(secretsOf('source-google-sheets'), 'utf8'))).toEqual({ token: 'canary-creds' });
    expect(existsSync(secretsOf('source-stripe'))).toBe(false);
    expect(existsSync(secretsOf('destination-bigquery'))).toBe(false);
    expect(err).toEqual([]);
    expect(run(['--credentials-env', 'CREDS'], env)).toBe(2);
    expect(err[0]).toMatch(/--credentials-env needs exactly one --connector/);
  });

  it('refuses a file map entry that is not a plain file name', () => {
    expect(run([], { SOURCE_STRIPE_CREDS: JSON.stringify({ '../escape.json': {} }) })).toBe(1);
    expect(err.join('\n')).toContain('SOURCE_STRIPE_CREDS: "../escape.json" is not a plain file name');
    expect(existsSync(path.join(workspace, CONNECTORS, 'source-stripe', 'escape.json'))).toBe(false);
  });

  it('writes only the connectors named with --connector, and refuses an unknown one', () => {
    const env = { SOURCE_STRIPE_CREDS: '{"a":"b"}', DESTINATION_BIGQUERY_CREDS: '{"c":"d"}' };
    expect(run(['--connector', 'destination-bigquery'], env)).toBe(0);
    expect(existsSync(secretsOf('source-stripe'))).toBe(false);
    expect(existsSync(secretsOf('destination-bigquery'))).toBe(true);
    expect(run(['--connector', 'source-nope'], env)).toBe(1);
    expect(err.join('\n')).toMatch(/there is no connector source-nope in airbyte-integrations\/connectors/);
  });

  it('warns, by name only, about a _CREDS variable that names no connector, and says when there is nothing to write', () => {
    expect(run([], { SOURCE_RETIRED_CREDS: '{"k":"canary-retired"}' })).toBe(0);
    expect(err).toEqual(['nx-airbyte-write-secrets: warning: SOURCE_RETIRED_CREDS names no connector in airbyte-integrations/connectors; nothing written for it']);
    expect(out).toEqual(['nx-airbyte-write-secrets: no connector secrets in the environment (SOURCE_<NAME>_CREDS, DESTINATION_<NAME>_CREDS)']);
    expect(printed()).not.toContain('canary-retired');
  });

  it('takes connectorsDir from the plugin options in nx.json, and prints usage for a bad option', () => {
    mkdirSync(path.join(workspace, 'connectors/source-x'), { recursive: true });
    writeFileSync(path.join(workspace, 'connectors/source-x/Dockerfile'), 'FROM x\n');
    writeFileSync(path.join(workspace, 'nx.json'), JSON.stringify({ plugins: [{ plugin: '@nx-airbyte/nx-plugin', options: { connectorsDir: 'connectors' } }] }));
    expect(run([], { SOURCE_X_CREDS: '{}' })).toBe(0);
    expect(out[0]).toBe('wrote connectors/source-x/secrets/config.json');
    expect(run(['--bogus'], {})).toBe(2);
    expect(err[0]).toMatch(/Unknown option '--bogus'/);
  });
});
