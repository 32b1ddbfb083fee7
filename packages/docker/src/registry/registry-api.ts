import { createHash } from 'node:crypto';
import { RegistryError } from '../errors';
import { registryRepositoryPath, type RegistryAddress } from './registry-address';

/** A registry account. The password is sent to the registry (or its token service) only, and never printed. */
export interface RegistryCredentials {
  username: string;
  password: string;
}

export interface RegistryRequestOptions {
  credentials?: RegistryCredentials;
  /** Each HTTP request fails after this long. Default: 10 s. */
  timeoutMs?: number;
}

export const DEFAULT_REGISTRY_TIMEOUT_MS = 10_000;

/** Every manifest kind an image tag can point at, so the registry answers for any of them. */
const MANIFEST_TYPES = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
].join(', ');

/** A parsed `WWW-Authenticate` header: `Basic realm="x"` or `Bearer realm="https://auth/token",service="r",scope="..."`. */
export interface AuthChallenge {
  scheme: string;
  params: Record<string, string>;
}

export function parseAuthChallenge(header: string | null): AuthChallenge | undefined {
  if (!header) return undefined;
  const match = /^\s*([A-Za-z]+)\s*(.*)$/.exec(header);
  if (!match) return undefined;
  const params: Record<string, string> = {};
  for (const param of match[2].matchAll(/([A-Za-z_]+)\s*=\s*(?:"([^"]*)"|([^,\s]*))/g)) params[param[1].toLowerCase()] = param[2] ?? param[3];
  return { scheme: match[1].toLowerCase(), params };
}

/**
 * The digest (`sha256:...`) of the manifest `repository:tag` names in the registry, or undefined when
 * the registry has no such tag. One HEAD request (two or three with authentication); nothing is downloaded.
 */
export async function findManifestDigest(registry: RegistryAddress, repository: string, tag: string, options: RegistryRequestOptions = {}): Promise<string | undefined> {
  const path = registryRepositoryPath(registry, repository);
  const action = `looking up ${path}:${tag}`;
  const response = await registryRequest(registry, `/v2/${path}/manifests/${encodeURIComponent(tag)}`, { method: 'HEAD', accept: MANIFEST_TYPES, scope: `repository:${path}:pull`, action }, options);
  if (response.status === 404) return undefined;
  if (response.status !== 200) throw new RegistryError(registry.name, action, 'refused', `HTTP ${response.status} from ${registry.apiUrl}`);
  const digest = response.headers.get('docker-content-digest');
  if (!digest) throw new RegistryError(registry.name, action, 'refused', 'the answer has no Docker-Content-Digest header; is this a registry (HTTP API v2)?');
  return digest;
}

/** The tags of a repository, as the registry lists them; [] when it has none. */
export async function listTags(registry: RegistryAddress, repository: string, options: RegistryRequestOptions = {}): Promise<string[]> {
  const path = registryRepositoryPath(registry, repository);
  const action = `listing the tags of ${path}`;
  const response = await registryRequest(registry, `/v2/${path}/tags/list`, { method: 'GET', accept: 'application/json', scope: `repository:${path}:pull`, action }, options);
  if (response.status === 404) return [];
  if (response.status !== 200) throw new RegistryError(registry.name, action, 'refused', `HTTP ${response.status} from ${registry.apiUrl}`);
  const body = (await response.json().catch(() => ({}))) as { tags?: unknown };
  return Array.isArray(body.tags) ? body.tags.filter((t): t is string => typeof t === 'string') : [];
}

/** What the registry holds for a pushed image, checked blob by blob. */
export interface VerifiedManifest {
  /** The manifest's digest, as asked for and as its bytes hash to. */
  digest: string;
  /** The image config's digest: the image id in the engine that pushed it. */
  configDigest: string;
  /** The layer blobs, each answered by the registry with the size the manifest gives. */
  layers: Array<{ digest: string; size: number }>;
}

/**
 * Checks, through the registry's API alone (never the engine's local layers), that `repository@digest`
 * is a single image manifest whose bytes hash to `digest`, whose config is `expectedConfigDigest` (the
 * local image id), and whose config and layer blobs the registry has, each with the size the manifest
 * says (HEAD requests: nothing is downloaded but the manifest). Throws a RegistryError saying which one is wrong.
 */
export async function verifyPushedManifest(registry: RegistryAddress, repository: string, digest: string, expectedConfigDigest: string, options: RegistryRequestOptions = {}): Promise<VerifiedManifest> {
  const path = registryRepositoryPath(registry, repository);
  const action = `checking ${path}@${digest} in the registry`;
  const refuse = (reason: string) => new RegistryError(registry.name, action, 'refused', reason);
  const response = await registryRequest(registry, `/v2/${path}/manifests/${digest}`, { method: 'GET', accept: MANIFEST_TYPES, scope: `repository:${path}:pull`, action }, options);
  if (response.status === 404) throw refuse('the registry has no such manifest');
  if (response.status !== 200) throw refuse(`HTTP ${response.status} from ${registry.apiUrl}`);
  const bytes = Buffer.from(await response.arrayBuffer());
  const actual = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  if (actual !== digest) throw refuse(`the manifest it serves hashes to ${actual}`);
  let manifest: { config?: { digest?: unknown; size?: unknown }; layers?: Array<{ digest?: unknown; size?: unknown }> };
  try {
    manifest = JSON.parse(bytes.toString('utf8')) as typeof manifest;
  } catch {
    throw refuse('the manifest is not JSON');
  }
  if (typeof manifest.config?.digest !== 'string' || !Array.isArray(manifest.layers)) throw refuse('it is not a single image manifest (no config and layers)');
  if (manifest.config.digest !== expectedConfigDigest) throw refuse(`its config is ${manifest.config.digest}, but the local image is ${expectedConfigDigest}`);
  const blobs = [{ digest: manifest.config.digest, size: manifest.config.size }, ...manifest.layers.map((layer) => ({ digest: layer.digest, size: layer.size }))];
  for (const blob of blobs) {
    if (typeof blob.digest !== 'string' || !/^sha256:[0-9a-f]{64}$/.test(blob.digest) || typeof blob.size !== 'number') throw refuse('a blob of the manifest has no sha256 digest or size');
    const head = await registryRequest(registry, `/v2/${path}/blobs/${blob.digest}`, { method: 'HEAD', accept: '*/*', scope: `repository:${path}:pull`, action }, options);
    if (head.status === 404) throw refuse(`it does not have the blob ${blob.digest}`);
    if (head.status !== 200) throw refuse(`HTTP ${head.status} for the blob ${blob.digest}`);
    const length = head.headers.get('content-length');
    if (length !== null && Number(length) !== blob.size) throw refuse(`the blob ${blob.digest} is ${length} bytes, the manifest says ${blob.size}`);
  }
  return { digest, configDigest: manifest.config.digest, layers: manifest.layers.map((layer) => ({ digest: layer.digest as string, size: layer.size as number })) };
}

/** Checks that the registry answers its API (`GET /v2/`) and accepts the credentials, if it needs any. */
export async function checkRegistryAccess(registry: RegistryAddress, options: RegistryRequestOptions = {}): Promise<void> {
  const action = 'checking access (GET /v2/)';
  const response = await registryRequest(registry, '/v2/', { method: 'GET', accept: 'application/json', action }, options);
  if (response.status !== 200) throw new RegistryError(registry.name, action, 'refused', `HTTP ${response.status} from ${registry.apiUrl}/v2/; is this a registry (HTTP API v2)?`);
}

interface RequestSpec {
  method: 'GET' | 'HEAD';
  accept: string;
  /** The token scope to ask for when the registry answers with a Bearer challenge. */
  scope?: string;
  action: string;
}

/** One API request: anonymous first, then as the registry's challenge asks (Basic, or a Bearer token from its realm). */
async function registryRequest(registry: RegistryAddress, path: string, spec: RequestSpec, options: RegistryRequestOptions): Promise<Response> {
  const url = `${registry.apiUrl}${path}`;
  const first = await send(registry, url, spec, {}, options);
  if (first.status !== 401) return first;
  const challenge = parseAuthChallenge(first.headers.get('www-authenticate'));
  if (!options.credentials && challenge?.scheme !== 'bearer') {
    throw new RegistryError(registry.name, spec.action, 'credentials-required', `${url} answered 401 and no credentials were given`);
  }
  const authorization = await authorizationFor(registry, challenge, spec, options);
  const second = await send(registry, url, spec, { authorization }, options);
  if (second.status === 401 || second.status === 403) {
    const kind = options.credentials ? 'unauthorized' : 'credentials-required';
    throw new RegistryError(registry.name, spec.action, kind, `${url} answered ${second.status}${options.credentials ? ` for user ${JSON.stringify(options.credentials.username)}` : ' to an anonymous token; credentials are needed'}`);
  }
  return second;
}

async function authorizationFor(registry: RegistryAddress, challenge: AuthChallenge | undefined, spec: RequestSpec, options: RegistryRequestOptions): Promise<string> {
  const basic = options.credentials ? `Basic ${Buffer.from(`${options.credentials.username}:${options.credentials.password}`).toString('base64')}` : undefined;
  if (challenge?.scheme !== 'bearer') return basic as string;
  const realm = challenge.params['realm'];
  if (!realm) throw new RegistryError(registry.name, spec.action, 'refused', 'its Bearer challenge names no realm to get a token from');
  const tokenUrl = new URL(realm);
  if (challenge.params['service']) tokenUrl.searchParams.set('service', challenge.params['service']);
  const scope = challenge.params['scope'] ?? spec.scope;
  if (scope) tokenUrl.searchParams.set('scope', scope);
  const response = await send(registry, tokenUrl.toString(), { ...spec, method: 'GET', accept: 'application/json' }, basic ? { authorization: basic } : {}, options);
  if (response.status === 401 || response.status === 403) {
    throw new RegistryError(registry.name, spec.action, options.credentials ? 'unauthorized' : 'credentials-required', `its token service ${tokenUrl.origin} answered ${response.status}`);
  }
  const body = (await response.json().catch(() => ({}))) as { token?: unknown; access_token?: unknown };
  const token = typeof body.token === 'string' ? body.token : typeof body.access_token === 'string' ? body.access_token : undefined;
  if (!token) throw new RegistryError(registry.name, spec.action, 'refused', `its token service ${tokenUrl.origin} answered ${response.status} without a token`);
  return `Bearer ${token}`;
}

async function send(registry: RegistryAddress, url: string, spec: RequestSpec, headers: Record<string, string>, options: RegistryRequestOptions): Promise<Response> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_REGISTRY_TIMEOUT_MS;
  try {
    return await fetch(url, { method: spec.method, headers: { accept: spec.accept, ...headers }, signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = (error as Error).name === 'TimeoutError' ? `no answer from ${new URL(url).origin} within ${timeoutMs} ms` : `${new URL(url).origin}: ${cause?.code ?? cause?.message ?? (error as Error).message}`;
    throw new RegistryError(registry.name, spec.action, 'unreachable', `${reason}; start the registry, or check its address (and http:// or https://)`, { cause: error });
  }
}
