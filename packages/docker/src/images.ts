import { assertClient, callEngine, engineStatusCode, ensureEngineReachable, toEngineError, type DockerClient } from './engine-client';
import { InvalidOptionError } from './errors';

export interface ImageInfo {
  /** `sha256:...` */
  id: string;
  /** `repository:tag` names that point at the image. */
  tags: string[];
  labels: Record<string, string>;
  created: Date;
  sizeBytes: number;
  /** The image's ENTRYPOINT (exec form); undefined when it has none, or when listed rather than inspected. */
  entrypoint?: string[];
  /** The image's environment, `NAME=value` entries as the engine reports them; only from findImage. */
  env?: string[];
  /**
   * The image this one was built on, only from findImage. The engine's classic builder sets it for every
   * image it builds; a pulled or loaded image has none, so it tells an image built here from one that came
   * from a registry.
   */
  parent?: string;
}

export interface ImageReference {
  repository: string;
  tag?: string;
  digest?: string;
}

/** Splits `registry:5000/repo/name:tag@sha256:...` into repository, tag and digest. */
export function splitImageReference(reference: string): ImageReference {
  assertImageReference(reference, 'splitImageReference', 'reference');
  const at = reference.indexOf('@');
  const name = at === -1 ? reference : reference.slice(0, at);
  const digest = at === -1 ? undefined : reference.slice(at + 1);
  const colon = name.lastIndexOf(':');
  const hasTag = colon > name.lastIndexOf('/');
  return {
    repository: hasTag ? name.slice(0, colon) : name,
    ...(hasTag ? { tag: name.slice(colon + 1) } : {}),
    ...(digest !== undefined ? { digest } : {}),
  };
}

export function assertImageReference(reference: unknown, functionName: string, option: string): asserts reference is string {
  if (typeof reference !== 'string' || reference.trim() === '' || /\s/.test(reference)) {
    throw new InvalidOptionError(functionName, option, `must be an image reference like airbyte/source-x:dev, got ${JSON.stringify(reference)}`);
  }
}

/** Looks an image up by name, tag or id. Undefined when the engine does not have it. */
// Each of these pings the engine first (once per client): a request to an engine that accepts connections
// and never answers would otherwise wait for ever, as `nx run x:build` did before building.
export async function findImage(client: DockerClient, reference: string): Promise<ImageInfo | undefined> {
  assertClient(client, 'findImage');
  await ensureEngineReachable(client);
  assertImageReference(reference, 'findImage', 'reference');
  try {
    const inspected = await client.api.getImage(reference).inspect();
    return {
      id: inspected.Id,
      tags: (inspected.RepoTags ?? []).filter((tag) => tag !== '<none>:<none>'),
      labels: inspected.Config?.Labels ?? {},
      created: new Date(inspected.Created),
      sizeBytes: inspected.Size,
      ...(inspected.Config?.Entrypoint ? { entrypoint: toArray(inspected.Config.Entrypoint) } : {}),
      env: inspected.Config?.Env ?? [],
      ...(inspected.Parent ? { parent: inspected.Parent } : {}),
    };
  } catch (error) {
    if (engineStatusCode(error) === 404) return undefined;
    throw toEngineError(client, `looking up image ${reference}`, error);
  }
}

/** Every local image whose label `key` is `value` (or, without a value, that has the label at all). */
export async function findImagesByLabel(client: DockerClient, key: string, value?: string): Promise<ImageInfo[]> {
  assertClient(client, 'findImagesByLabel');
  await ensureEngineReachable(client);
  if (typeof key !== 'string' || key === '' || key.includes('=')) throw new InvalidOptionError('findImagesByLabel', 'key', 'must be a label name like io.nx-airbyte.context-hash');
  if (value !== undefined && typeof value !== 'string') throw new InvalidOptionError('findImagesByLabel', 'value', 'must be a string when given');
  const filter = value === undefined ? key : `${key}=${value}`;
  const images = await callEngine(client, `listing images labelled ${filter}`, () => client.api.listImages({ filters: { label: [filter] } }));
  return images.map((image) => ({
    id: image.Id,
    tags: (image.RepoTags ?? []).filter((tag) => tag !== '<none>:<none>'),
    labels: image.Labels ?? {},
    created: new Date(image.Created * 1000),
    sizeBytes: image.Size,
  }));
}

/** Gives the image `source` the extra name `target` (`repository[:tag]`, tag defaults to latest). */
export async function tagImage(client: DockerClient, source: string, target: string): Promise<void> {
  assertClient(client, 'tagImage');
  await ensureEngineReachable(client);
  assertImageReference(source, 'tagImage', 'source');
  assertImageReference(target, 'tagImage', 'target');
  const { repository, tag, digest } = splitImageReference(target);
  if (digest !== undefined) throw new InvalidOptionError('tagImage', 'target', `cannot contain a digest (${target}); use repository:tag`);
  await callEngine(client, `tagging ${source} as ${target}`, () => client.api.getImage(source).tag({ repo: repository, tag: tag ?? 'latest' }));
}

export interface RemoveImageOptions {
  /** Also remove when containers use it or when it has several tags. Default: false. */
  force?: boolean;
}

/**
 * Removes an image (by id) or one of its tags (by name). Resolves true when something was removed,
 * false when there was no such image.
 */
export async function removeImage(client: DockerClient, reference: string, options: RemoveImageOptions = {}): Promise<boolean> {
  assertClient(client, 'removeImage');
  await ensureEngineReachable(client);
  assertImageReference(reference, 'removeImage', 'reference');
  try {
    await client.api.getImage(reference).remove({ force: options.force ?? false });
    return true;
  } catch (error) {
    if (engineStatusCode(error) === 404) return false;
    throw toEngineError(client, `removing image ${reference}`, error);
  }
}

function toArray(value: string | string[]): string[] {
  return Array.isArray(value) ? value : [value];
}
