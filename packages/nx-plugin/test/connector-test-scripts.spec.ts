import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
