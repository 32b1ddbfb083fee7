/**
 * The Local JSON destination, on faros-airbyte-cdk: each stream's records as JSON lines under /local (the host
 * folder Airbyte mounts into the container), one file per stream and namespace (src/json-lines-writer.ts). Every
 * STATE message is echoed once the records before it are durable, as the protocol asks.
 */
import { Command } from 'commander';
import {
  AirbyteConfig,
  AirbyteConfiguredCatalog,
  AirbyteConnectionStatus,
  AirbyteConnectionStatusMessage,
  AirbyteDestination,
  AirbyteDestinationRunner,
  AirbyteLogger,
  AirbyteSpec,
  AirbyteStateMessage,
} from 'faros-airbyte-cdk';
import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import spec from '../resources/spec.json';
import { ConfigurationError, LOCAL_ROOT, LocalJsonConfig, outputDirectory } from './config';
import { brokenVariants, BrokenVariant } from './broken-variants';
import { JsonLinesWriter, StreamTarget, streamKey } from './json-lines-writer';

export class LocalJsonDestination extends AirbyteDestination<LocalJsonConfig> {
  constructor(
    private readonly logger: AirbyteLogger,
    /** Where /local is: the tests give a temporary folder. */
    private readonly localRoot: string = process.env['AIRBYTE_LOCAL_ROOT'] ?? LOCAL_ROOT,
    private readonly broken: ReadonlySet<BrokenVariant> = brokenVariants(),
  ) {
    super();
  }

  async spec(): Promise<AirbyteSpec> {
    // The JSON import types sync modes as plain strings; the file holds valid DestinationSyncMode values.
    return new AirbyteSpec(spec as ConstructorParameters<typeof AirbyteSpec>[0]);
  }

  /**
   * Checks that the config can be used to write, with the permissions a sync needs: the folder can be created
   * and a file written in it. A failure is FAILED with a message the user can act on.
   */
  async check(config: LocalJsonConfig): Promise<AirbyteConnectionStatusMessage> {
    try {
      const directory = outputDirectory(config, this.localRoot);
      const probe = join(directory, `.check-${randomUUID()}`);
      await mkdir(directory, { recursive: true });
      await writeFile(probe, '', { flag: 'wx' });
      await rm(probe, { force: true });
      return new AirbyteConnectionStatusMessage({ status: AirbyteConnectionStatus.SUCCEEDED });
    } catch (error) {
      const message = error instanceof ConfigurationError ? error.message : `Cannot write to destination_path: ${(error as Error).message}`;
      return new AirbyteConnectionStatusMessage({ status: AirbyteConnectionStatus.FAILED, message });
    }
  }

  /**
   * Reads the messages of a sync from stdin, writes the records of the configured streams (others are
   * ignored, as the protocol asks), and yields each STATE message once every record before it is durable:
   * the platform resumes the next sync from the last STATE a destination echoed.
   */
  async *write(
    config: LocalJsonConfig,
    _redactedConfig: AirbyteConfig,
    catalog: AirbyteConfiguredCatalog,
    stdin: NodeJS.ReadStream,
    dryRun: boolean,
  ): AsyncGenerator<AirbyteStateMessage> {
    const writer = new JsonLinesWriter(outputDirectory(config, this.localRoot));
    await writer.open(configuredStreams(catalog, this.broken.has('ignore_overwrite')));
    let records = 0;
    try {
      for await (const line of createInterface({ input: stdin, crlfDelay: Infinity })) {
        if (line.trim() === '') continue;
        const message = parseMessage(line);
        if (!message) {
          this.logger.warn(`Ignored an input line that is not an Airbyte message: ${line.slice(0, 80)}`);
        } else if (message.type === 'RECORD' && message.record && writer.has(streamKey(message.record.stream, message.record.namespace))) {
          records++;
          if (this.broken.has('drop_records') && records % 3 === 0) continue;
          if (!dryRun) await writer.write(streamKey(message.record.stream, message.record.namespace), message.record.data, message.record.emitted_at);
        } else if (message.type === 'STATE') {
          if (!this.broken.has('early_state')) await writer.flush();
          yield message as unknown as AirbyteStateMessage;
        }
      }
      await writer.flush();
      this.logger.info(`Wrote ${records} records`);
    } finally {
      await writer.close();
    }
  }
}

/** What write() reads of an input message: RECORD and STATE matter, the rest is ignored. */
interface InputMessage {
  type: string;
  record?: { stream: string; namespace?: string; data: unknown; emitted_at: number };
  state?: unknown;
}

function parseMessage(line: string): InputMessage | undefined {
  try {
    const message = JSON.parse(line) as InputMessage;
    return message && typeof message === 'object' && typeof message.type === 'string' ? message : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Each configured stream (by name and namespace) and whether a sync replaces or extends what was written
 * before (append_dedup needs keys a JSON lines file cannot enforce: the spec does not list it).
 */
export function configuredStreams(catalog: AirbyteConfiguredCatalog, overwriteAppends = false): Map<string, StreamTarget> {
  if (!Array.isArray(catalog?.streams)) throw new ConfigurationError('The configured catalog has no "streams" list');
  const streams = new Map<string, StreamTarget>();
  for (const configured of catalog.streams) {
    const mode = configured.destination_sync_mode as string;
    if (mode !== 'overwrite' && mode !== 'append') {
      throw new ConfigurationError(`Stream ${configured.stream?.name}: destination_sync_mode ${JSON.stringify(mode)} is not supported (overwrite or append)`);
    }
    const namespace = (configured.stream as { namespace?: string }).namespace ?? undefined;
    streams.set(streamKey(configured.stream.name, namespace), { stream: configured.stream.name, ...(namespace ? { namespace } : {}), mode: overwriteAppends ? 'append' : mode });
  }
  return streams;
}

/** The command line of the connector: spec, check, write (and the CDK's extras). */
export function mainCommand(logger: AirbyteLogger = new AirbyteLogger()): Command {
  return new AirbyteDestinationRunner(logger, new LocalJsonDestination(logger)).mainCommand();
}
