import type Dockerode from 'dockerode';
import { assertClient, engineStatusCode, ensureEngineReachable, toEngineError, type DockerClient } from '../engine-client';
import { ImageNotFoundError, InvalidOptionError } from '../errors';
import { assertImageReference } from '../images';
import { reapOldOrphansOnce } from '../orphan-reaper';
import { pumpCommandOutput, type CommandOutputItem } from './connector-output';
import { startContainerRun, validateContainerOptions, type ContainerMount, type ContainerRun } from './run-connector';

export interface RunCommandOptions {
  /** Any image; its ENTRYPOINT is replaced by `command`. */
  image: string;
  /** The program and its arguments, e.g. ['python3', '/data/read_back.py']. */
  command: string[];
  /** Files placed into the container before it starts; paths absolute (`/data/read_back.py`). */
  files?: Array<{ path: string; contents: Buffer | string }>;
  env?: Record<string, string>;
  mounts?: readonly ContainerMount[];
  /** Default: 'host'. */
  networkMode?: string;
  /** The container is killed after this long and the result says timedOut. Default: 10 minutes. */
  timeoutMs?: number;
  runId?: string;
  labels?: Record<string, string>;
  /** Longer lines come as their start with `truncated`. Default: the protocol reader's limit. */
  maxLineLength?: number;
  outputHighWaterMark?: number;
  /** As runConnector's: the age from which the first run of this process reaps orphans. Default: AUTOMATIC_REAP_MIN_AGE_MS. */
  reapOrphansOlderThanMs?: number;
}

/** A command run: every stdout and stderr line, as text. */
export type CommandRun = ContainerRun<CommandOutputItem>;

/**
 * Runs a command in a fresh container of `image` (a helper next to a connector: the read-back of a
 * destination test, for instance), with the same lifecycle as runConnector: run label, files copied in,
 * output streamed with backpressure, killed after its timeout, always removed.
 */
export async function runCommandInContainer(client: DockerClient, options: RunCommandOptions): Promise<CommandRun> {
  assertClient(client, 'runCommandInContainer');
  if (!options || typeof options !== 'object') throw new InvalidOptionError('runCommandInContainer', 'options', 'must be an object with image and command');
  assertImageReference(options.image, 'runCommandInContainer', 'image');
  if (!Array.isArray(options.command) || options.command.length === 0 || options.command.some((part) => typeof part !== 'string')) {
    throw new InvalidOptionError('runCommandInContainer', 'command', `must be a non-empty list of strings like ["python3", "/data/script.py"], got ${JSON.stringify(options.command)}`);
  }
  validateContainerOptions('runCommandInContainer', options);
  const files = (options.files ?? []).map((file, index) => {
    if (!file || typeof file.path !== 'string' || !file.path.startsWith('/') || file.path.endsWith('/')) {
      throw new InvalidOptionError('runCommandInContainer', `files[${index}]`, `path must be an absolute file path, got ${JSON.stringify(file?.path)}`);
    }
    return { path: file.path.slice(1), contents: Buffer.isBuffer(file.contents) ? file.contents : Buffer.from(String(file.contents)) };
  });
  await ensureEngineReachable(client);
  await reapOldOrphansOnce(client, options.reapOrphansOlderThanMs);
  await assertImageExists(client, options.image);
  return startContainerRun<CommandOutputItem>(client, {
    image: options.image,
    nameHint: 'command',
    describe: `${options.image} ${options.command.join(' ').slice(0, 60)}`,
    entrypoint: options.command,
    cmd: [],
    files,
    env: options.env,
    networkMode: options.networkMode,
    labels: options.labels,
    runId: options.runId,
    mounts: options.mounts,
    timeoutMs: options.timeoutMs,
    outputHighWaterMark: options.outputHighWaterMark,
    pump: (attachStream, queue) => pumpCommandOutput(attachStream, queue, options.maxLineLength),
  });
}

async function assertImageExists(client: DockerClient, image: string): Promise<Dockerode.ImageInspectInfo> {
  try {
    return await client.api.getImage(image).inspect();
  } catch (error) {
    if (engineStatusCode(error) === 404) throw new ImageNotFoundError(image, 'build it first, or check the tag');
    throw toEngineError(client, `looking up image ${image}`, error);
  }
}
