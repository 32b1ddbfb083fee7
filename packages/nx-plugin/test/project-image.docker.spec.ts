import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createDockerClient, findImage, ImageCache, parseRegistryAddress, removeImage, tagImage, type DockerClient } from '@nx-airbyte/docker';
import { removeTestImages, startTestRun, type TestRun } from '../../docker/test/support/docker-test-kit';
import { startLocalRegistry, type LocalRegistry } from '../../docker/test/support/local-registry';
import { buildProjectImage, ensureProjectImage, ImageRebuildError } from '../src/image/project-image';

// What integrationTest and publish do before they start (ensureProjectImage), against the real engine:
// image.json names an image that is not in the local store, as after an Nx cache hit on a machine that
// never built it, or after `docker rmi`. Then the image cache, else a rebuild; a failed rebuild says why.
const PROJECT_ROOT = 'airbyte-integrations/connectors/source-image';
let client: DockerClient;
let run: TestRun;
let workspaceRoot: string;
/** A tag of the local debian:bookworm-slim of this run only: removing it makes the connector's FROM unresolvable (no registry is reachable). */
let baseImage: string;
let connectorImage: string;

beforeAll(async () => {
  client = createDockerClient();
  run = startTestRun('project-image');
  baseImage = run.imageTag('project-image-base');
  connectorImage = `nx-airbyte-test/source-image-${run.runId}`;
});

beforeEach(async () => {
  workspaceRoot = mkdtempSync(path.join(tmpdir(), 'nx-airbyte-project-image-'));
  mkdirSync(path.join(workspaceRoot, PROJECT_ROOT), { recursive: true });
  writeFileSync(
    path.join(workspaceRoot, PROJECT_ROOT, 'Dockerfile'),
    `FROM ${baseImage}\nRUN echo built > /built.txt\nLABEL io.airbyte.name=${connectorImage} io.airbyte.version=0.1.0 ${Object.entries(run.labels).map(([key, value]) => `${key}=${value}`).join(' ')}\n`,
  );
  await tagImage(client, 'debian:bookworm-slim', baseImage);
});

afterEach(async () => {
  await removeTestImages(client, run);
  await removeImage(client, baseImage).catch(() => undefined);
  rmSync(workspaceRoot, { recursive: true, force: true });
});

const options = (extra: { imageCache?: ImageCache } = {}) => ({ workspaceRoot, projectRoot: PROJECT_ROOT, projectName: 'source-image', client, ...extra });

/** Builds the connector (writing image.json), then removes its image from the local store. */
async function builtThenRemoved(extra: { imageCache?: ImageCache } = {}) {
  const built = await buildProjectImage(options(extra), () => undefined);
  await removeImage(client, built.image, { force: true });
  expect(await findImage(client, built.image)).toBeUndefined();
  return built;
}

describe('ensureProjectImage when image.json names an image the local store does not have', () => {
  it('builds it again, saying so, and the image is back with the same input hash', async () => {
    const built = await builtThenRemoved();
    const lines: string[] = [];
    const ensured = await ensureProjectImage(options(), (line) => lines.push(line));
    expect(lines).toContain(`${built.image}: not in the local Docker store; building it again`);
    expect(lines.some((line) => /built image [0-9a-f]{12} in/.test(line))).toBe(true);
    expect(ensured.inputHash).toBe(built.inputHash);
    expect((await findImage(client, ensured.image))?.id).toBe(ensured.imageId);
  });

  it('says that the image image.json names was missing when building it again fails', async () => {
    const built = await builtThenRemoved();
    await removeImage(client, baseImage); // the FROM can no longer be resolved
    const failure = ensureProjectImage(options(), () => undefined);
    await expect(failure).rejects.toBeInstanceOf(ImageRebuildError);
    await expect(failure).rejects.toThrow(
      `${built.image}: dist/${PROJECT_ROOT}/image.json names image ${built.imageId.replace('sha256:', '').slice(0, 12)} (from build, perhaps restored from the Nx cache), which is not in the local Docker store; building it again failed: `,
    );
    // the build's own error follows, naming the base image it could not get
    await expect(failure).rejects.toThrow(new RegExp(baseImage.split(':')[0]));
  });

  describe('with an image cache (a registry of the test on 127.0.0.1)', () => {
    let registry: LocalRegistry;
    beforeAll(async () => {
      registry = await startLocalRegistry();
    }, 60_000);
    afterAll(() => registry?.stop());

    it('pulls the image from the cache instead of building it', async () => {
      const imageCache = () => new ImageCache(client, parseRegistryAddress(`${registry.address}/cache`));
      const built = await builtThenRemoved({ imageCache: imageCache() });
      const lines: string[] = [];
      const ensured = await ensureProjectImage(options({ imageCache: imageCache() }), (line) => lines.push(line));
      expect(lines).toContain(`${built.image}: not in the local Docker store; pulled image ${built.imageId.replace('sha256:', '').slice(0, 12)} from the image cache ${registry.address}/cache (no Docker build)`);
      expect(lines.join('\n')).not.toMatch(/building it again|built image/);
      expect((await findImage(client, built.image))?.id).toBe(built.imageId);
      expect(ensured).toEqual(built);
    });
  });
});
