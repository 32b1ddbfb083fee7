import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';

/**
 * Writes a file so that readers only ever see the old contents or the new ones: the text goes to a
 * temporary file in the same directory (same file system, so the rename is atomic), which then
 * replaces the target. On failure the temporary file is removed and the target is left as it was.
 */
export async function writeFileAtomically(file: string, contents: string): Promise<void> {
  const target = path.resolve(file);
  const directory = path.dirname(target);
  const temporary = path.join(directory, `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await mkdir(directory, { recursive: true });
    await writeFile(temporary, contents, { flag: 'wx' });
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`could not write ${target}: ${reason}`);
  }
}
