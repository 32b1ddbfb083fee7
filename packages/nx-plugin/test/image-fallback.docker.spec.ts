import { createDockerClient, findImage, findImagesByLabel, removeImage, tagImage, type DockerClient } from '@nx-airbyte/docker';
import { TEST_RUN_LABEL, writePublishFixture, type PublishFixture } from './support/publish-fixture';
import { TempWorkspace } from './support/temp-workspace';

// End to end with the real nx and engine: build is a hit of the Nx cache (it restores image.json, never
// the image), and the image is gone, as on a machine that never built it. integrationTest builds it
// again, saying why; when that build fails too, its error says that the image image.json names was missing.
const runId = `fallback-${Date.now().toString(36)}`;
/** The connector's FROM: a tag of the local Debian of this test only, so the test can take it away. */
const BASE = `nx-airbyte-test/fallback-base:${runId}`;
let client: DockerClient;
let workspace: TempWorkspace;
let fixture: PublishFixture;

beforeAll(async () => {
  client = createDockerClient();
  await tagImage(client, 'debian:bookworm-slim', BASE);
  workspace = TempWorkspace.create('nx-airbyte-image-fallback-', { git: false });
  fixture = writePublishFixture(workspace.root, runId, 'source-fallback');
  workspace.write(`${fixture.projectRoot}/Dockerfile`, workspace.read(`${fixture.projectRoot}/Dockerfile`).replace('FROM debian:bookworm-slim', `FROM ${BASE}`));
  workspace.write(`${fixture.projectRoot}/integration_tests/config.json`, '{"region":"eu"}');
  workspace.write(`${fixture.projectRoot}/acceptance-test-config.yml`, `connector_image: ${fixture.imageName}:dev\nacceptance_tests:\n  spec:\n    tests:\n      - config_path: integration_tests/config.json\n`);
  workspace.nxOk(['run', `${fixture.projectName}:build`, '--outputStyle=static']);
}, 180_000);

afterAll(async () => {
  for (let pass = 0; pass < 3; pass++) {
    for (const image of await findImagesByLabel(client, TEST_RUN_LABEL, runId)) await removeImage(client, image.id, { force: true }).catch(() => false);
  }
  await removeImage(client, BASE).catch(() => undefined);
  workspace?.remove();
});

describe('integrationTest when image.json (restored by a build cache hit) names an image the engine does not have', () => {
  it('builds the image again, says so, and runs the suite', async () => {
    await removeImage(client, `${fixture.imageName}:dev`, { force: true });
    const result = workspace.nx(['run', `${fixture.projectName}:integrationTest`, '--outputStyle=static']);
    expect(result.output).toMatch(new RegExp(`nx run ${fixture.projectName}:build\\s+\\[(local cache|existing outputs match the cache, left as is)\\]`));
    expect(result.output).toContain(`${fixture.imageName}:dev: not in the local Docker store; building it again`);
    expect(result.status).toBe(0);
    expect(await findImage(client, `${fixture.imageName}:dev`)).toBeDefined();
  }, 180_000);

  it('fails with a message that names the missing image before the build error when the rebuild fails', async () => {
    await removeImage(client, `${fixture.imageName}:dev`, { force: true });
    await removeImage(client, BASE); // the FROM can no longer be resolved: no registry is reachable
    const result = workspace.nx(['run', `${fixture.projectName}:integrationTest`, '--excludeTaskDependencies', '--skip-nx-cache', '--outputStyle=static']);
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(
      new RegExp(`${fixture.imageName}:dev: dist/${fixture.projectRoot}/image\\.json names image [0-9a-f]{12} \\(from build, perhaps restored from the Nx cache\\), which is not in the local Docker store; building it again failed: .*${BASE.split(':')[0]}`),
    );
  }, 180_000);
});
