import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { CONFIG_PATH } from '@nx-airbyte/docker';
import { LineSplitter, type JsonValue } from '@nx-airbyte/protocol';
import type { ReadBackConfig } from '../config/acceptance-config';
import type { Failure } from '../report/test-result';
import type { ConnectorSession } from '../suite/connector-session';
import { describeRun } from '../suite/source-fixtures';
import { streamLabel, type DataSetStream } from './data-sets';

/** Where destinations write on their host: Airbyte mounted a host folder at /local. */
export const LOCAL_MOUNT = '/local';
/** Where the read-back command finds the files the config names (and the connector config, at /data/tap_config.json). */
export const READ_BACK_FILES_DIR = '/data';

/** What the read-back is asked for: one stream, in the mode it was synced in. */
export interface ReadBackRequest {
  stream: DataSetStream;
  destinationSyncMode: string;
  /** The test, for timings: `destination.test_sync[data_set=edge_cases]`. */
  test: string;
}

/** Hands each stored row of a stream to `onRow` as it is read; `onProblem` gets rows that are not JSON. Resolves with failures of the read-back itself. */
export interface StoredRecordsReader {
  read(request: ReadBackRequest, onRow: (row: JsonValue, where: string) => void, onProblem: (message: string) => void): Promise<Failure[]>;
}

function parseRow(text: string, where: string, onRow: (row: JsonValue, where: string) => void, onProblem: (message: string) => void): void {
  if (text.trim() === '') return;
  let row: JsonValue;
  try {
    row = JSON.parse(text) as JsonValue;
  } catch (error) {
    onProblem(`${where} is not JSON (${(error as Error).message}): ${text.slice(0, 80)}`);
    return;
  }
  onRow(row, where);
}

/**
 * `read_back.local_files`: the destination writes JSON lines under /local, which is a temporary host
 * directory; the pattern names each stream's files (`{namespace}` empty, and its path segment dropped, for a
 * stream without one; `*` matches within a file name).
 */
export class LocalFilesReader implements StoredRecordsReader {
  constructor(
    private readonly localDirectory: string,
    private readonly pattern: string,
  ) {}

  /** The files holding the stream's records, and the path they were looked for at. */
  filesOf(stream: DataSetStream): { files: string[]; lookedFor: string } {
    const relative = path.posix.normalize(this.pattern.replaceAll('{stream}', stream.name).replaceAll('{namespace}', stream.namespace ?? '')).replace(/^\/+/, '');
    const lookedFor = path.join(this.localDirectory, relative);
    const directory = path.dirname(lookedFor);
    const name = path.basename(lookedFor);
    if (!name.includes('*')) return { files: isFile(lookedFor) ? [lookedFor] : [], lookedFor };
    const matcher = new RegExp(`^${name.split('*').map(escapeRegExp).join('.*')}$`);
    let names: string[] = [];
    try {
      names = readdirSync(directory).filter((candidate) => matcher.test(candidate)).sort();
    } catch {
      // no directory: no file
    }
    return { files: names.map((file) => path.join(directory, file)).filter(isFile), lookedFor };
  }

  async read(request: ReadBackRequest, onRow: (row: JsonValue, where: string) => void, onProblem: (message: string) => void): Promise<Failure[]> {
    const { files, lookedFor } = this.filesOf(request.stream);
    if (files.length === 0) return [{ message: `nothing stored for stream ${streamLabel(request.stream)}: no file at /local/${path.relative(this.localDirectory, lookedFor)} (read_back.local_files: ${this.pattern})`, stream: streamLabel(request.stream) }];
    for (const file of files) {
      const shown = `/local/${path.relative(this.localDirectory, file)}`;
      const lines = new LineSplitter();
      for await (const chunk of createReadStream(file)) {
        for (const line of lines.push(chunk as Buffer)) parseRow(line.text, `${shown} line ${line.number}`, onRow, onProblem);
      }
      for (const line of lines.end()) parseRow(line.text, `${shown} line ${line.number}`, onRow, onProblem);
    }
    return [];
  }
}

/**
 * `read_back.command`: a command in a container of the image under test (or `image`), with the same /local
 * mount, the connector config at /data/tap_config.json and the `files` under /data; it prints the stream's
 * stored records as JSON lines. AIRBYTE_STREAM, AIRBYTE_NAMESPACE (empty when none) and
 * AIRBYTE_DESTINATION_SYNC_MODE say which.
 */
export class CommandReader implements StoredRecordsReader {
  private readonly files: Array<{ path: string; contents: Buffer | string }>;

  constructor(
    private readonly session: ConnectorSession,
    private readonly readBack: Extract<ReadBackConfig, { kind: 'command' }>,
    connectorConfig: JsonValue,
    private readonly localDirectory: string,
    private readonly timeoutMs: number,
  ) {
    this.files = [
      { path: CONFIG_PATH, contents: JSON.stringify(connectorConfig) },
      ...readBack.files.map((file) => ({ path: `${READ_BACK_FILES_DIR}/${path.basename(file)}`, contents: readFileSync(file) })),
    ];
  }

  async read(request: ReadBackRequest, onRow: (row: JsonValue, where: string) => void, onProblem: (message: string) => void): Promise<Failure[]> {
    const image = this.readBack.image ?? this.session.image;
    const label = streamLabel(request.stream);
    const run = await this.session.command(
      {
        image,
        command: this.readBack.command,
        files: this.files,
        env: { AIRBYTE_STREAM: request.stream.name, AIRBYTE_NAMESPACE: request.stream.namespace ?? '', AIRBYTE_DESTINATION_SYNC_MODE: request.destinationSyncMode },
        mounts: [{ hostPath: this.localDirectory, containerPath: LOCAL_MOUNT }],
        test: `${request.test} (read-back of ${label})`,
        timeoutMs: this.timeoutMs,
      },
      (line, text, truncated) => {
        if (truncated) onProblem(`read-back output line ${line} is too long to read`);
        else parseRow(text, `read-back output line ${line}`, onRow, onProblem);
      },
    );
    if (run.exitCode === 0 && !run.timedOut) return [];
    return [{ message: `the read-back command (${this.readBack.command.join(' ')} in ${image}) for stream ${label} failed: ${describeRun(run)}`, stream: label }];
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
