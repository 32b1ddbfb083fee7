import type Dockerode from 'dockerode';
import { DockerEngineError, DockerUnavailableError, InvalidOptionError } from './errors';

export const DEFAULT_SOCKET_PATH = '/var/run/docker.sock';
/** Short enough that a missing engine is reported within 2 s, long enough for a busy one. */
export const DEFAULT_PING_TIMEOUT_MS = 1500;

/** A connection to one Docker engine. `api` is the dockerode instance this package drives. */
export interface DockerClient {
  /** Where the engine is, as people write it: `unix:///var/run/docker.sock`, `tcp://127.0.0.1:2375`. */
  readonly address: string;
  readonly api: Dockerode;
}

export interface CreateDockerClientOptions {
  /** `unix:///path/to/docker.sock` or `tcp://host:port`. Default: `DOCKER_HOST`, else /var/run/docker.sock. */
  host?: string;
}

type EngineLocation = { address: string; socketPath: string } | { address: string; hostname: string; port: number };

/** Turns a DOCKER_HOST-style address into where to connect; throws on schemes this package does not speak. */
export function parseEngineAddress(host: string | undefined): EngineLocation {
  if (host === undefined || host.trim() === '') return { address: `unix://${DEFAULT_SOCKET_PATH}`, socketPath: DEFAULT_SOCKET_PATH };
  const trimmed = host.trim();
  if (trimmed.startsWith('unix://')) {
    const socketPath = trimmed.slice('unix://'.length) || DEFAULT_SOCKET_PATH;
    return { address: `unix://${socketPath}`, socketPath };
  }
  if (trimmed.startsWith('tcp://')) {
    let url: URL;
    try {
      url = new URL(`http://${trimmed.slice('tcp://'.length)}`);
    } catch {
      throw new InvalidOptionError('createDockerClient', 'host', `"${host}" is not an address like tcp://127.0.0.1:2375`);
    }
    const port = url.port === '' ? 2375 : Number(url.port);
    return { address: `tcp://${url.hostname}:${port}`, hostname: url.hostname, port };
  }
  throw new InvalidOptionError('createDockerClient', 'host', `"${host}" is not supported: use unix:///path/to/docker.sock or tcp://host:port (DOCKER_HOST follows the same rule)`);
}

/**
 * Creates a client for the engine at `host`, `DOCKER_HOST` or /var/run/docker.sock. Nothing is sent yet:
 * use `pingEngine` to find out whether an engine answers.
 */
export function createDockerClient(options: CreateDockerClientOptions = {}): DockerClient {
  if (options === null || typeof options !== 'object') {
    throw new InvalidOptionError('createDockerClient', 'options', 'must be an object like { host: "unix:///var/run/docker.sock" }');
  }
  if (options.host !== undefined && typeof options.host !== 'string') {
    throw new InvalidOptionError('createDockerClient', 'host', 'must be a string like unix:///var/run/docker.sock');
  }
  const location = parseEngineAddress(options.host ?? process.env.DOCKER_HOST);
  // Loaded here, not at the top, so that importing this package (as the Nx graph plugin does) stays cheap.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const DockerodeClass: typeof Dockerode = require('dockerode');
  const api =
    'socketPath' in location
      ? new DockerodeClass({ socketPath: location.socketPath })
      : new DockerodeClass({ host: location.hostname, port: location.port, protocol: 'http' });
  return { address: location.address, api };
}

const UNAVAILABLE_CODES: Record<string, string> = {
  ENOENT: 'no socket there',
  ECONNREFUSED: 'connection refused',
  EACCES: 'permission denied on the socket',
  EPERM: 'permission denied on the socket',
  ETIMEDOUT: 'timed out',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
};

interface ErrorWithCode {
  code?: unknown;
  statusCode?: unknown;
  json?: unknown;
  message?: unknown;
  name?: unknown;
}

/** True when `error` says the engine could not be reached (as opposed to the engine refusing a request). */
export function isEngineUnreachable(error: unknown): boolean {
  const code = (error as ErrorWithCode | undefined)?.code;
  return typeof code === 'string' && code in UNAVAILABLE_CODES;
}

/** HTTP status of an engine response that failed, if there was one. */
export function engineStatusCode(error: unknown): number | undefined {
  const status = (error as ErrorWithCode | undefined)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** The engine's own words from a failed request ("No such image: x"), without dockerode's prefix. */
export function engineMessage(error: unknown): string {
  const value = error as ErrorWithCode | undefined;
  const json = value?.json as { message?: unknown } | undefined;
  if (json && typeof json.message === 'string') return json.message;
  if (typeof value?.message === 'string') return value.message.replace(/^\(HTTP code \d+\) [^-]*- /, '').trim();
  return String(error);
}

/** Maps any failure of an engine call to a DockerUnavailableError or DockerEngineError that says what was being done. */
export function toEngineError(client: DockerClient, action: string, error: unknown): Error {
  if (error instanceof DockerUnavailableError || error instanceof DockerEngineError) return error;
  if (isEngineUnreachable(error)) {
    const code = (error as ErrorWithCode).code as string;
    return new DockerUnavailableError(client.address, action, `${code}: ${UNAVAILABLE_CODES[code]}`, { cause: error });
  }
  return new DockerEngineError(action, engineStatusCode(error), engineMessage(error), { cause: error });
}

/** Runs one engine call and maps its failure with `toEngineError`. */
export async function callEngine<T>(client: DockerClient, action: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toEngineError(client, action, error);
  }
}

/**
 * Asks the engine whether it is there (GET /_ping, about 1 ms). Rejects with DockerUnavailableError naming
 * the address when nothing answers within `timeoutMs`.
 */
export async function pingEngine(client: DockerClient, timeoutMs: number = DEFAULT_PING_TIMEOUT_MS): Promise<void> {
  assertClient(client, 'pingEngine');
  const action = 'pinging the engine';
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    // dockerode 5 takes an abort signal here; @types/dockerode 4 does not know it yet.
    await (client.api as unknown as AbortablePing).ping({ abortSignal: abort.signal });
  } catch (error) {
    if (abort.signal.aborted) throw new DockerUnavailableError(client.address, action, `no answer within ${timeoutMs} ms`, { cause: error });
    throw toEngineError(client, action, error);
  } finally {
    clearTimeout(timer);
  }
}

interface AbortablePing {
  ping(options: { abortSignal: AbortSignal }): Promise<unknown>;
}

const reachableClients = new WeakSet<DockerClient>();

/** Pings the engine once per client; later calls cost nothing. */
export async function ensureEngineReachable(client: DockerClient, timeoutMs: number = DEFAULT_PING_TIMEOUT_MS): Promise<void> {
  if (reachableClients.has(client)) return;
  await pingEngine(client, timeoutMs);
  reachableClients.add(client);
}

/** Throws a clear error when `client` is not something `createDockerClient` returned. */
export function assertClient(client: unknown, functionName: string): asserts client is DockerClient {
  const candidate = client as Partial<DockerClient> | undefined;
  if (!candidate || typeof candidate !== 'object' || typeof candidate.address !== 'string' || !candidate.api) {
    throw new InvalidOptionError(functionName, 'client', 'must be a client from createDockerClient()');
  }
}
