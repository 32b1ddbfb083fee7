import { hostname } from 'node:os';
import { basename, isAbsolute } from 'node:path';

/** On images: the content hash of the build context they were built from (see createBuildContext). */
export const CONTEXT_HASH_LABEL = 'io.nx-airbyte.context-hash';

/** On images: the hash of everything a build depends on (context, base image ids, args, labels); see buildImageUnlessUnchanged. */
export const INPUT_HASH_LABEL = 'io.nx-airbyte.input-hash';

/** On containers: the run (test suite, executor invocation) that created them. */
export const RUN_LABEL = 'io.nx-airbyte.run';

/** On containers: `<hostname>:<pid>` of the process that created them; the reaper checks whether it lives. */
export const OWNER_LABEL = 'io.nx-airbyte.owner';

/** On containers: creation time in epoch milliseconds. */
export const CREATED_LABEL = 'io.nx-airbyte.created';

/** On containers: a JSON list of the host directories of the run that the reaper removes with them. */
export const TEMPORARY_MOUNTS_LABEL = 'io.nx-airbyte.temporary-mounts';

/** Only directories named like this are ever removed by the reaper, whatever a label says. */
export function isTemporaryDirectoryName(directory: string): boolean {
  return isAbsolute(directory) && basename(directory).startsWith('nx-airbyte-');
}

/** The owner label value of this process. */
export function currentOwner(): string {
  return `${hostname()}:${process.pid}`;
}

/** Splits an owner label value; undefined when it is not `<host>:<pid>`. */
export function parseOwner(owner: string | undefined): { host: string; pid: number } | undefined {
  const match = owner === undefined ? null : /^(.*):(\d+)$/.exec(owner);
  if (!match) return undefined;
  return { host: match[1], pid: Number(match[2]) };
}
