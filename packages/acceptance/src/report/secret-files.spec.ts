import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { MASK, SecretMasker } from './secret-masker';
import { MIN_SECRET_NUMBER_LENGTH, readConnectorSecretValues, readSecretFiles } from './secret-files';

let connector: string;
const secrets = () => path.join(connector, 'secrets');

function write(relativePath: string, text: string): void {
  mkdirSync(path.dirname(path.join(secrets(), relativePath)), { recursive: true });
  writeFileSync(path.join(secrets(), relativePath), text);
}

beforeEach(() => {
  connector = mkdtempSync(path.join(tmpdir(), 'nx-airbyte-secret-files-'));
});

afterEach(() => {
  rmSync(connector, { recursive: true, force: true });
});

describe('readSecretFiles', () => {
  it(`gives every string of every JSON file at any depth, and numbers of ${MIN_SECRET_NUMBER_LENGTH} digits or more, but neither keys, short numbers nor booleans`, () => {
    write('config.json', JSON.stringify({ api_key: 'canary-key-1234', start_date: '2024-01-01', port: 5432, account_id: 918273645, ssl: true, nested: { list: ['canary-list-item'] } }));
    write('updated_configurations/config_oauth.json', JSON.stringify({ refresh_token: 'canary-refresh' }));
    expect(readSecretFiles(secrets())).toEqual({
      files: ['config.json', 'updated_configurations/config_oauth.json'],
      values: ['canary-key-1234', '2024-01-01', '918273645', 'canary-list-item', 'canary-refresh'],
    });
  });

  it('gives each value of a YAML file, not only its whole text', () => {
    write('config.yaml', 'credentials:\n  api_key: canary-yaml-key\n  pin: 48151623\n  port: 443\nhosts:\n  - canary-host.internal\nssl: true\n');
    expect(readSecretFiles(secrets()).values).toEqual(['canary-yaml-key', '48151623', 'canary-host.internal']);
  });

  it('gives the value of each key=value line of an .env or .ini file, quotes removed, besides the whole text', () => {
    write('.env', '# the account\nAPI_TOKEN="canary-env-token"\nexport PASSWORD=canary-env-pass\n');
    write('db.ini', '[database]\npassword = canary-ini-pass\n; a comment\n');
    expect(readSecretFiles(secrets()).values).toEqual([
      '# the account\nAPI_TOKEN="canary-env-token"\nexport PASSWORD=canary-env-pass',
      'canary-env-token',
      'canary-env-pass',
      '[database]\npassword = canary-ini-pass\n; a comment',
      'canary-ini-pass',
    ]);
    const masker = new SecretMasker(readSecretFiles(secrets()).values);
    expect(masker.mask('token canary-env-token, line password = canary-ini-pass')).toBe(`token ${MASK}, line ${MASK}`);
  });

  it('gives the whole text of a file that is not JSON (a key file)', () => {
    write('service_account.pem', '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkq\n-----END PRIVATE KEY-----\n');
    expect(readSecretFiles(secrets()).values).toEqual(['-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkq\n-----END PRIVATE KEY-----']);
  });

  it('leaves out the folder README, the expected spec and symlinks', () => {
    write('README.md', '# secrets/ of source-x\nPut credentials here.\n');
    write('spec.json', JSON.stringify({ connectionSpecification: { type: 'object' } }));
    write('config.json', JSON.stringify({ token: 'canary-token' }));
    symlinkSync('/etc/hostname', path.join(secrets(), 'linked.json'));
    expect(readSecretFiles(secrets())).toEqual({ files: ['config.json'], values: ['canary-token'] });
  });

  it('gives nothing when there is no secrets folder', () => {
    expect(readSecretFiles(secrets())).toEqual({ files: [], values: [] });
  });
});

describe('readConnectorSecretValues', () => {
  it('reads <folder>/secrets of each folder once', () => {
    write('config.json', JSON.stringify({ token: 'canary-token' }));
    expect(readConnectorSecretValues([connector, connector, path.join(connector, 'elsewhere')])).toEqual(['canary-token']);
  });
});
