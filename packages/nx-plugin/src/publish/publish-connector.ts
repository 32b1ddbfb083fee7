import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { writeFileAtomically } from '@nx-airbyte/acceptance';
import {
  createDockerClient,
  createRunId,
  findImage,
  findManifestDigest,
  pullImage,
  pushImage,
  RegistryError,
  registryImageName,
  REGISTRY_ENV,
  REGISTRY_PASSWORD_ENV,
  REGISTRY_USER_ENV,
  removeImage,
  runSpec,
  tagImage,
  verifyPushedManifest,
  AIRBYTE_NAME_LABEL,
  AIRBYTE_VERSION_LABEL,
  type DockerClient,
  type PushedImage,
  type RegistryAddress,
  type RegistryCredentials,
} from '@nx-airbyte/docker';
import type { ConnectorSpecification } from '@nx-airbyte/protocol';
import { ensureProjectImage } from '../image/project-image';
import { assertReleaseConsistent, readConnectorRelease, ReleaseFileError, type ConnectorRelease } from '../release/connector-release';
import { readSpecCache, specCachePath, updateSpecCache } from '../release/spec-cache';
import { diskFiles } from '../release/workspace-files';


export interface PublishConnectorOptions {
  workspaceRoot: string;
  /** The connector folder, relative to the workspace root. */
  projectRoot: string;
  projectName: string;
  /** The folder holding seed/ and config/, relative to the workspace root. */
  definitionsDir: string;
  registry: RegistryAddress;
  credentials?: RegistryCredentials;
  /** Check what can be checked (files, spec, the registry) and say what would be done; tag, push and write nothing. */
  dryRun?: boolean;
  client?: DockerClient;
  /** Every line of the step-by-step report. */
  log: (line: string) => void;
  /** Applied to every line and error before it is logged: the connector's secrets and the registry password. */
  mask?: (text: string) => string;
  /** Labels the spec containers. Default: a fresh id. */
  runId?: string;
  specTimeoutMs?: number;
  transferTimeoutMs?: number;
  /** Called after each step is done (and after each step a dry run reports), with its number and report line. */
  onStep?: (step: number, line: string) => void | Promise<void>;
}

export interface PublishResult {
  /** `<io.airbyte.name>:<version>` */
  image: string;
  version: string;
  dryRun: boolean;
  /** The version and latest pushes; none in a dry run. */
  pushed: PushedImage[];
  /** The spec cache file written (workspace-relative); undefined in a dry run. */
  specCacheFile?: string;
}

/** Publishing stopped. `done` lists what had been done and stays done (pushes); local tags were put back. */
export class PublishError extends Error {
  override readonly name = 'PublishError';

  constructor(
    message: string,
    readonly step: number,
    readonly done: readonly string[],
  ) {
    super(message);
  }
}

const STEPS = [
  'check that the Dockerfile label, the definitions entry and the JSON definition agree',
  'run spec on the local image',
  'check that the version is not in the registry yet',
  'tag the image',
  'push the version',
  'push latest',
  'check the pushed image through the registry API and pull it back',
  'run spec on the pulled image',
  'write the spec cache file',
] as const;

/**
 * Publishes a connector image, in this order: the release files agree and the image was built on this
 * machine → spec on the local image → the version tag is absent from the registry → tag → push
 * <version> → push latest → the registry's manifest names the local image and has every blob, then the
 * digest is pulled back → spec on it (must equal the local one) → the spec cache file. Never replaces a
 * version: an existing tag stops it before anything is pushed. Never pushes an image that came from a
 * registry (the shared image cache, which pull request jobs may write to): it is refused, with what to do.
 * On a failure the local tags are put back, and the error says what stays done, and what the registry
 * holds under <version> and latest, looked up after the failure.
 */
export async function publishConnector(options: PublishConnectorOptions): Promise<PublishResult> {
  const mask = options.mask ?? ((text: string) => text);
  const log = (line: string) => options.log(mask(line));
  const client = options.client ?? createDockerClient();
  const runId = options.runId ?? createRunId('publish');
  const dryRun = options.dryRun ?? false;
  const { registry, credentials } = options;
  const done: string[] = [];
  const undo: Array<() => Promise<string>> = [];
  let target: RegistryTarget | undefined;
  let current = 0;
  const step = async (number: number, line: string) => {
    current = number;
    log(`[${number}/${STEPS.length}] ${line}`);
    await options.onStep?.(number, line);
  };

  try {
    current = 1;
    const release = checkReleaseFiles(options);
    const image = `${release.name}:${release.version}`;
    const remote = registryImageName(registry, release.name);
    log(`Publishing ${image} to ${registry.name}${dryRun ? ' (dry run: nothing is tagged, pushed or written)' : ''}`);
    // never from the image cache: what publish pushes is built here, from the sources
    const metadata = await ensureProjectImage({ workspaceRoot: options.workspaceRoot, projectRoot: options.projectRoot, projectName: options.projectName, client }, (line) => log(`  ${line}`));
    const built = await findImage(client, metadata.image);
    if (built?.labels[AIRBYTE_VERSION_LABEL] !== release.version || built.labels[AIRBYTE_NAME_LABEL] !== release.name) {
      throw new ReleaseFileError(release.dockerfile.path, AIRBYTE_VERSION_LABEL, `the image ${metadata.image} carries ${built?.labels[AIRBYTE_NAME_LABEL]}:${built?.labels[AIRBYTE_VERSION_LABEL]}, not ${image}: run nx run ${options.projectName}:build`);
    }
    if (!built.parent) {
      throw new PublishError(
        `${metadata.image} (image ${shortId(built.id)}) was not built on this machine: it was pulled from a registry (the image cache) or loaded, and publish pushes only images built here from the sources, as an image cache that pull request jobs can write to could hold anything under the right input hash. Remove it (docker image rm -f ${shortId(built.id)}), build it again without the image cache (unset NX_AIRBYTE_IMAGE_CACHE; npx nx run ${options.projectName}:build --skip-nx-cache), then publish. Nothing was pushed.`,
        1,
        done,
      );
    }
    await step(1, `release files agree on ${image}: ${releaseFileList(release).join(', ')}; ${metadata.image} was built here`);

    current = 2;
    const localSpec = await runSpec(client, metadata.image, { runId, mask, timeoutMs: options.specTimeoutMs });
    await step(2, `spec of ${metadata.image}: a valid ConnectorSpecification`);

    current = 3;
    const existing = await findManifestDigest(registry, release.name, release.version, { credentials });
    if (existing) {
      throw new PublishError(
        `${remote}:${release.version} already exists in the registry (${existing}): a published version is never replaced. Nothing was pushed. Bump the version (npx nx g bump-version ${options.projectName} --bump=patch) and publish again.`,
        3,
        done,
      );
    }
    target = { registry, credentials, remote, repository: release.name, version: release.version, latestBefore: await findManifestDigest(registry, release.name, 'latest', { credentials }) };
    await step(3, `${remote}:${release.version} is not in the registry yet`);

    const tags = [...new Set([`${release.name}:${release.version}`, `${release.name}:latest`, `${remote}:${release.version}`, `${remote}:latest`])];
    const specCacheFile = specCachePath(options.definitionsDir, release.connectorType);
    if (dryRun) {
      await step(4, `would tag ${metadata.image} as ${tags.join(', ')}`);
      await step(5, `would push ${remote}:${release.version}`);
      await step(6, `would push ${remote}:latest`);
      await step(7, `would check ${remote}@<pushed digest> through the registry API (config ${shortId(metadata.imageId)}, every blob) and pull it back`);
      await step(8, 'would run spec on the pulled image and compare it with the local one');
      await step(9, `would write the spec of ${image} into ${specCacheFile}`);
      log(`Dry run of ${image}: every check passed; nothing was tagged, pushed or written.`);
      return { image, version: release.version, dryRun, pushed: [] };
    }

    current = 4;
    for (const tag of tags) {
      const before = await findImage(client, tag);
      await tagImage(client, metadata.imageId, tag);
      undo.push(async () => {
        if (before) await tagImage(client, before.id, tag);
        else await removeImage(client, tag);
        return before ? `${tag} points at ${shortId(before.id)} again` : `${tag} removed`;
      });
    }
    await step(4, `tagged ${metadata.image} as ${tags.join(', ')}`);

    const transfer = { credentials, timeoutMs: options.transferTimeoutMs };
    current = 5;
    const version = await pushImage(client, registry, `${remote}:${release.version}`, transfer);
    done.push(`pushed ${version.reference} (${version.digest})`);
    await step(5, `pushed ${version.reference}: ${version.digest}`);

    current = 6;
    const latest = await pushImage(client, registry, `${remote}:latest`, transfer);
    done.push(`pushed ${latest.reference} (${latest.digest})`);
    if (latest.digest !== version.digest) throw new Error(`${latest.reference} got digest ${latest.digest}, but ${version.reference} got ${version.digest}`);
    await step(6, `pushed ${latest.reference}: ${latest.digest}`);

    current = 7;
    const pulledReference = `${remote}@${version.digest}`;
    // the engine has every layer already, so a pull alone would not notice a blob the registry lost or mangled
    const verified = await verifyPushedManifest(registry, release.name, version.digest, metadata.imageId, { credentials });
    const pulled = await pullImage(client, registry, pulledReference, transfer);
    if (pulled.id !== metadata.imageId) throw new Error(`${pulledReference} pulled back as image ${shortId(pulled.id)}, not ${shortId(metadata.imageId)}`);
    await step(7, `${pulledReference} in the registry: config ${shortId(verified.configDigest)} (the local image) and ${verified.layers.length} layer blob(s), all there; pulled back`);

    current = 8;
    const pulledSpec = await runSpec(client, pulledReference, { runId, mask, timeoutMs: options.specTimeoutMs });
    if (!isDeepStrictEqual(pulledSpec, localSpec)) throw new Error(`the spec of ${pulledReference} differs from the spec of ${metadata.image}`);
    await step(8, `spec of ${pulledReference}: the same as the local image's`);

    current = 9;
    await writeSpecCache(options, release, specCacheFile, pulledSpec);
    done.push(`wrote ${specCacheFile}`);
    await step(9, `wrote the spec of ${image} into ${specCacheFile}`);
    log(`Published ${image} as ${remote}:${release.version} and ${remote}:latest (${version.digest}).`);
    return { image, version: release.version, dryRun, pushed: [version, latest], specCacheFile };
  } catch (error) {
    throw await stopped(error, current, done, undo, mask, target);
  }
}

function checkReleaseFiles(options: PublishConnectorOptions): ConnectorRelease {
  const files = diskFiles(options.workspaceRoot);
  const release = readConnectorRelease(files, { projectRoot: options.projectRoot, definitionsDir: options.definitionsDir });
  assertReleaseConsistent(release);
  const specCacheFile = specCachePath(options.definitionsDir, release.connectorType);
  readSpecCache(specCacheFile, files.read(specCacheFile)); // a broken cache file refuses now, not after the push
  return release;
}

function releaseFileList(release: ConnectorRelease): string[] {
  return [release.dockerfile.path, release.seed.path, release.standardDefinition.path, ...(release.metadata ? [release.metadata.path] : [])].map((file) => path.posix.basename(file));
}

async function writeSpecCache(options: PublishConnectorOptions, release: ConnectorRelease, file: string, spec: ConnectorSpecification): Promise<void> {
  const text = diskFiles(options.workspaceRoot).read(file);
  await writeFileAtomically(path.join(options.workspaceRoot, file), updateSpecCache(file, text, release.name, release.version, spec));
}

/** Where publish pushes, and what `latest` named before it pushed: to say afterwards what really changed. */
export interface RegistryTarget {
  registry: RegistryAddress;
  credentials?: RegistryCredentials;
  /** `<registry>/<repository>` */
  remote: string;
  repository: string;
  version: string;
  latestBefore: string | undefined;
}

/** The error that says where publishing stopped, what stays done, what was put back, what was not done and what the registry holds. */
async function stopped(error: unknown, step: number, done: string[], undo: Array<() => Promise<string>>, mask: (text: string) => string, target: RegistryTarget | undefined): Promise<Error> {
  const undone: string[] = [];
  for (const action of undo.reverse()) {
    try {
      undone.push(await action());
    } catch (undoError) {
      undone.push(`could not put a tag back: ${(undoError as Error).message}`);
    }
  }
  if (error instanceof PublishError && undone.length === 0) return new PublishError(mask(error.message), error.step, done);
  const reason = error instanceof Error ? error.message : String(error);
  const lines = [`publish stopped at step ${step}/${STEPS.length} (${STEPS[step - 1]}): ${reason}${hintFor(error)}`];
  if (done.length > 0) lines.push('Done, and still in the registry:', ...done.map((line) => `  - ${line}`));
  if (undone.length > 0) lines.push('Put back:', ...undone.map((line) => `  - local tag ${line}`));
  if (step < STEPS.length) lines.push(`Not done: ${STEPS.slice(step).join('; ')}.`);
  // before step 5 no push was started; from there on a failed or timed-out push may still have landed
  lines.push(...(target && step >= 5 ? await registryStateAfterFailure(target, done.length > 0) : ['Nothing was pushed: the registry and the release files are as they were.']));
  return new PublishError(mask(lines.join('\n')), step, done);
}

const NEVER_REPLACED = 'The release files are unchanged. The version is now in the registry, and publish never replaces a version: check the pushed image, then bump the version, or delete that tag from the registry, and publish again.';

/** What the registry holds under <version> and latest after a failed publish, looked up now, and what to do. */
export async function registryStateAfterFailure(target: RegistryTarget, versionPushed: boolean): Promise<string[]> {
  const { remote, version, latestBefore } = target;
  let versionNow: string | undefined;
  let latestNow: string | undefined;
  try {
    versionNow = await findManifestDigest(target.registry, target.repository, version, { credentials: target.credentials });
    latestNow = await findManifestDigest(target.registry, target.repository, 'latest', { credentials: target.credentials });
  } catch (lookupError) {
    const asked = `The registry could not be asked what it holds now (${(lookupError as Error).message})`;
    return [versionPushed ? `${asked}. ${NEVER_REPLACED}` : `${asked}: a push may have landed. Check ${remote}:${version} and ${remote}:latest before publishing again. The release files are unchanged.`];
  }
  const latestLine = latestNow === latestBefore ? `${remote}:latest is as it was (${latestBefore ?? 'absent'})` : `${remote}:latest changed: ${latestBefore ?? 'absent'} before, ${latestNow ?? 'absent'} now`;
  if (!versionNow && latestNow === latestBefore) {
    return [`Looked up after the failure: ${remote}:${version} is not in the registry and ${latestLine}. Nothing was pushed: the registry and the release files are as they were; publish again.`];
  }
  const versionLine = versionNow ? `${remote}:${version} is in the registry (${versionNow})` : `${remote}:${version} is not in the registry`;
  return [
    `Looked up after the failure: ${versionLine}; ${latestLine}.`,
    versionNow
      ? NEVER_REPLACED
      : `The release files are unchanged. latest no longer names the image it did: point it back (or publish again, which pushes ${version} and latest).`,
  ];
}

function hintFor(error: unknown): string {
  if (!(error instanceof RegistryError)) return '';
  if (/not finished within/.test(error.reason)) return '\nA slow registry or a large image: raise transferTimeoutSeconds.';
  if (error.kind === 'credentials-required') return `\nThe registry needs an account: set ${REGISTRY_USER_ENV} and ${REGISTRY_PASSWORD_ENV} in the environment.`;
  if (error.kind === 'unauthorized') return `\nCheck ${REGISTRY_USER_ENV} and ${REGISTRY_PASSWORD_ENV}.`;
  if (error.kind === 'unreachable') return `\nCheck --registry (or ${REGISTRY_ENV}) and that the registry is running.`;
  return '';
}

function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}
