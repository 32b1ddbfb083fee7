import { hostname } from 'node:os';
import { assertClient, callEngine, engineStatusCode, toEngineError, type DockerClient } from './engine-client';
import { InvalidOptionError } from './errors';
import { rm } from 'node:fs/promises';
import { CREATED_LABEL, isTemporaryDirectoryName, OWNER_LABEL, parseOwner, RUN_LABEL, TEMPORARY_MOUNTS_LABEL } from './labels';

export interface ReapOrphansOptions {
  /** Leave containers younger than this alone. Default: 0 (any age). */
  olderThanMs?: number;
  /** Only containers of this run. Default: every run. */
  runId?: string;
}

export interface ReapedContainer {
  id: string;
  name: string;
  runId: string | undefined;
  owner: string;
  createdAt: Date;
  /** What the container was doing when it was removed: running, exited, created, ... */
  state: string;
}

/** True while a process with this pid exists on this machine (also when it belongs to another user). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes containers labelled by this package whose owner process, on this host, is gone (killed
 * with SIGKILL, crashed). Containers of live processes and of other hosts are left alone. Resolves
 * with what was removed.
 */
export async function reapOrphans(client: DockerClient, options: ReapOrphansOptions = {}): Promise<ReapedContainer[]> {
  assertClient(client, 'reapOrphans');
  const olderThanMs = options.olderThanMs ?? 0;
  if (!(Number.isFinite(olderThanMs) && olderThanMs >= 0)) throw new InvalidOptionError('reapOrphans', 'olderThanMs', 'must be a number of milliseconds, 0 or more');
  const labelFilter = options.runId === undefined ? [OWNER_LABEL] : [OWNER_LABEL, `${RUN_LABEL}=${options.runId}`];
  const containers = await callEngine(client, 'listing containers to reap', () => client.api.listContainers({ all: true, filters: { label: labelFilter } }));
  const thisHost = hostname();
  const now = Date.now();
  const reaped: ReapedContainer[] = [];
  for (const container of containers) {
    const labels = container.Labels ?? {};
    const owner = parseOwner(labels[OWNER_LABEL]);
    if (!owner || owner.host !== thisHost || owner.pid === process.pid || isProcessAlive(owner.pid)) continue;
    const createdMs = Number(labels[CREATED_LABEL]);
    const createdAt = Number.isFinite(createdMs) && createdMs > 0 ? new Date(createdMs) : new Date(container.Created * 1000);
    if (now - createdAt.getTime() < olderThanMs) continue;
    try {
      await client.api.getContainer(container.Id).remove({ force: true });
    } catch (error) {
      // Another reaper, or the engine's own cleanup, got there first.
      const status = engineStatusCode(error);
      if (status === 404 || status === 409) continue;
      throw toEngineError(client, `removing orphaned container ${container.Id.slice(0, 12)}`, error);
    }
    await removeTemporaryMounts(labels[TEMPORARY_MOUNTS_LABEL]);
    reaped.push({
      id: container.Id,
      name: (container.Names?.[0] ?? '').replace(/^\//, ''),
      runId: labels[RUN_LABEL],
      owner: labels[OWNER_LABEL],
      createdAt,
      state: container.State,
    });
  }
  return reaped;
}

/** The run's temporary directories (a destination's /local) that the killed process could not remove. */
async function removeTemporaryMounts(label: string | undefined): Promise<void> {
  if (!label) return;
  let directories: unknown;
  try {
    directories = JSON.parse(label);
  } catch {
    return;
  }
  if (!Array.isArray(directories)) return;
  for (const directory of directories) {
    if (typeof directory === 'string' && isTemporaryDirectoryName(directory)) await rm(directory, { recursive: true, force: true }).catch(() => undefined);
  }
}

const reapedOnce = new WeakMap<DockerClient, Promise<unknown>>();

/** Orphans younger than this are left to the explicit reapOrphans call of whoever made them. */
export const AUTOMATIC_REAP_MIN_AGE_MS = 60_000;

/**
 * Reaps orphans at least `olderThanMs` old the first time a process runs a container on `client`; later
 * calls cost nothing (and their `olderThanMs` is not used).
 */
export function reapOldOrphansOnce(client: DockerClient, olderThanMs: number = AUTOMATIC_REAP_MIN_AGE_MS): Promise<unknown> {
  let pending = reapedOnce.get(client);
  if (!pending) {
    pending = reapOrphans(client, { olderThanMs });
    reapedOnce.set(client, pending);
    // A failed attempt is tried again by the next run rather than remembered.
    pending.catch(() => reapedOnce.delete(client));
  }
  return pending;
}
