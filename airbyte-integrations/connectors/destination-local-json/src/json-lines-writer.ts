import { randomUUID } from 'node:crypto';
import { mkdir, open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** How a sync treats what an earlier sync wrote: start the stream's file afresh, or add to it. */
export type WriteMode = 'overwrite' | 'append';

/** A configured stream: its name, its namespace (a folder of its own) and its write mode. */
export interface StreamTarget {
  stream: string;
  namespace?: string;
  mode: WriteMode;
}

/** One key per stream and namespace: streams of the same name in different namespaces never mix. */
export function streamKey(stream: string, namespace?: string | null): string {
  return `${namespace ?? ''}\u0000${stream}`;
}

/** Lines kept in memory per stream before they are written out, so memory stays bounded whatever the sync's size. */
const MAX_BUFFERED_LINES = 1000;

/**
 * Writes each stream's records to `<directory>/<namespace>/_airbyte_raw_<stream>.jsonl` (no namespace folder
 * for a stream without one), one line per record, as Airbyte's Local JSON destination did:
 * `{"_airbyte_ab_id", "_airbyte_emitted_at", "_airbyte_data"}`. flush() makes everything written before it durable.
 */
export class JsonLinesWriter {
  private readonly files = new Map<string, { handle: FileHandle; lines: string[] }>();

  constructor(private readonly directory: string) {}

  /** The file of a stream, relative to the directory: `<namespace>/_airbyte_raw_<stream>.jsonl`. */
  static relativePath(stream: string, namespace?: string): string {
    const safe = (name: string) => name.replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^\.+/, '_');
    const file = `_airbyte_raw_${safe(stream)}.jsonl`;
    return namespace ? join(safe(namespace), file) : file;
  }

  /** Opens one file per stream: emptied for `overwrite`, kept for `append`. */
  async open(streams: ReadonlyMap<string, StreamTarget>): Promise<void> {
    for (const [key, target] of streams) {
      const path = join(this.directory, JsonLinesWriter.relativePath(target.stream, target.namespace));
      await mkdir(dirname(path), { recursive: true });
      const handle = await open(path, target.mode === 'overwrite' ? 'w' : 'a');
      this.files.set(key, { handle, lines: [] });
    }
  }

  /** Whether the stream (by streamKey) is in the configured catalog (records of other streams are ignored). */
  has(key: string): boolean {
    return this.files.has(key);
  }

  async write(key: string, data: unknown, emittedAt: number): Promise<void> {
    const file = this.files.get(key);
    if (!file) throw new Error(`Stream ${key.replace('\u0000', '.')} was not opened`);
    file.lines.push(JSON.stringify({ _airbyte_ab_id: randomUUID(), _airbyte_emitted_at: emittedAt, _airbyte_data: data }));
    if (file.lines.length >= MAX_BUFFERED_LINES) await this.writeOut(file);
  }

  /** Writes every buffered line and syncs the files to disk: after it, the records are durable. */
  async flush(): Promise<void> {
    for (const file of this.files.values()) {
      await this.writeOut(file);
      await file.handle.datasync();
    }
  }

  async close(): Promise<void> {
    for (const file of this.files.values()) await file.handle.close();
    this.files.clear();
  }

  private async writeOut(file: { handle: FileHandle; lines: string[] }): Promise<void> {
    if (file.lines.length === 0) return;
    const text = `${file.lines.join('\n')}\n`;
    file.lines.length = 0;
    await file.handle.write(text);
  }
}
