import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { JsonValue } from '@nx-airbyte/protocol';
import { EXCHANGE_RATE_STREAM } from './data-sets';
import { LocalFilesReader } from './read-back';

let local: string;
beforeEach(() => {
  local = mkdtempSync(path.join(tmpdir(), 'read-back-'));
});
afterEach(() => rmSync(local, { recursive: true, force: true }));

async function read(pattern: string, namespace?: string) {
  const rows: Array<[JsonValue, string]> = [];
  const problems: string[] = [];
  const failures = await new LocalFilesReader(local, pattern).read(
    { stream: { ...EXCHANGE_RATE_STREAM, ...(namespace ? { namespace } : {}) }, destinationSyncMode: 'append', test: 't' },
    (row, where) => rows.push([row, where]),
    (problem) => problems.push(problem),
  );
  return { rows, problems, failures: failures.map((failure) => failure.message) };
}

function write(relative: string, text: string): void {
  mkdirSync(path.dirname(path.join(local, relative)), { recursive: true });
  writeFileSync(path.join(local, relative), text);
}

describe('LocalFilesReader (read_back.local_files)', () => {
  it('reads a stream\'s JSON lines, saying where each row is; {namespace} and its segment vanish without one', async () => {
    write('out/_airbyte_raw_exchange_rate.jsonl', '{"id":1}\n\n{"id":2}');
    expect(await read('out/{namespace}/_airbyte_raw_{stream}.jsonl')).toEqual({
      rows: [
        [{ id: 1 }, '/local/out/_airbyte_raw_exchange_rate.jsonl line 1'],
        [{ id: 2 }, '/local/out/_airbyte_raw_exchange_rate.jsonl line 3'],
      ],
      problems: [],
      failures: [],
    });
  });

  it('reads the namespace\'s own file', async () => {
    write('out/ns/_airbyte_raw_exchange_rate.jsonl', '{"id":3}\n');
    expect((await read('out/{namespace}/_airbyte_raw_{stream}.jsonl', 'ns')).rows).toEqual([[{ id: 3 }, '/local/out/ns/_airbyte_raw_exchange_rate.jsonl line 1']]);
  });

  it('reads every file a * matches, in name order', async () => {
    write('out/exchange_rate-2.jsonl', '{"id":2}\n');
    write('out/exchange_rate-1.jsonl', '{"id":1}\n');
    expect((await read('out/{namespace}/{stream}-*.jsonl')).rows.map(([row]) => row)).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('says where it looked when there is no file', async () => {
    expect((await read('out/{namespace}/{stream}.jsonl')).failures).toEqual(['nothing stored for stream exchange_rate: no file at /local/out/exchange_rate.jsonl (read_back.local_files: out/{namespace}/{stream}.jsonl)']);
  });

  it('reports a line that is not JSON, with file and line', async () => {
    write('out/exchange_rate.jsonl', '{"id":1}\n{"id":\n');
    expect((await read('out/{namespace}/{stream}.jsonl')).problems).toEqual([expect.stringMatching(/^\/local\/out\/exchange_rate\.jsonl line 2 is not JSON/)]);
  });
});
