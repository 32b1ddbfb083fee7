import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from './cli';

async function run(argv: string[], cwd: string) {
  let out = '';
  let err = '';
  const status = await main(argv, { out: (line) => (out += `${line}\n`), err: (line) => (err += `${line}\n`), cwd, env: {} });
  return { status, out, err };
}

/**
 * A stand-in for the connector's own esbuild, in its node_modules: it records the options it gets
 * and writes the outfile, or fails like esbuild does (an error with an `errors` array).
 */
function fakeEsbuild(dir: string, fail = false): void {
  const folder = join(dir, 'node_modules', 'esbuild');
  mkdirSync(folder, { recursive: true });
  writeFileSync(
    join(folder, 'index.js'),
    `const fs = require('node:fs'), path = require('node:path');
     exports.build = async (options) => {
       fs.writeFileSync(path.join(${JSON.stringify(dir)}, 'options.json'), JSON.stringify(options));
       if (${fail}) throw Object.assign(new Error('Build failed with 2 errors'), { errors: [{}, {}] });
       fs.mkdirSync(path.dirname(options.outfile), { recursive: true });
       fs.writeFileSync(options.outfile, 'x'.repeat(3072));
       return { metafile: { outputs: { [options.outfile]: { bytes: 3072 } } } };
     };`,
  );
}

describe('nx-airbyte-ts', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nx-airbyte-ts-'));
    writeFileSync(join(dir, 'package.json'), '{"name":"source-x","private":true}');
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'main.ts'), 'console.log(1);\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('bundles src/main.ts into dist/main.js with the connector own esbuild, for the Node of the base image', async () => {
    fakeEsbuild(dir);
    const { status, out } = await run(['bundle'], dir);
    expect(status).toBe(0);
    expect(out).toBe('dist/main.js: 3 kB\n');
    const options = JSON.parse(readFileSync(join(dir, 'options.json'), 'utf8'));
    expect(options).toMatchObject({ absWorkingDir: dir, entryPoints: [join(dir, 'src', 'main.ts')], outfile: join(dir, 'dist', 'main.js'), bundle: true, platform: 'node', format: 'cjs', target: 'node18' });
  });

  it('takes the outfile, --entry and --target from the command line, paths from the current directory', async () => {
    fakeEsbuild(dir);
    writeFileSync(join(dir, 'src', 'other.ts'), '');
    const { status, out } = await run(['bundle', 'out/x.js', '--dir', dir, '--entry', join(dir, 'src', 'other.ts'), '--target', 'node20'], join(dir, 'src'));
    expect(status).toBe(0);
    expect(out).toBe('out/x.js: 3 kB\n');
    expect(JSON.parse(readFileSync(join(dir, 'options.json'), 'utf8'))).toMatchObject({ entryPoints: [join(dir, 'src', 'other.ts')], outfile: join(dir, 'src', 'out', 'x.js'), target: 'node20' });
  });

  it('says when esbuild is not installed in the connector', async () => {
    const { status, err } = await run(['bundle'], dir);
    expect(status).toBe(1);
    expect(err).toContain(`nx-airbyte-ts bundle: esbuild is not installed in ${join(dir, 'node_modules')}`);
  });

  it('says how many errors esbuild reported (it prints them itself)', async () => {
    fakeEsbuild(dir, true);
    const { status, err } = await run(['bundle'], dir);
    expect(status).toBe(1);
    expect(err).toBe(`nx-airbyte-ts bundle: bundling src/main.ts in ${dir} failed with 2 errors (above).\n`);
  });

  it('names a missing entry point', async () => {
    fakeEsbuild(dir);
    rmSync(join(dir, 'src', 'main.ts'));
    const { status, err } = await run(['bundle'], dir);
    expect(status).toBe(1);
    expect(err).toContain(`${join(dir, 'src', 'main.ts')} does not exist`);
  });

  it('install says which folder has no lockfile', async () => {
    const { status, err } = await run(['install'], dir);
    expect(status).toBe(1);
    expect(err).toContain(`nx-airbyte-ts install: ${join(dir, 'package-lock.json')} does not exist`);
  });

  it.each([
    [[], 'a command is required: install or bundle'],
    [['frob'], 'unknown command "frob": use install or bundle'],
    [['install', 'x'], 'install takes no arguments, got x'],
    [['install', '--target', 'node20'], '--entry and --target go with bundle, not install'],
    [['bundle', 'a.js', 'b.js'], 'bundle takes at most one outfile, got a.js b.js'],
    [['bundle', '--frobnicate'], "Unknown option '--frobnicate'"],
  ])('refuses %j with status 2 and the usage', async (argv, message) => {
    const { status, err } = await run(argv, dir);
    expect(status).toBe(2);
    expect(err).toContain(message);
    expect(err).toContain('Usage: nx-airbyte-ts <command>');
  });

  it('prints its help with status 0', async () => {
    const { status, out } = await run(['--help'], dir);
    expect(status).toBe(0);
    expect(out).toContain('bundle [outfile]');
  });
});
