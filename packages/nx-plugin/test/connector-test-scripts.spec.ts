import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

// The scripts the inferred `test` targets of connectors run, so that their unit tests are counted by
// the workspace's test summary: Jest-shaped JSON results in dist/test-results/<project>/unit.json.
const SCRIPTS = path.join(__dirname, '../scripts');
let dir: string;

beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'nx-airbyte-connector-tests-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(file: string, text: string): void {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), text);
}

describe('python-unittest.py', () => {
  const run = () => spawnSync('python3', [path.join(SCRIPTS, 'python-unittest.py'), '--start', 'unit_tests', '--results', 'out/unit.json'], { cwd: dir, encoding: 'utf8', env: { ...process.env, PYTHONPATH: '.' } });

  it('runs unittest discovery like python3 -m unittest (no __init__.py needed) and writes the counts', () => {
    write('source_x/__init__.py', 'def double(x):\n    return 2 * x\n');
    write('unit_tests/test_double.py', 'import unittest\nfrom source_x import double\n\nclass T(unittest.TestCase):\n    def test_two(self):\n        self.assertEqual(double(1), 2)\n\n    @unittest.skip("later")\n    def test_later(self):\n        pass\n');
    const result = run();
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/Ran 2 tests/);
    const json = JSON.parse(readFileSync(path.join(dir, 'out/unit.json'), 'utf8'));
    expect(json).toMatchObject({ success: true, numPassedTests: 1, numFailedTests: 0, numPendingTests: 1 });
    expect(json.testResults[0]).toMatchObject({ name: path.join(dir, 'unit_tests/test_double.py'), status: 'passed' });
  });

  it('counts failures and modules that do not import, and exits 1', () => {
    write('unit_tests/test_fails.py', 'import unittest\n\nclass T(unittest.TestCase):\n    def test_wrong(self):\n        self.assertEqual(1, 2)\n');
    write('unit_tests/test_broken.py', 'import no_such_module_anywhere\n');
    const result = run();
    expect(result.status).toBe(1);
    const json = JSON.parse(readFileSync(path.join(dir, 'out/unit.json'), 'utf8'));
    expect(json).toMatchObject({ success: false, numPassedTests: 0, numFailedTests: 2 });
    expect(json.testResults.map((file: { status: string }) => file.status)).toEqual(['failed', 'failed']);
  });

  it('says so when there is no such folder, and exits 2', () => {
    const result = run();
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('python-unittest: no folder unit_tests in');
  });
});

describe('npm-test.js', () => {
  /** A package whose `jest` is a stand-in that records the arguments it got. */
  function packageWithTestScript(script: string): void {
    write('package.json', JSON.stringify({ name: 'connector', private: true, scripts: { test: script } }));
    write('node_modules/.bin/jest', `#!/bin/sh\necho "$@" > ${path.join(dir, 'jest-args.txt')}\n`);
    chmodSync(path.join(dir, 'node_modules/.bin/jest'), 0o755);
  }
  const run = () => spawnSync(process.execPath, [path.join(SCRIPTS, 'npm-test.js'), 'results/unit.json'], { cwd: dir, encoding: 'utf8' });

  it('asks a test script that ends with jest to write its JSON results too', () => {
    packageWithTestScript('node -e "" && jest');
    expect(run().status).toBe(0);
    expect(readFileSync(path.join(dir, 'jest-args.txt'), 'utf8').trim()).toBe(`--ci --json --outputFile=${path.join(dir, 'results/unit.json')}`);
  });

  it('runs any other test script as npm test, without jest flags, with its exit status', () => {
    packageWithTestScript('node -e "process.exit(3)"');
    expect(run().status).toBe(3);
    expect(existsSync(path.join(dir, 'jest-args.txt'))).toBe(false);
  });
});

describe('python-lint.py', () => {
  const run = () => spawnSync('python3', [path.join(SCRIPTS, 'python-lint.py')], { cwd: dir, encoding: 'utf8' });

  it('compiles every .py file and passes when all do, saying that it is a syntax check only', () => {
    write('main.py', 'import sys\n');
    write('source_x/source.py', 'def read():\n    return 1\n');
    const result = run();
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/python-lint: 2 files compiled with Python 3\.\d+\.\d+, 0 with a syntax error \(a syntax check only, not pyflakes or flake8\)/);
  });

  it('reports each syntax error as file:line:column and exits 1', () => {
    write('main.py', 'import sys\n');
    write('source_x/broken.py', 'def read(:\n    return 1\n');
    write('unit_tests/test_indent.py', 'def test_x():\nreturn 1\n');
    const result = run();
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^source_x\/broken\.py:1:10: SyntaxError: .+$/m);
    expect(result.stdout).toMatch(/^unit_tests\/test_indent\.py:2:1: IndentationError: .+$/m);
    expect(result.stdout).toContain('3 files compiled');
  });

  it('leaves out secrets/, virtualenvs and build output', () => {
    write('main.py', 'import sys\n');
    for (const folder of ['secrets', '.venv', 'build', 'node_modules']) write(`${folder}/x.py`, 'this is not python\n');
    const result = run();
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('1 files compiled');
  });
});

describe('typescript-lint.js', () => {
  /** A connector whose dependencies are installed: this repository's node_modules (TypeScript, eslint), a lockfile older than them. */
  function installedConnector(files: Record<string, string>): void {
    write('package.json', JSON.stringify({ name: 'connector', private: true }));
    write('package-lock.json', '{}');
    utimesSync(path.join(dir, 'package-lock.json'), new Date(0), new Date(0));
    symlinkSync(path.join(__dirname, '../../../node_modules'), path.join(dir, 'node_modules'));
    write('tsconfig.json', JSON.stringify({ compilerOptions: { strict: true, noEmit: true, types: [] }, include: ['src', 'unit_tests'] }));
    for (const [file, text] of Object.entries(files)) write(file, text);
  }
  const run = () => spawnSync(process.execPath, [path.join(SCRIPTS, 'typescript-lint.js')], { cwd: dir, encoding: 'utf8' });

  it('type-checks src/ and unit_tests/ with tsc --noEmit and passes, saying eslint was not run without a config', () => {
    installedConnector({ 'src/main.ts': 'export const answer: number = 42;\n', 'unit_tests/main.spec.ts': "import { answer } from '../src/main';\nexport const doubled: number = answer * 2;\n" });
    const result = run();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('typescript-lint: tsc --noEmit -p tsconfig.json passed');
    expect(result.stdout).toContain('no eslint config in the folder, eslint not run');
  });

  it('fails on a type error in a unit test, naming file and line', () => {
    installedConnector({ 'src/main.ts': 'export const answer: number = 42;\n', 'unit_tests/main.spec.ts': "import { answer } from '../src/main';\nexport const wrong: string = answer;\n" });
    const result = run();
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/unit_tests\/main\.spec\.ts\(2,14\): error TS2322/);
    expect(result.stdout).toContain('tsc --noEmit -p tsconfig.json failed');
  });

  it("runs the connector's eslint when the folder has an eslint config", () => {
    installedConnector({ 'src/main.ts': 'export const answer = 42;\n', 'eslint.config.mjs': "export default [{ files: ['**/*.js'], rules: { 'no-unused-vars': 'error' } }];\n", 'scripts/tool.js': 'const unused = 1;\n' });
    const result = run();
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/scripts\/tool\.js[\s\S]*'unused' is assigned a value but never used/);
    expect(result.stdout).toContain('typescript-lint: eslint . (eslint.config.mjs) failed');
  });

  it('refuses a folder without tsconfig.json, naming it', () => {
    write('package.json', '{}');
    const result = run();
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`typescript-lint: no tsconfig.json in ${dir}`);
  });
});
