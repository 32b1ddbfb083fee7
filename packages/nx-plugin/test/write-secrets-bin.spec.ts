import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { REPOSITORY_ROOT } from './support/temp-workspace';

// The installed command, as CI runs it: `npx nx-airbyte-write-secrets` (node_modules/.bin, linked by npm ci).
const BIN = path.join(REPOSITORY_ROOT, 'node_modules/.bin/nx-airbyte-write-secrets');

describe('the nx-airbyte-write-secrets command', () => {
  it('writes secrets/config.json with mode 0600 and prints only its name', () => {
    const workspace = mkdtempSync(path.join(tmpdir(), 'nx-airbyte-write-secrets-bin-'));
    try {
      mkdirSync(path.join(workspace, 'airbyte-integrations/connectors/source-faker'), { recursive: true });
      writeFileSync(path.join(workspace, 'airbyte-integrations/connectors/source-faker/Dockerfile'), 'FROM x\n');
      const result = spawnSync(BIN, [], { cwd: workspace, encoding: 'utf8', env: { PATH: process.env['PATH'], SOURCE_FAKER_CREDS: '{"seed":"canary-seed-value"}' } });
      expect(result.status).toBe(0);
      expect(result.stdout).toBe('wrote airbyte-integrations/connectors/source-faker/secrets/config.json\nnx-airbyte-write-secrets: 1 file(s) for 1 connector(s), mode 0600\n');
      expect(`${result.stdout}${result.stderr}`).not.toContain('canary-seed-value');
      expect(statSync(path.join(workspace, 'airbyte-integrations/connectors/source-faker/secrets/config.json')).mode & 0o777).toBe(0o600);
    } finally {
      rmSync(workspace, { recursive: true, force: true });
    }
  });
});
