// `npm run expected` rewrites integration_tests/spec.json and integration_tests/expected_records.jsonl
// from the bundle in dist/ (run `npm run build` first). Run it after a deliberate change to the spec
// or to the generated data; unit_tests/bundle.spec.ts fails until the files match the connector again.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const inputs = join(root, 'integration_tests');
const bundle = join(root, 'dist', 'main.js');
// emitted_at is never compared; a fixed value keeps the file stable.
const EMITTED_AT = Date.UTC(2024, 0, 1);

function messages(...args) {
  const stdout = execFileSync(process.execPath, [bundle, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line));
}

const [spec] = messages('spec').filter((message) => message.type === 'SPEC');
writeFileSync(join(inputs, 'spec.json'), JSON.stringify(spec.spec, null, 2) + '\n');

// basic_read at strictness high reads the discovered catalog in full refresh: so do we.
const catalog = JSON.parse(readFileSync(join(inputs, 'configured_catalog.json'), 'utf8'));
for (const entry of catalog.streams) entry.sync_mode = 'full_refresh';
const work = mkdtempSync(join(tmpdir(), 'source-sample-orders-'));
try {
  const catalogFile = join(work, 'catalog.json');
  writeFileSync(catalogFile, JSON.stringify(catalog));
  const records = messages('read', '--config', join(inputs, 'sample_config.json'), '--catalog', catalogFile)
    .filter((message) => message.type === 'RECORD')
    .map(({ record }) => JSON.stringify({ stream: record.stream, data: record.data, emitted_at: EMITTED_AT }));
  writeFileSync(join(inputs, 'expected_records.jsonl'), records.join('\n') + '\n');
  console.log(`integration_tests/spec.json, integration_tests/expected_records.jsonl (${records.length} records)`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
