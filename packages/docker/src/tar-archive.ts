import { createReadStream } from 'node:fs';
import * as path from 'node:path';

/** One member of a tar archive as this package writes it: owned by root, modes as given. */
export interface TarMember {
  /** Relative POSIX path inside the archive. */
  path: string;
  type: 'file' | 'directory' | 'symlink';
  mode: number;
  /** For files: the byte count. */
  size?: number;
  /** For symlinks: where the link points, unchanged. */
  linkTarget?: string;
  mtime?: Date;
}

interface TarHeader {
  name: string;
  type: 'file' | 'directory' | 'symlink';
  mode: number;
  size?: number;
  linkname?: string;
  mtime?: Date;
  uid: number;
  gid: number;
  uname: string;
  gname: string;
}

interface WritableEntry {
  destroy(error?: Error): void;
  write(chunk: Buffer): boolean;
  end(): void;
  on(event: 'drain', listener: () => void): void;
}

/** The tar-stream pack that tar-fs hands out (tar-fs types it loosely). */
interface TarPack extends NodeJS.ReadableStream {
  entry(header: TarHeader, callback: (error?: Error | null) => void): WritableEntry;
  entry(header: TarHeader, contents: Buffer | string, callback: (error?: Error | null) => void): WritableEntry;
  finalize(): void;
  destroy(error?: Error): void;
}

/** An empty tar-stream pack, created through tar-fs (its documented `finalize: false` + `finish` use). */
function createTarPack(): TarPack {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tarFs: typeof import('tar-fs') = require('tar-fs');
  let pack: TarPack | undefined;
  tarFs.pack('.', { entries: [], finalize: false, finish: (created) => (pack = created as unknown as TarPack) });
  if (!pack) throw new Error('tar-fs did not hand out its pack stream');
  return pack;
}

function headerOf(member: TarMember): TarHeader {
  return {
    name: member.path,
    type: member.type,
    mode: member.mode,
    ...(member.type === 'file' ? { size: member.size ?? 0 } : {}),
    ...(member.type === 'symlink' ? { linkname: member.linkTarget ?? '' } : {}),
    ...(member.mtime ? { mtime: member.mtime } : {}),
    uid: 0,
    gid: 0,
    uname: 'root',
    gname: 'root',
  };
}

function addEntry(pack: TarPack, header: TarHeader, contents?: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error | null) => (error ? reject(error) : resolve());
    if (contents) pack.entry(header, contents, done);
    else pack.entry(header, done);
  });
}

function addFileFromDisk(pack: TarPack, header: TarHeader, file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const entry = pack.entry(header, (error) => (error ? reject(error) : resolve()));
    const source = createReadStream(file);
    source.on('error', (error) => {
      entry.destroy(error);
      reject(error);
    });
    source.pipe(entry as unknown as NodeJS.WritableStream);
  });
}

/**
 * A tar stream of `members` read from `baseDir`, one at a time (file contents are streamed, never held
 * whole). A read failure destroys the stream with an error from `describeFailure`.
 */
export function packFromDisk(baseDir: string, members: readonly TarMember[], describeFailure: (member: TarMember, error: unknown) => Error): NodeJS.ReadableStream {
  const pack = createTarPack();
  void (async () => {
    for (const member of members) {
      try {
        const header = headerOf(member);
        if (member.type === 'file') await addFileFromDisk(pack, header, path.join(baseDir, ...member.path.split('/')));
        else await addEntry(pack, header);
      } catch (error) {
        pack.destroy(describeFailure(member, error));
        return;
      }
    }
    pack.finalize();
  })();
  return pack;
}

/** A tar archive, in memory, of small generated files (connector config, catalog, state). */
export async function packInMemory(files: ReadonlyArray<{ path: string; contents: Buffer; mode?: number }>): Promise<Buffer> {
  const pack = createTarPack();
  const chunks: Buffer[] = [];
  const collected = new Promise<Buffer>((resolve, reject) => {
    pack.on('data', (chunk: Buffer) => chunks.push(chunk));
    pack.on('end', () => resolve(Buffer.concat(chunks)));
    pack.on('error', reject);
  });
  const directories = new Set<string>();
  for (const file of files) {
    const parts = file.path.split('/').slice(0, -1);
    for (let i = 1; i <= parts.length; i++) directories.add(parts.slice(0, i).join('/'));
  }
  for (const directory of [...directories].sort()) await addEntry(pack, headerOf({ path: directory, type: 'directory', mode: 0o755 }));
  for (const file of files) {
    await addEntry(pack, headerOf({ path: file.path, type: 'file', mode: file.mode ?? 0o644, size: file.contents.length }), file.contents);
  }
  pack.finalize();
  return collected;
}
