import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { BuildContextError } from '../errors';
import { createBuildContext } from './build-context';

const roots: string[] = [];

/** Writes a fixture folder: keys are relative paths, values file contents. */
function fixtureFolder(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'nx-airbyte-context-'));
  roots.push(root);
  for (const [relative, contents] of Object.entries(files)) {
    const file = path.join(root, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, contents);
  }
  return root;
}

afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

/** Unpacks a context's tar stream with tar-fs and returns relative path -> mode/contents/link. */
async function unpack(stream: NodeJS.ReadableStream): Promise<Map<string, { type: string; mode: number; uid: number; contents?: string; linkname?: string }>> {
  // tar-fs's own tar-stream, wherever npm placed it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tarStream = require(require.resolve('tar-stream', { paths: [path.dirname(require.resolve('tar-fs'))] }));
  const extract = tarStream.extract();
  const members = new Map<string, { type: string; mode: number; uid: number; contents?: string; linkname?: string }>();
  extract.on('entry', (header: { name: string; type: string; mode: number; uid: number; linkname?: string }, body: NodeJS.ReadableStream, next: () => void) => {
    const chunks: Buffer[] = [];
    body.on('data', (chunk: Buffer) => chunks.push(chunk));
    body.on('end', () => {
      members.set(header.name, { type: header.type, mode: header.mode, uid: header.uid, ...(header.type === 'file' ? { contents: Buffer.concat(chunks).toString() } : {}), ...(header.linkname ? { linkname: header.linkname } : {}) });
      next();
    });
  });
  await new Promise<void>((resolve, reject) => {
    extract.on('finish', resolve);
    extract.on('error', reject);
    stream.on('error', reject);
    stream.pipe(extract);
  });
  return members;
}

describe('createBuildContext: what goes in', () => {
  it('lists every file and folder, sorted, with the Dockerfile', async () => {
    const dir = fixtureFolder({ Dockerfile: 'FROM x\n', 'main.py': 'print(1)\n', 'src/pkg/a.py': 'a = 1\n' });
    const context = await createBuildContext(dir);
    expect(context.files).toEqual(['Dockerfile', 'main.py', 'src/pkg/a.py']);
    expect(context.entries.map((e) => `${e.type}:${e.path}`)).toEqual(['file:Dockerfile', 'file:main.py', 'directory:src', 'directory:src/pkg', 'file:src/pkg/a.py']);
    expect(context.dockerfile).toBe('Dockerfile');
  });

  it('leaves out what .dockerignore names', async () => {
    const dir = fixtureFolder({ Dockerfile: 'FROM x\n', '.dockerignore': '*.log\nbuild/\n**/__pycache__\n', 'a.log': 'x', 'keep.txt': 'k', 'build/out': 'o', 'src/__pycache__/m.pyc': 'c', 'src/m.py': 'm' });
    const context = await createBuildContext(dir);
    expect(context.files).toEqual(['.dockerignore', 'Dockerfile', 'keep.txt', 'src/m.py']);
  });

  it('brings back files named by a "!" exception, also inside an ignored folder', async () => {
    const dir = fixtureFolder({ Dockerfile: 'FROM x\n', '.dockerignore': '*.md\n!README.md\ndocs\n!docs/keep.md\n', 'README.md': 'r', 'CHANGES.md': 'c', 'docs/keep.md': 'k', 'docs/drop.md': 'd' });
    const context = await createBuildContext(dir);
    expect(context.files).toEqual(['.dockerignore', 'Dockerfile', 'README.md', 'docs/keep.md']);
  });

  it('always includes the Dockerfile and .dockerignore even when .dockerignore names them', async () => {
    const dir = fixtureFolder({ Dockerfile: 'FROM x\n', '.dockerignore': 'Dockerfile\n.dockerignore\n*\n', 'other.txt': 'o' });
    expect((await createBuildContext(dir)).files).toEqual(['.dockerignore', 'Dockerfile']);
  });

  it('includes a Dockerfile with another name in an ignored subfolder', async () => {
    const dir = fixtureFolder({ 'docker/Dockerfile.dev': 'FROM x\n', '.dockerignore': 'docker\n', 'app.js': '1' });
    const context = await createBuildContext(dir, { dockerfile: 'docker/Dockerfile.dev' });
    expect(context.dockerfile).toBe('docker/Dockerfile.dev');
    expect(context.files).toEqual(['.dockerignore', 'app.js', 'docker/Dockerfile.dev']);
  });

  it('never includes secrets/, node_modules/ or .venv/ at any depth, and reports them', async () => {
    const dir = fixtureFolder({
      Dockerfile: 'FROM x\n',
      'secrets/config.json': '{"api_key":"s3cr3t"}',
      'integration_tests/secrets/other.json': '{}',
      'node_modules/left-pad/index.js': 'x',
      'packages/a/node_modules/b/index.js': 'x',
      '.venv/bin/python': 'x',
      'main.py': 'm',
    });
    const context = await createBuildContext(dir);
    expect(context.files).toEqual(['Dockerfile', 'main.py']);
    expect(context.alwaysExcluded).toEqual(['.venv', 'integration_tests/secrets', 'node_modules', 'packages/a/node_modules', 'secrets']);
  });

  it('never includes secrets/ even when .dockerignore brings it back with "!"', async () => {
    const dir = fixtureFolder({ Dockerfile: 'FROM x\n', '.dockerignore': '*\n!secrets\n!secrets/**\n!Dockerfile\n', 'secrets/config.json': '{"password":"p"}' });
    const context = await createBuildContext(dir);
    expect(context.files).toEqual(['.dockerignore', 'Dockerfile']);
    const members = await unpack(context.tar());
    expect([...members.keys()].some((name) => name.includes('secrets'))).toBe(false);
  });

  it('never opens a file under secrets/ (a FIFO there would block any reader)', async () => {
    const dir = fixtureFolder({ Dockerfile: 'FROM x\n', '.dockerignore': '!secrets/pipe\n' });
    mkdirSync(path.join(dir, 'secrets'));
    execFileSync('mkfifo', [path.join(dir, 'secrets', 'pipe')]);
    const context = await createBuildContext(dir);
    const members = await unpack(context.tar());
    expect([...members.keys()]).toEqual(['Dockerfile', '.dockerignore'].sort());
  });

  it('keeps symlinks as links and does not follow them out of the context', async () => {
    const outside = fixtureFolder({ 'private.txt': 'outside the context' });
    const dir = fixtureFolder({ Dockerfile: 'FROM x\n', 'real.txt': 'r' });
    symlinkSync(outside, path.join(dir, 'linked-folder'));
    symlinkSync(path.join(outside, 'private.txt'), path.join(dir, 'linked-file'));
    const context = await createBuildContext(dir);
    expect(context.entries.filter((e) => e.type === 'symlink').map((e) => [e.path, e.linkTarget])).toEqual([
      ['linked-file', path.join(outside, 'private.txt')],
      ['linked-folder', outside],
    ]);
    const members = await unpack(context.tar());
    expect(members.get('linked-file')).toMatchObject({ type: 'symlink', linkname: path.join(outside, 'private.txt') });
    expect([...members.values()].some((m) => m.contents === 'outside the context')).toBe(false);
  });

  it('rejects a missing context folder with a BuildContextError naming it', async () => {
    const missing = path.join(tmpdir(), 'nx-airbyte-no-such-folder');
    const failure = createBuildContext(missing);
    await expect(failure).rejects.toBeInstanceOf(BuildContextError);
    await expect(failure).rejects.toThrow(`Build context ${missing}: the folder does not exist or cannot be read (ENOENT)`);
  });

  it('rejects a context without a Dockerfile and says how to name another one', async () => {
    const dir = fixtureFolder({ 'main.py': 'm' });
    await expect(createBuildContext(dir)).rejects.toThrow(/no Dockerfile at Dockerfile \(ENOENT\); pass the dockerfile option/);
  });

  it('rejects a Dockerfile outside the context folder', async () => {
    const dir = fixtureFolder({ Dockerfile: 'FROM x\n' });
    await expect(createBuildContext(path.join(dir, 'sub'), { dockerfile: '../Dockerfile' })).rejects.toThrow(/must be inside the context folder/);
  });
});

describe('createBuildContext: the tar stream', () => {
  it('holds every entry with its contents, owned by root, with git-like modes', async () => {
    const dir = fixtureFolder({ Dockerfile: 'FROM x\n', 'run.sh': '#!/bin/sh\necho hi\n', 'data/x.json': '{}' });
    chmodSync(path.join(dir, 'run.sh'), 0o775);
    chmodSync(path.join(dir, 'data/x.json'), 0o600);
    const members = await unpack((await createBuildContext(dir)).tar());
    expect(members.get('run.sh')).toEqual({ type: 'file', mode: 0o755, uid: 0, contents: '#!/bin/sh\necho hi\n' });
    expect(members.get('data/x.json')).toEqual({ type: 'file', mode: 0o644, uid: 0, contents: '{}' });
    expect(members.get('data')).toEqual({ type: 'directory', mode: 0o755, uid: 0 });
    expect(members.get('Dockerfile')?.contents).toBe('FROM x\n');
  });

  it('gives a new, complete stream on every call', async () => {
    const context = await createBuildContext(fixtureFolder({ Dockerfile: 'FROM x\n', 'a.txt': 'a' }));
    const first = await unpack(context.tar());
    const second = await unpack(context.tar());
    expect([...second.keys()]).toEqual([...first.keys()]);
    expect(second.size).toBe(2);
  });

  it('streams a file much larger than a chunk intact', async () => {
    const big = 'x'.repeat(3 * 1024 * 1024 + 17);
    const members = await unpack((await createBuildContext(fixtureFolder({ Dockerfile: 'FROM x\n', 'big.bin': big }))).tar());
    expect(members.get('big.bin')?.contents?.length).toBe(big.length);
  });
});

describe('createBuildContext: the content hash', () => {
  const files = { Dockerfile: 'FROM x\nCOPY . /app\n', '.dockerignore': '*.log\n', 'main.py': 'print(1)\n', 'debug.log': 'first' };

  async function hashOf(dir: string): Promise<string> {
    return (await createBuildContext(dir)).hash;
  }

  it('is a sha256 hex digest that is the same for two identical folders', async () => {
    const first = await hashOf(fixtureFolder(files));
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(await hashOf(fixtureFolder(files))).toBe(first);
  });

  it('changes when a file changes', async () => {
    const dir = fixtureFolder(files);
    const before = await hashOf(dir);
    writeFileSync(path.join(dir, 'main.py'), 'print(2)\n');
    expect(await hashOf(dir)).not.toBe(before);
  });

  it('changes when a file is added', async () => {
    const dir = fixtureFolder(files);
    const before = await hashOf(dir);
    writeFileSync(path.join(dir, 'new.py'), '');
    expect(await hashOf(dir)).not.toBe(before);
  });

  it('changes when a file becomes executable', async () => {
    const dir = fixtureFolder(files);
    const before = await hashOf(dir);
    chmodSync(path.join(dir, 'main.py'), 0o755);
    expect(await hashOf(dir)).not.toBe(before);
  });

  it('changes when the Dockerfile changes', async () => {
    const dir = fixtureFolder(files);
    const before = await hashOf(dir);
    writeFileSync(path.join(dir, 'Dockerfile'), 'FROM y\nCOPY . /app\n');
    expect(await hashOf(dir)).not.toBe(before);
  });

  it('does not change when an ignored file changes', async () => {
    const dir = fixtureFolder(files);
    const before = await hashOf(dir);
    writeFileSync(path.join(dir, 'debug.log'), 'second, much longer');
    writeFileSync(path.join(dir, 'another.log'), 'new');
    expect(await hashOf(dir)).toBe(before);
  });

  it('does not change when secrets change', async () => {
    const dir = fixtureFolder(files);
    const before = await hashOf(dir);
    mkdirSync(path.join(dir, 'secrets'));
    writeFileSync(path.join(dir, 'secrets', 'config.json'), '{"token":"t"}');
    expect(await hashOf(dir)).toBe(before);
  });

  it('does not change when only timestamps change', async () => {
    const dir = fixtureFolder(files);
    const before = await hashOf(dir);
    utimesSync(path.join(dir, 'main.py'), new Date(2001, 1, 1), new Date(2001, 1, 1));
    expect(await hashOf(dir)).toBe(before);
  });

  it('does not change when a group-write bit changes (modes are normalised as git does)', async () => {
    const dir = fixtureFolder(files);
    chmodSync(path.join(dir, 'main.py'), 0o644);
    const before = await hashOf(dir);
    chmodSync(path.join(dir, 'main.py'), 0o664);
    expect(await hashOf(dir)).toBe(before);
    expect(readFileSync(path.join(dir, 'main.py'), 'utf8')).toBe('print(1)\n');
  });
});
