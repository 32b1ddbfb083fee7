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

/** Whether the python3 on PATH can import pytest (the runner then uses it). */
const PYTEST_IMPORTABLE = spawnSync('python3', ['-c', 'import pytest']).status === 0;

describe('python-unittest.py', () => {
  /** Runs the script; without pytest, a pytest.py that fails to import stands first on the path, as on a machine without pytest. */
  function run(runner: 'stdlib' | 'pytest' = 'stdlib') {
    const hidePytest = runner === 'stdlib' ? `${path.join(dir, '.no-pytest')}:` : '';
    if (runner === 'stdlib') write('.no-pytest/pytest.py', 'raise ImportError("pytest is hidden by the test")\n');
    return spawnSync('python3', [path.join(SCRIPTS, 'python-unittest.py'), '--start', 'unit_tests', '--results', 'out/unit.json'], { cwd: dir, encoding: 'utf8', env: { ...process.env, PYTHONPATH: `${hidePytest}.` } });
  }
  const results = () => JSON.parse(readFileSync(path.join(dir, 'out/unit.json'), 'utf8'));

  describe('without pytest (standard library)', () => {
    it('runs unittest discovery like python3 -m unittest (no __init__.py needed), says which runner, and writes the counts', () => {
      write('source_x/__init__.py', 'def double(x):\n    return 2 * x\n');
      write('unit_tests/test_double.py', 'import unittest\nfrom source_x import double\n\nclass T(unittest.TestCase):\n    def test_two(self):\n        self.assertEqual(double(1), 2)\n\n    @unittest.skip("later")\n    def test_later(self):\n        pass\n');
      const result = run();
      expect(result.status).toBe(0);
      expect(result.stderr).toMatch(/^python-unittest: pytest is not importable by \S+: running unit_tests\/ with unittest discovery and plain test_\* functions/);
      expect(result.stderr).toMatch(/Ran 2 tests/);
      expect(results()).toMatchObject({ success: true, numPassedTests: 1, numFailedTests: 0, numPendingTests: 1 });
      expect(results().testResults[0]).toMatchObject({ name: path.join(dir, 'unit_tests/test_double.py'), status: 'passed' });
    });

    it('counts failures and modules that do not import, and exits 1', () => {
      write('unit_tests/test_fails.py', 'import unittest\n\nclass T(unittest.TestCase):\n    def test_wrong(self):\n        self.assertEqual(1, 2)\n');
      write('unit_tests/test_broken.py', 'import no_such_module_anywhere\n');
      const result = run();
      expect(result.status).toBe(1);
      expect(results()).toMatchObject({ success: false, numPassedTests: 0, numFailedTests: 2 });
      expect(results().testResults.map((file: { status: string }) => file.status)).toEqual(['failed', 'failed']);
    });

    it('runs pytest-style test functions and Test* classes with plain asserts, and counts a failed assert', () => {
      write('unit_tests/test_plain.py', 'def test_adds():\n    assert 1 + 1 == 2\n\ndef test_wrong():\n    assert 1 + 1 == 3, "arithmetic"\n\nclass TestGroup:\n    def test_in_class(self):\n        assert "a".upper() == "A"\n\ndef helper():\n    raise RuntimeError("not a test")\n');
      const result = run();
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/test_plain\.test_adds \.\.\. ok/);
      expect(result.stderr).toMatch(/test_plain\.test_wrong \.\.\. FAIL[\s\S]*AssertionError: arithmetic/);
      expect(results()).toMatchObject({ success: false, numPassedTests: 2, numFailedTests: 1 });
      expect(results().testResults[0].assertionResults.map((a: { fullName: string }) => a.fullName)).toEqual(['test_plain.test_adds', 'test_plain.test_wrong', 'test_plain.TestGroup.test_in_class']);
    });

    it('fails a test function that takes fixture arguments, saying that it needs pytest', () => {
      write('unit_tests/test_fixture.py', 'def test_uses_fixture(tmp_path, config):\n    assert tmp_path\n');
      const result = run();
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('test_fixture.test_uses_fixture takes arguments (tmp_path, config): pytest fixtures, which need pytest');
      expect(results()).toMatchObject({ success: false, numFailedTests: 1 });
    });

    it('fails, never reports success, when the test files hold no test it can collect', () => {
      write('unit_tests/test_nothing.py', 'def check_value():\n    assert False\n');
      const result = run();
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('python-unittest: unit_tests/ has test files (test_nothing.py) but no test was collected from them');
      expect(results()).toMatchObject({ success: false, numTotalTests: 0, testResults: [{ status: 'failed', message: expect.stringContaining('no test was collected') }] });
    });

    it('passes with a note when unit_tests/ has no test file at all (a connector without unit tests is no error)', () => {
      write('unit_tests/__init__.py', '');
      const result = run();
      expect(result.status).toBe(0);
      expect(result.stderr).toContain('no test files (test*.py, *_test.py) in unit_tests/');
    });
  });

  (PYTEST_IMPORTABLE ? describe : describe.skip)('with pytest (importable by python3 on this machine)', () => {
    it('runs pytest-style tests (fixtures, parametrize) and unittest classes with pytest, saying so, and writes the counts', () => {
      write('unit_tests/test_style.py', 'import unittest\nimport pytest\n\n@pytest.fixture\ndef config():\n    return {"n": 2}\n\ndef test_fixture(config):\n    assert config["n"] == 2\n\n@pytest.mark.parametrize("x", [1, 2, 3])\ndef test_param(x):\n    assert x < 3\n\n@pytest.mark.skip(reason="later")\ndef test_skipped():\n    pass\n\nclass T(unittest.TestCase):\n    def test_case(self):\n        self.assertTrue(True)\n');
      const result = run('pytest');
      expect(result.stderr).toMatch(/^python-unittest: running unit_tests\/ with pytest \d+\.\d+/);
      expect(result.status).toBe(1);
      expect(results()).toMatchObject({ success: false, numPassedTests: 4, numFailedTests: 1, numPendingTests: 1 });
      expect(results().testResults[0].name).toBe(path.join(dir, 'unit_tests/test_style.py'));
      expect(existsSync(path.join(dir, '.pytest_cache'))).toBe(false);
    });

    it('fails when pytest collects nothing from the test files', () => {
      write('unit_tests/test_nothing.py', 'def check_value():\n    assert False\n');
      const result = run('pytest');
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('but no test was collected from them');
    });
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

describe('masked-run.js (how the inferred test targets run the two scripts above)', () => {
  const SECRET = 'canary-unit-test-4c1f9e2a';
  const masked = (args: string[]) => spawnSync(process.execPath, [path.join(SCRIPTS, 'masked-run.js'), '--results', 'out/unit.json', '--', ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, PYTHONPATH: '.' } });

  beforeEach(() => write('secrets/config.json', JSON.stringify({ api_key: SECRET, nested: { token: 'second-canary-77aa31' } })));

  it("masks every value of secrets/ in a unit test's output and results file, and keeps its exit status", () => {
    write(
      'unit_tests/test_prints_secret.py',
      'import json\nimport unittest\n\nclass T(unittest.TestCase):\n    def test_leaks(self):\n        config = json.load(open("secrets/config.json"))\n        print("the key is", config["api_key"], config["nested"]["token"])\n        self.assertEqual(config["api_key"], "something else")\n',
    );
    const result = masked(['python3', path.join(SCRIPTS, 'python-unittest.py'), '--start', 'unit_tests', '--results', 'out/unit.json']);
    expect(result.status).toBe(1);
    const output = `${result.stdout}${result.stderr}`;
    const results = readFileSync(path.join(dir, 'out/unit.json'), 'utf8');
    // the test did print the key and fail on it: what is left is the mask
    expect(output).toMatch(/the key is \*+ \*+/);
    expect(results).toContain('AssertionError');
    for (const text of [output, results]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain('second-canary-77aa31');
    }
    expect(JSON.parse(results)).toMatchObject({ numFailedTests: 1 });
  });

  it('masks output that arrives in pieces (a secret split between two writes)', () => {
    write('split.js', `process.stdout.write('${SECRET.slice(0, 10)}'); setTimeout(() => process.stdout.write('${SECRET.slice(10)} done\\n'), 50);`);
    const result = masked([process.execPath, 'split.js']);
    expect(result.status).toBe(0);
    expect(result.stdout).not.toContain(SECRET);
    expect(result.stdout).toMatch(/\*+ done/);
  });

  it('refuses a call without a command after --', () => {
    const result = spawnSync(process.execPath, [path.join(SCRIPTS, 'masked-run.js'), '--results', 'x.json'], { cwd: dir, encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('masked-run: no command after --');
  });
});
