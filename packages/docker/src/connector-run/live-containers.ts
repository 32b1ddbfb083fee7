import { rmSync } from 'node:fs';
import type { DockerClient } from '../engine-client';

/**
 * The containers this process is running right now. While there are any, SIGINT and SIGTERM remove
 * them all before the process goes down: the handler removes itself, removes the containers, then
 * raises the same signal again so the process ends as it would have (exit by signal, code 130/143),
 * unless other handlers of the program have taken over that signal.
 */

export const SIGNAL_CLEANUP_TIMEOUT_MS = 10_000;
const HANDLED_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

interface LiveContainer {
  client: DockerClient;
  id: string;
}

const live = new Map<string, LiveContainer>();
const temporaryDirectories = new Set<string>();
let handlersInstalled = false;
let exitingAfter: NodeJS.Signals | undefined;

export class ProcessExitingError extends Error {
  override readonly name = 'ProcessExitingError';
}

/** The signal (SIGINT, SIGTERM) whose cleanup is under way, or undefined: callers skip work, such as writing a report, that a run cut short would make a lie. */
export function exitingAfterSignal(): NodeJS.Signals | undefined {
  return exitingAfter;
}

/** Throws once a signal has started the cleanup: no new containers then. */
export function assertProcessNotExiting(): void {
  if (exitingAfter) throw new ProcessExitingError(`the process is exiting after ${exitingAfter}; no new containers are started`);
}

/** Records a container as live; the returned function forgets it (call it once the container is removed). */
export function trackLiveContainer(client: DockerClient, id: string): () => void {
  assertProcessNotExiting();
  live.set(id, { client, id });
  installHandlers();
  return () => {
    live.delete(id);
    if (live.size === 0 && temporaryDirectories.size === 0) removeHandlers();
  };
}

/**
 * Records a temporary directory of a run (a destination's /local): SIGINT and SIGTERM remove it after
 * the containers that wrote into it. The returned function forgets it (call it once it is removed).
 */
export function trackTemporaryDirectory(directory: string): () => void {
  temporaryDirectories.add(directory);
  installHandlers();
  return () => {
    temporaryDirectories.delete(directory);
    if (live.size === 0 && temporaryDirectories.size === 0) removeHandlers();
  };
}

/** How many containers this process is running now. */
export function liveContainerCount(): number {
  return live.size;
}

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const signal of HANDLED_SIGNALS) process.on(signal, onSignal);
}

function removeHandlers(): void {
  if (!handlersInstalled) return;
  handlersInstalled = false;
  for (const signal of HANDLED_SIGNALS) process.removeListener(signal, onSignal);
}

function onSignal(signal: NodeJS.Signals): void {
  exitingAfter = signal;
  // A second Ctrl-C now gets the default behaviour: the process ends at once.
  removeHandlers();
  void removeAllLiveContainers(SIGNAL_CLEANUP_TIMEOUT_MS).then(() => {
    removeTemporaryDirectories();
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  });
}

function removeTemporaryDirectories(): void {
  for (const directory of temporaryDirectories) {
    try {
      rmSync(directory, { recursive: true, force: true });
    } catch {
      // the process is going down: what cannot be removed stays, as it would have without the signal
    }
  }
  temporaryDirectories.clear();
}

/** Force-removes every live container, waiting at most `timeoutMs`. */
export async function removeAllLiveContainers(timeoutMs: number = SIGNAL_CLEANUP_TIMEOUT_MS): Promise<void> {
  const containers = [...live.values()];
  live.clear();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
  const removals = Promise.allSettled(containers.map(({ client, id }) => client.api.getContainer(id).remove({ force: true })));
  await Promise.race([removals, deadline]);
  clearTimeout(timer);
}
