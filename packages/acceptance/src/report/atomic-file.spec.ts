import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { writeFileAtomically } from './atomic-file';

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), 'atomic-file-'));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

describe('writeFileAtomically', () => {
  it('writes the file, creating its directory', async () => {
    const file = path.join(directory, 'reports', 'junit.xml');

    await writeFileAtomically(file, '<testsuites/>\n');

    expect(readFileSync(file, 'utf8')).toBe('<testsuites/>\n');
  });

  it('replaces a longer previous report completely', async () => {
    const file = path.join(directory, 'report.json');
    writeFileSync(file, JSON.stringify({ tests: new Array(100).fill('an old, long result') }));

    await writeFileAtomically(file, '{"tests":[]}\n');

    expect(readFileSync(file, 'utf8')).toBe('{"tests":[]}\n');
  });

  it('leaves no temporary file behind', async () => {
    await writeFileAtomically(path.join(directory, 'report.json'), '{}');

    expect(readdirSync(directory)).toEqual(['report.json']);
  });

  it('on failure, says which file, removes its temporary file and leaves the target as it was', async () => {
    const target = path.join(directory, 'report.json');
    mkdirSync(target);
    writeFileSync(path.join(target, 'keep.txt'), 'untouched');

    await expect(writeFileAtomically(target, '{}')).rejects.toThrow(`could not write ${target}:`);

    expect(readdirSync(directory)).toEqual(['report.json']);
    expect(readFileSync(path.join(target, 'keep.txt'), 'utf8')).toBe('untouched');
  });
});
