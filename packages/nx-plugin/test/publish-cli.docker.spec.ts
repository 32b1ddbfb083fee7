import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { createDockerClient, findImagesByLabel, findManifestDigest, listTags, parseRegistryAddress, removeImage } from '@nx-airbyte/docker';
import { startLocalRegistry, type LocalRegistry } from '../../docker/test/support/local-registry';
import { SPEC_CACHE_FILE, TEST_RUN_LABEL, writePublishFixture } from './support/publish-fixture';
import { TempWorkspace } from './support/temp-workspace';

// As people type it: `nx run <connector>:publish` with the real nx binary in a temp workspace, after
// build and integrationTest, to a registry of the test's own; and integrationTest masking every value
// of a connector's secrets/ files in all it prints and writes.
const client = createDockerClient();
const runId = `publish-cli-${Date.now().toString(36)}`;
const CANARY_SECRET = 'canary-api-key-3b9f1e7d';
const CANARY_VALUE = 'canary-region-8c2a6d04';
let workspace: TempWorkspace;
let registry: LocalRegistry;
let publishImage: string;

/** The failed tests with their reasons, and the end of the output: what to read when a run fails. */
function failureDetails(output: string): string {
  const failed = output.split('\n').filter((line, index, lines) => /FAILED|^\s+- |error:/.test(line) || /FAILED/.test(lines[index - 1] ?? ''));
  return `${failed.join('\n')}\n...\n${output.slice(-1500)}`;
}

const ACCEPTANCE = (image: string, config: string, status: 'succeed' | 'failed') =>
  `connector_image: ${image}:dev\nacceptance_tests:\n  spec:\n    tests:\n      - config_path: ${config}\n  connection:\n    tests:\n      - config_path: ${config}\n        status: ${status}\n`;

beforeAll(async () => {
  workspace = TempWorkspace.create('nx-airbyte-publish-cli-', { git: false });
  const fixture = writePublishFixture(workspace.root, runId);
  publishImage = fixture.imageName;
  workspace.write(`${fixture.projectRoot}/integration_tests/config.json`, '{"api_key": "not-a-real-key"}\n');
  workspace.write(`${fixture.projectRoot}/acceptance-test-config.yml`, ACCEPTANCE(fixture.imageName, 'integration_tests/config.json', 'succeed'));

  // a connector whose check prints its whole config, on stdout and stderr, and fails
  const canary = 'airbyte-integrations/connectors/source-canary';
  workspace.write(`${canary}/Dockerfile`, `FROM debian:bookworm-slim\nCOPY connector.sh /connector.sh\nENV AIRBYTE_ENTRYPOINT="/bin/sh /connector.sh"\nENTRYPOINT ["/bin/sh", "/connector.sh"]\nLABEL ${TEST_RUN_LABEL}=${runId}\nLABEL io.airbyte.name=nx-airbyte-test/source-canary-${runId} io.airbyte.version=0.1.0\n`);
  workspace.write(
    `${canary}/connector.sh`,
    `#!/bin/sh\ncase "$1" in\n  spec) echo '{"type":"SPEC","spec":{"connectionSpecification":{"type":"object","properties":{"api_key":{"type":"string","airbyte_secret":true},"region":{"type":"string"}}}}}' ;;\n  check) config=$(tr -d '"\\n' < /data/tap_config.json); echo "config: $config" >&2; printf '{"type":"CONNECTION_STATUS","connectionStatus":{"status":"FAILED","message":"refused %s"}}\\n' "$config" ;;\nesac\n`,
  );
  workspace.write(`${canary}/secrets/config.json`, JSON.stringify({ api_key: CANARY_SECRET, region: CANARY_VALUE }));
  workspace.write(`${canary}/acceptance-test-config.yml`, ACCEPTANCE(`nx-airbyte-test/source-canary-${runId}`, 'secrets/config.json', 'succeed'));
  registry = await startLocalRegistry();
}, 180_000);

afterAll(async () => {
  for (let pass = 0; pass < 3; pass++) {
    for (const image of await findImagesByLabel(client, TEST_RUN_LABEL, runId)) await removeImage(client, image.id, { force: true }).catch(() => false);
  }
  await registry?.stop();
  workspace?.remove();
});

describe('nx run <connector>:publish', () => {
  it('is an inferred target with a description, after build and integrationTest', () => {
    const project = JSON.parse(workspace.nx(['show', 'project', 'source-publish-fixture', '--json']).output) as { targets: Record<string, { dependsOn?: string[]; cache?: boolean; metadata?: { description?: string } }> };
    expect(project.targets['publish']).toMatchObject({ dependsOn: ['build', 'integrationTest'], cache: false });
    expect(project.targets['publish'].metadata?.description).toMatch(/^Publish the image of source-publish-fixture/);
  });

  it('with --dry-run builds, tests and shows every step, and pushes nothing', () => {
    const { status, output } = workspace.nx(['run', 'source-publish-fixture:publish', `--registry=${registry.address}`, '--dry-run', '--outputStyle=static']);
    if (status !== 0) throw new Error(failureDetails(output));
    expect(output).toMatch(/\d+ passed, 0 failed/);
    expect(output).toContain(`[5/9] would push ${registry.address}/${publishImage}:0.1.0`);
    expect(output).toContain('nothing was tagged, pushed or written');
  }, 240_000);

  it('publishes, with the registry from NX_AIRBYTE_REGISTRY', async () => {
    expect(await listTags(parseRegistryAddress(registry.address), publishImage)).toEqual([]);
    const { status, output } = workspace.nx(['run', 'source-publish-fixture:publish', '--outputStyle=static'], { NX_AIRBYTE_REGISTRY: registry.address });
    if (status !== 0) throw new Error(failureDetails(output));
    expect(output).toContain(`Published ${publishImage}:0.1.0 as ${registry.address}/${publishImage}:0.1.0 and ${registry.address}/${publishImage}:latest`);
    expect(await findManifestDigest(parseRegistryAddress(registry.address), publishImage, '0.1.0')).toMatch(/^sha256:/);
    expect(workspace.read(SPEC_CACHE_FILE)).toContain(`- dockerImage: "${publishImage}:0.1.0"`);
  }, 240_000);

  it('refuses the same version again, exits non-zero, one message and no stack', () => {
    const { status, output } = workspace.nx(['run', 'source-publish-fixture:publish', `--registry=${registry.address}`, '--outputStyle=static']);
    expect(status).not.toBe(0);
    expect(output).toContain(`error: ${registry.address}/${publishImage}:0.1.0 already exists in the registry`);
    expect(output).not.toMatch(/\n\s+at .*\.js:\d+/);
  }, 240_000);
});

describe('nx run <connector>:integrationTest with secrets/', () => {
  it('masks every value of secrets/config.json, and the airbyte_secret field, in its output and reports', () => {
    const { status, output } = workspace.nx(['run', 'source-canary:integrationTest', '--outputStyle=static']);
    expect(status).not.toBe(0); // check fails on purpose, and prints its config
    expect(output).toMatch(/FAILED {2}connection test_check/);
    expect(output).toContain('**********');
    const reportsDir = path.join(workspace.root, 'dist/airbyte-integrations/connectors/source-canary/acceptance');
    const reports = readdirSync(reportsDir).map((file) => readFileSync(path.join(reportsDir, file), 'utf8'));
    expect(reports.join('\n')).toContain('**********');
    for (const text of [output, ...reports]) {
      expect(text).not.toContain(CANARY_SECRET);
      expect(text).not.toContain(CANARY_VALUE);
    }
    // the secret field printed by the connector is a leak; the other value is masked but is no leak
    expect(output).toMatch(/FAILED {2}spec test_secret_never_in_the_output/);
    expect(existsSync(path.join(workspace.root, '.nx/cache'))).toBe(true);
  }, 240_000);
});
