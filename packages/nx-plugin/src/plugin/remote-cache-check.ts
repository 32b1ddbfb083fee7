import type { AirbytePluginOptions } from './options';

/** Nx's self-hosted remote cache (Nx ≥ 20.8): the server URL and its optional bearer token. */
export const REMOTE_CACHE_SERVER_ENV = 'NX_SELF_HOSTED_REMOTE_CACHE_SERVER';
export const REMOTE_CACHE_TOKEN_ENV = 'NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN';
/** How long the check before a run waits for the server, in ms (default 2000). */
export const REMOTE_CACHE_TIMEOUT_ENV = 'NX_AIRBYTE_REMOTE_CACHE_TIMEOUT_MS';
export const DEFAULT_REMOTE_CACHE_TIMEOUT_MS = 2000;

export type ProbeResult = { reachable: true; status: number } | { reachable: false; reason: string };

/**
 * Asks the cache server for an entry that does not exist: any answer below 500 (404 for a miss, 401/403
 * for a bad token) means the server is there; no answer, or a 5xx from a proxy in front of it, means
 * every task's cache request would fail.
 */
export async function probeRemoteCache(server: string, options: { token?: string; timeoutMs?: number } = {}): Promise<ProbeResult> {
  let url: URL;
  try {
    url = new URL(`${server.replace(/\/+$/, '')}/v1/cache/nx-airbyte-reachability-probe`);
  } catch {
    return { reachable: false, reason: `${JSON.stringify(server)} is not a URL` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { reachable: false, reason: `${url.protocol} is not http: or https:` };
  const timeoutMs = options.timeoutMs ?? DEFAULT_REMOTE_CACHE_TIMEOUT_MS;
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  else if (url.username) headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
  // credentials never travel in the URL, so no error message can repeat them
  url.username = '';
  url.password = '';
  try {
    const response = await fetch(url, { method: 'GET', headers, signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    if (response.status >= 500) return { reachable: false, reason: `it answered ${response.status} ${response.statusText}` };
    return { reachable: true, status: response.status };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    if ((error as Error).name === 'TimeoutError') return { reachable: false, reason: `no answer within ${timeoutMs} ms` };
    return { reachable: false, reason: cause ?? (error as Error).message };
  }
}

/**
 * Nx's preTasksExecution hook. Nx fails every task when its self-hosted remote cache does not answer;
 * this checks the server once before the tasks run and, when it is down, turns the remote cache off
 * for this run with a warning, so the run degrades to local work instead of failing.
 */
export async function preTasksExecution(_options: AirbytePluginOptions | undefined): Promise<void> {
  const server = process.env[REMOTE_CACHE_SERVER_ENV];
  if (!server || process.env.NX_SKIP_REMOTE_CACHE === 'true' || process.env.NX_DISABLE_REMOTE_CACHE === 'true') return;
  const timeout = Number(process.env[REMOTE_CACHE_TIMEOUT_ENV]);
  const probe = await probeRemoteCache(server, { token: process.env[REMOTE_CACHE_TOKEN_ENV], timeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout : undefined });
  if (probe.reachable) return;
  // Nx reads the variable when it opens the cache, after this hook; an empty value means no remote cache
  process.env[REMOTE_CACHE_SERVER_ENV] = '';
  process.env.NX_SKIP_REMOTE_CACHE = 'true';
  console.warn(`warning: nx-airbyte: the remote cache ${redactUrl(server)} is unreachable (${probe.reason}); this run uses the local cache only. Unset ${REMOTE_CACHE_SERVER_ENV} or start the server to share task outputs.`);
}

/** The URL without credentials someone may have put in it. */
function redactUrl(server: string): string {
  try {
    const url = new URL(server);
    if (url.username || url.password) {
      url.username = '***';
      url.password = '';
    }
    return url.toString().replace(/\/$/, '');
  } catch {
    return JSON.stringify(server);
  }
}
