import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ConsoleReporter } from './console-reporter';
import { JsonReporter, type JsonReport } from './json-reporter';
import { JUnitReporter } from './junit-reporter';
import { combineReporters, type Reporter } from './reporter';
import { MASK, SecretMasker } from './secret-masker';
import type { RunSummary, TestResult } from './test-result';

/** The API key of the run below: it shows up in a failure message, a value and a skip reason, and must never be printed. */
const ACCESS_KEY = 'c0ffee"4p1<k3y>&0123';

/** A run of source-exchange-rates with a passed, a skipped and two failed tests. */
const RESULTS: TestResult[] = [
  { suite: 'spec', name: 'test_match_expected', status: 'passed', durationMs: 420, failures: [] },
  { suite: 'connection', name: 'test_check', params: { status: 'succeed' }, status: 'passed', durationMs: 1020, failures: [] },
  {
    suite: 'connection',
    name: 'test_check',
    params: { status: 'failed' },
    status: 'failed',
    durationMs: 980,
    failures: [{ message: `check returned SUCCEEDED for access_key=${ACCESS_KEY}; expected FAILED`, expected: 'FAILED', actual: 'SUCCEEDED' }],
  },
  {
    suite: 'basic_read',
    name: 'test_read',
    status: 'failed',
    durationMs: 12345,
    failures: [
      { message: 'record does not match the stream schema: must be string', stream: 'exchange_rates', recordIndex: 2, pointer: '/base', expected: { type: 'string' }, actual: 12 },
      { message: 'the connector logged its request:\nGET /latest?access_key=' + ACCESS_KEY, stream: 'exchange_rates', actual: { query: { access_key: ACCESS_KEY } } },
    ],
  },
  {
    suite: 'incremental',
    name: 'test_two_sequential_reads',
    status: 'skipped',
    durationMs: 0,
    failures: [],
    skipReason: `no state for key ${ACCESS_KEY}`,
  },
];

const SUMMARY: RunSummary = {
  connectorImage: 'airbyte/source-exchange-rates:dev',
  startedAt: '2026-11-25T14:03:07.123Z',
  durationMs: 15432,
  recordCounts: [{ test: 'basic_read.test_read', stream: 'exchange_rates', records: 31 }],
  containerRuns: [
    { test: 'connection.test_check[status=succeed]', command: 'check', image: 'airbyte/source-exchange-rates:dev', durationMs: 950, exitCode: 0, timedOut: false },
    { test: 'basic_read.test_read', command: 'read', image: 'airbyte/source-exchange-rates:dev', durationMs: 12010, exitCode: 0, timedOut: false },
  ],
};

const masker = new SecretMasker([ACCESS_KEY]);

async function replay(reporter: Reporter, results: readonly TestResult[] = RESULTS): Promise<void> {
  for (const result of results) {
    reporter.onTestStart({ suite: result.suite, name: result.name, ...(result.params ? { params: result.params } : {}) });
    reporter.onTestFinished(result);
  }
  await reporter.onRunFinished(SUMMARY);
}

class CollectedText {
  text = '';
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), 'acceptance-reports-'));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

interface XmlElement {
  tag: string;
  attrib: Record<string, string>;
  text: string;
  children: XmlElement[];
}

/** Parses XML with Python's expat-based ElementTree, a strict parser independent of the code under test. */
function parseXml(xml: string): XmlElement {
  const script = [
    'import json, sys, xml.etree.ElementTree as ET',
    'def tree(e): return {"tag": e.tag, "attrib": e.attrib, "text": e.text or "", "children": [tree(c) for c in e]}',
    'print(json.dumps(tree(ET.fromstring(sys.stdin.buffer.read()))))',
  ].join('\n');
  return JSON.parse(execFileSync('python3', ['-c', script], { input: xml, encoding: 'utf8' })) as XmlElement;
}

describe('ConsoleReporter', () => {
  async function consoleOutput(results: readonly TestResult[] = RESULTS): Promise<string[]> {
    const out = new CollectedText();
    await replay(new ConsoleReporter({ out, masker }), results);
    return out.text.split('\n').slice(0, -1);
  }

  it('prints a line per test with its status, suite, name and duration', async () => {
    const lines = await consoleOutput();

    expect(lines.filter((line) => /^(PASSED|FAILED|SKIPPED)/.test(line))).toEqual([
      'PASSED  spec test_match_expected (0.420 s)',
      'PASSED  connection test_check[status=succeed] (1.020 s)',
      'FAILED  connection test_check[status=failed] (0.980 s)',
      'FAILED  basic_read test_read (12.345 s)',
      `SKIPPED incremental test_two_sequential_reads (0.000 s): no state for key ${MASK}`,
    ]);
  });

  it('prints each line as soon as its test finishes', () => {
    const out = new CollectedText();
    const reporter = new ConsoleReporter({ out, masker });

    reporter.onTestFinished(RESULTS[0]);

    expect(out.text).toBe('PASSED  spec test_match_expected (0.420 s)\n');
  });

  it('indents the reasons of a failure under its test: stream, record, pointer, expected and actual', async () => {
    const lines = await consoleOutput();
    const start = lines.indexOf('FAILED  basic_read test_read (12.345 s)');

    expect(lines.slice(start + 1, start + 8)).toEqual([
      '    - stream exchange_rates, record 3, at /base: record does not match the stream schema: must be string',
      '      expected: {"type":"string"}',
      '      actual:   12',
      '    - stream exchange_rates: the connector logged its request:',
      `        GET /latest?access_key=${MASK}`,
      `      actual:   {"query":{"access_key":"${MASK}"}}`,
      'SKIPPED incremental test_two_sequential_reads (0.000 s): no state for key **********',
    ]);
  });

  it('ends with exactly "N passed, N failed, N skipped"', async () => {
    const lines = await consoleOutput();

    expect(lines[lines.length - 1]).toBe('2 passed, 2 failed, 1 skipped');
  });

  it('counts an empty run as all zeros', async () => {
    expect(await consoleOutput([])).toEqual(['0 passed, 0 failed, 0 skipped']);
  });

  it('refuses to start without somewhere to write', () => {
    expect(() => new ConsoleReporter({} as never)).toThrow('ConsoleReporter needs { out }');
  });
});

describe('JUnitReporter', () => {
  // Python starts slowly here: the sample run is written and parsed once for the tests that read it.
  let root: XmlElement;
  beforeAll(async () => {
    const reports = mkdtempSync(path.join(tmpdir(), 'acceptance-junit-'));
    const file = path.join(reports, 'nested', 'junit.xml');
    await replay(new JUnitReporter({ file, masker }));
    root = parseXml(readFileSync(file, 'utf8'));
    rmSync(reports, { recursive: true, force: true });
  });

  it('writes well-formed XML with one testsuite per suite and the run’s totals', () => {
    expect(root.tag).toBe('testsuites');
    expect(root.attrib).toMatchObject({ tests: '5', failures: '2', skipped: '1', errors: '0', time: '15.432', timestamp: '2026-11-25T14:03:07' });
    expect(root.children.map((suite) => [suite.attrib.name, suite.attrib.tests, suite.attrib.failures, suite.attrib.skipped])).toEqual([
      ['spec', '1', '0', '0'],
      ['connection', '2', '1', '0'],
      ['basic_read', '1', '1', '0'],
      ['incremental', '1', '0', '1'],
    ]);
  });

  it('names each testcase after its test function, with the parameters in brackets, and the suite as classname', () => {
    const connection = root.children[1];

    expect(connection.children.map((testcase) => testcase.attrib)).toEqual([
      { name: 'test_check[status=succeed]', classname: 'connection', time: '1.020' },
      { name: 'test_check[status=failed]', classname: 'connection', time: '0.980' },
    ]);
  });

  it('gives a failed test a failure element with the first reason as message and all of them as text', () => {
    const [failure] = root.children[2].children[0].children;

    expect(failure.tag).toBe('failure');
    expect(failure.attrib.message).toBe('stream exchange_rates, record 3, at /base: record does not match the stream schema: must be string');
    expect(failure.text.split('\n')).toEqual([
      'stream exchange_rates, record 3, at /base: record does not match the stream schema: must be string',
      'expected: {"type":"string"}',
      'actual:   12',
      '',
      'stream exchange_rates: the connector logged its request:',
      `  GET /latest?access_key=${MASK}`,
      `actual:   {"query":{"access_key":"${MASK}"}}`,
    ]);
  });

  it('gives a skipped test a skipped element with its reason', () => {
    expect(root.children[3].children[0].children).toEqual([{ tag: 'skipped', attrib: { message: `no state for key ${MASK}` }, text: '', children: [] }]);
  });

  it('escapes markup and keeps control characters visible without breaking the XML', async () => {
    const file = path.join(directory, 'junit.xml');
    const result: TestResult = {
      suite: 'basic_read',
      name: 'test_read',
      status: 'failed',
      durationMs: 5,
      failures: [{ message: 'value <b>"A&B"</b> has a bell \u0007 and a ]]> in it' }],
    };

    await replay(new JUnitReporter({ file }), [result]);
    const failure = parseXml(readFileSync(file, 'utf8')).children[0].children[0].children[0];

    expect(failure.attrib.message).toBe('value <b>"A&B"</b> has a bell \\u0007 and a ]]> in it');
    expect(failure.text).toBe('value <b>"A&B"</b> has a bell \\u0007 and a ]]> in it');
  });
});

describe('JsonReporter', () => {
  async function jsonReport(): Promise<JsonReport> {
    const file = path.join(directory, 'report.json');
    await replay(new JsonReporter({ file, masker }));
    return JSON.parse(readFileSync(file, 'utf8')) as JsonReport;
  }

  it('holds the run, the totals and every test with its id', async () => {
    const report = await jsonReport();

    expect(report).toMatchObject({
      connectorImage: 'airbyte/source-exchange-rates:dev',
      startedAt: '2026-11-25T14:03:07.123Z',
      durationMs: 15432,
      counts: { passed: 2, failed: 2, skipped: 1 },
    });
    expect(report.tests.map((test) => [test.id, test.status, test.durationMs])).toEqual([
      ['spec.test_match_expected', 'passed', 420],
      ['connection.test_check[status=succeed]', 'passed', 1020],
      ['connection.test_check[status=failed]', 'failed', 980],
      ['basic_read.test_read', 'failed', 12345],
      ['incremental.test_two_sequential_reads', 'skipped', 0],
    ]);
  });

  it('keeps failures whole, with stream, record, pointer and both values', async () => {
    const report = await jsonReport();

    expect(report.tests[3].failures[0]).toEqual({
      message: 'record does not match the stream schema: must be string',
      stream: 'exchange_rates',
      recordIndex: 2,
      pointer: '/base',
      expected: { type: 'string' },
      actual: 12,
    });
  });

  it('adds the record counts per stream and the timing of every container run', async () => {
    const report = await jsonReport();

    expect(report.recordCounts).toEqual(SUMMARY.recordCounts);
    expect(report.containerRuns).toEqual(SUMMARY.containerRuns);
  });
});

describe('masking in every reporter', () => {
  async function everything(): Promise<Record<string, string>> {
    const out = new CollectedText();
    const junit = path.join(directory, 'junit.xml');
    const json = path.join(directory, 'report.json');
    await replay(combineReporters([new ConsoleReporter({ out, masker }), new JUnitReporter({ file: junit, masker }), new JsonReporter({ file: json, masker })]));
    return { console: out.text, junit: readFileSync(junit, 'utf8'), json: readFileSync(json, 'utf8') };
  }

  it.each(['console', 'junit', 'json'])('the %s report never holds the secret, in any spelling', async (name) => {
    const written = (await everything())[name];
    const spellings = [ACCESS_KEY, JSON.stringify(ACCESS_KEY).slice(1, -1), 'c0ffee&quot;4p1&lt;k3y&gt;&amp;0123', 'c0ffee"4p1<k3y>&amp;0123'];

    for (const spelling of spellings) expect(written).not.toContain(spelling);
    expect(written).toContain(MASK);
  });
});

describe('file reporters', () => {
  it('leave no temporary file next to the report', async () => {
    await replay(new JUnitReporter({ file: path.join(directory, 'junit.xml') }));
    await replay(new JsonReporter({ file: path.join(directory, 'report.json') }));

    expect(readdirSync(directory).sort()).toEqual(['junit.xml', 'report.json']);
  });

  it('refuse to start without a file to write', () => {
    expect(() => new JUnitReporter({ file: '' })).toThrow('JUnitReporter needs { file }');
    expect(() => new JsonReporter({} as never)).toThrow('JsonReporter needs { file }');
  });
});

describe('combineReporters', () => {
  it('writes every report it can and then reports the one it could not', async () => {
    const json = path.join(directory, 'report.json');
    const blockedByDirectory = directory;
    const combined = combineReporters([new JUnitReporter({ file: blockedByDirectory }), new JsonReporter({ file: json })]);

    await expect(replay(combined)).rejects.toThrow(`could not write ${blockedByDirectory}`);
    expect(JSON.parse(readFileSync(json, 'utf8')).counts).toEqual({ passed: 2, failed: 2, skipped: 1 });
  });
});
