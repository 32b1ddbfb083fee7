import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadAcceptanceConfig } from '../src/config/load';

// The destination examples of docs/acceptance-config.md load as written, and with every commented-out
// option uncommented: what a reader copies from the page works.
const REPOSITORY_ROOT = path.join(__dirname, '../../..');
const DOC = readFileSync(path.join(REPOSITORY_ROOT, 'docs/acceptance-config.md'), 'utf8');
const CONNECTORS = path.join(REPOSITORY_ROOT, 'airbyte-integrations/connectors');

let scratch: string;
beforeAll(() => (scratch = mkdtempSync(path.join(tmpdir(), 'nx-airbyte-doc-examples-'))));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The yaml block of the page whose first line is `firstLine`. */
function yamlBlock(firstLine: string): string {
  const block = DOC.split('```yaml\n').slice(1).map((part) => part.split('```')[0]).find((text) => text.startsWith(firstLine));
  if (!block) throw new Error(`docs/acceptance-config.md has no yaml block starting with ${firstLine}`);
  return block;
}

/** Loads `yaml` from a directory of its own, with its files found in the example connector's directory. */
async function load(yaml: string, connector: string) {
  const directory = mkdtempSync(path.join(scratch, 'config-'));
  writeFileSync(path.join(directory, 'acceptance-test-config.yml'), `base_path: ${path.join(CONNECTORS, connector)}\n${yaml}`);
  return loadAcceptanceConfig(directory);
}

const uncommented = (yaml: string) => yaml.replace(/^(\s*)# (\w+: )/gm, '$1$2');

describe('the destination examples of docs/acceptance-config.md', () => {
  const sqlite = yamlBlock('connector_image: airbyte/destination-sqlite:dev');

  it('the sqlite example loads as written, with the command read-back in the image under test', async () => {
    const config = await load(sqlite, 'destination-sqlite');
    expect(config.acceptanceTests.destination?.tests[0].readBack).toMatchObject({ kind: 'command', command: ['python3', '/data/read_back.py'] });
    expect(config.acceptanceTests.destination?.tests[0].readBack).not.toHaveProperty('image');
  });

  it('the sqlite example loads with every commented option uncommented, read_back.image under read_back', async () => {
    expect(uncommented(sqlite)).toMatch(/^ {10}image: airbyte\/destination-sqlite:dev/m);
    const entry = (await load(uncommented(sqlite), 'destination-sqlite')).acceptanceTests.destination?.tests[0];
    expect(entry).toMatchObject({ readBack: { kind: 'command', image: 'airbyte/destination-sqlite:dev' }, supportsNamespaces: true, dataSets: ['exchange_rates', 'edge_cases'], maxRecordValueLength: 1000000, timeoutSeconds: 300 });
  });

  it('the local-json example loads under a connector_image and acceptance_tests', async () => {
    const config = await load(`connector_image: airbyte/destination-local-json:dev\nacceptance_tests:\n${yamlBlock('  destination:')}`, 'destination-local-json');
    expect(config.acceptanceTests.destination?.tests[0].readBack).toMatchObject({ kind: 'local_files', pattern: 'json_data/{namespace}/_airbyte_raw_{stream}.jsonl' });
  });
});
