import type Dockerode from 'dockerode';
import { assertClient, ensureEngineReachable, toEngineError, type DockerClient } from '../engine-client';
import { InvalidOptionError, RegistryError } from '../errors';
import { assertImageReference, findImage, splitImageReference, type ImageInfo } from '../images';
import type { RegistryAddress } from './registry-address';
import type { RegistryCredentials } from './registry-api';

/** A push or pull that has not finished after this long is cancelled. */
export const DEFAULT_TRANSFER_TIMEOUT_MS = 15 * 60_000;

export interface TransferOptions {
  credentials?: RegistryCredentials;
  /** Default: 15 minutes. */
  timeoutMs?: number;
  /** Every progress line the engine reports ("a1b2c3: Pushed", "0.2.0: digest: sha256:... size: 528"). */
  onProgress?: (line: string) => void;
}

export interface PushedImage {
  /** `127.0.0.1:5000/airbyte/source-x:0.2.0` */
  reference: string;
  /** The manifest digest the registry stored, `sha256:...`. */
  digest: string;
}

interface TransferEvent {
  status?: string;
  id?: string;
  progress?: string;
  error?: string;
  errorDetail?: { message?: string };
  aux?: { Tag?: string; Digest?: string };
}

/**
 * Pushes a local image, `reference` (`<registry>/<repository>:<tag>`), with the credentials given.
 * Resolves with the digest the registry stored; rejects with a RegistryError when the engine reports an
 * error in the stream (refused credentials, unreachable registry), which a plain push would not do.
 */
export async function pushImage(client: DockerClient, registry: RegistryAddress, reference: string, options: TransferOptions = {}): Promise<PushedImage> {
  assertClient(client, 'pushImage');
  assertImageReference(reference, 'pushImage', 'reference');
  const { repository, tag, digest } = splitImageReference(reference);
  if (tag === undefined || digest !== undefined) throw new InvalidOptionError('pushImage', 'reference', `must be repository:tag, got ${reference}`);
  await ensureEngineReachable(client);
  const action = `pushing ${reference}`;
  const events = await transfer(client, registry, action, options, (abortSignal) =>
    client.api.getImage(repository).push({ tag, authconfig: authConfig(registry, options.credentials), abortSignal } as Dockerode.ImagePushOptions),
  );
  const pushed = events.find((event) => event.aux?.Digest)?.aux?.Digest ?? digestFromStatus(events);
  if (!pushed) throw new RegistryError(registry.name, action, 'refused', 'the engine finished the push without reporting a digest');
  return { reference, digest: pushed };
}

/** Pulls `reference` (by tag or `@sha256:` digest) from the registry and returns the local image. */
export async function pullImage(client: DockerClient, registry: RegistryAddress, reference: string, options: TransferOptions = {}): Promise<ImageInfo> {
  assertClient(client, 'pullImage');
  assertImageReference(reference, 'pullImage', 'reference');
  await ensureEngineReachable(client);
  const action = `pulling ${reference}`;
  await transfer(client, registry, action, options, (abortSignal) => client.api.pull(reference, { authconfig: authConfig(registry, options.credentials), abortSignal }));
  const image = await findImage(client, reference);
  if (!image) throw new RegistryError(registry.name, action, 'refused', 'the engine finished the pull, but has no such image');
  return image;
}

function authConfig(registry: RegistryAddress, credentials: RegistryCredentials | undefined): Dockerode.AuthConfig | undefined {
  return credentials ? { username: credentials.username, password: credentials.password, serveraddress: registry.serverAddress } : undefined;
}

/** Runs one engine transfer to its end; the engine reports failures as `error` events, and those become RegistryErrors. */
async function transfer(
  client: DockerClient,
  registry: RegistryAddress,
  action: string,
  options: TransferOptions,
  start: (abortSignal: AbortSignal) => Promise<NodeJS.ReadableStream>,
): Promise<TransferEvent[]> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TRANSFER_TIMEOUT_MS;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    let stream: NodeJS.ReadableStream;
    try {
      stream = await start(abort.signal);
    } catch (error) {
      throw classify(client, registry, action, error, abort.signal.aborted, timeoutMs);
    }
    const events = await new Promise<TransferEvent[]>((resolve, reject) => {
      client.api.modem.followProgress(
        stream,
        (error: Error | null, output: TransferEvent[]) => (error ? reject(error) : resolve(output)),
        (event: TransferEvent) => {
          const line = [event.id, event.status, event.progress].filter(Boolean).join(' ');
          if (line && !event.progress) options.onProgress?.(line);
        },
      );
    }).catch((error: unknown) => {
      throw classify(client, registry, action, error, abort.signal.aborted, timeoutMs);
    });
    const failure = events.find((event) => event.error !== undefined || event.errorDetail !== undefined);
    if (failure) throw streamFailure(registry, action, String(failure.errorDetail?.message ?? failure.error));
    return events;
  } finally {
    clearTimeout(timer);
  }
}

function classify(client: DockerClient, registry: RegistryAddress, action: string, error: unknown, aborted: boolean, timeoutMs: number): Error {
  if (aborted) return new RegistryError(registry.name, action, 'unreachable', `not finished within ${timeoutMs} ms; it was cancelled`, { cause: error });
  const engineError = toEngineError(client, action, error);
  const message = (engineError as { engineMessage?: string }).engineMessage;
  return message ? streamFailure(registry, action, message, error) : engineError;
}

/** Maps the engine's words to what went wrong: "no basic auth credentials", "unauthorized: ...", "connection refused". */
function streamFailure(registry: RegistryAddress, action: string, message: string, cause?: unknown): RegistryError {
  const kind = /no basic auth credentials/i.test(message)
    ? 'credentials-required'
    : /unauthorized|authentication required|denied|forbidden/i.test(message)
      ? 'unauthorized'
      : /connection refused|no such host|i\/o timeout|dial tcp|server gave HTTP response to HTTPS client/i.test(message)
        ? 'unreachable'
        : 'refused';
  return new RegistryError(registry.name, action, kind, message, cause === undefined ? undefined : { cause });
}

function digestFromStatus(events: TransferEvent[]): string | undefined {
  for (const event of events) {
    const match = /digest: (sha256:[0-9a-f]{64})/.exec(event.status ?? '');
    if (match) return match[1];
  }
  return undefined;
}
