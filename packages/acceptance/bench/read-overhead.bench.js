#!/usr/bin/env node
// Benchmark (not a test): what the acceptance suite adds to a large read.
//
// Side by side, interleaved round by round, on the same image and config:
//   (a) the container's own `read` piped to /dev/null: `docker run --network host --log-driver none ... > /dev/null`
//       (the engine streams stdout to the docker CLI, which drops it);
//   (a') for reference, the same with /dev/null inside the container: no stdout transport at all;
//   (b) the suite's basic_read.test_read on the same read: every record parsed, validated against its
//       stream schema and checked (primary keys, extra columns, ...), plus the spec and discover it needs.
// Reports wall time of each, the overhead of (b) over (a), and the peak RSS of the suite's process.
// Target (issue P2): overhead <= 25 %, peak memory < 200 MB.
//
// With --suite full_refresh: only (b) for full_refresh.test_sequential_reads (two reads, every record of the
// first kept as a digest until the second), its wall time and peak RSS; there is no one-read baseline for it.
//
// Usage: node packages/acceptance/bench/read-overhead.bench.js [--records N] [--rounds N] [--suite basic_read|full_refresh]
// Needs: a Docker engine (tools/bootstrap), `npm ci` (builds dist/), the docker CLI for the baseline.
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log('Usage: node packages/acceptance/bench/read-overhead.bench.js [--records 1000000] [--rounds 3] [--suite basic_read|full_refresh]');
  process.exit(0);
}
const option = (name, fallback) => {
  const index = args.indexOf(name);
  return index === -1 ? fallback : Number(args[index + 1]);
};
const RECORDS = option('--records', 1_000_000);
const ROUNDS = option('--rounds', 3);
const SUITE = args.includes('--suite') ? args[args.indexOf('--suite') + 1] : 'basic_read';
const TESTS = { basic_read: 'test_read', full_refresh: 'test_sequential_reads' };
if (!(SUITE in TESTS)) {
  console.error(`read-overhead bench: --suite must be basic_read or full_refresh, got ${SUITE}`);
  process.exit(2);
}

const PACKAGE = path.join(__dirname, '..');
const FIXTURE = path.join(PACKAGE, 'test/fixtures/connectors/source-fixture');
const IMAGE = `nx-airbyte-bench/source-fixture:${process.pid}`;
const CLI = path.join(PACKAGE, 'bin/connector-acceptance-test.js');

function sh(command, commandArgs, options = {}) {
  return execFileSync(command, commandArgs, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function seconds(ms) {
  return (ms / 1000).toFixed(2);
}

function prepare(dir) {
  const config = { api_key: 'key-bench-0000', count: RECORDS, checkpoint_every: 100000 };
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
  const catalog = JSON.parse(fs.readFileSync(path.join(FIXTURE, 'integration_tests/configured_catalog.json'), 'utf8'));
  catalog.streams = catalog.streams.filter((stream) => stream.stream.name === 'items').map((stream) => ({ ...stream, sync_mode: 'full_refresh' }));
  fs.writeFileSync(path.join(dir, 'catalog.json'), JSON.stringify(catalog));
  fs.writeFileSync(
    path.join(dir, 'acceptance-test-config.yml'),
    [
      `connector_image: ${IMAGE}`,
      'acceptance_tests:',
      `  ${SUITE}:`,
      '    tests:',
      '      - config_path: config.json',
      '        configured_catalog_path: catalog.json',
      '        timeout_seconds: 1200',
      '',
    ].join('\n'),
  );
}

const READ_ARGS = 'read --config /data/config.json --catalog /data/catalog.json';

function timed(shellCommand, what) {
  const started = process.hrtime.bigint();
  const result = spawnSync('sh', ['-c', shellCommand], { stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${what} failed: ${result.stderr}`);
  return ms;
}

function baseline(dir) {
  return timed(`docker run --rm --network host --log-driver none -v "${dir}:/data:ro" ${IMAGE} ${READ_ARGS} > /dev/null`, 'baseline read');
}

function insideContainer(dir) {
  return timed(`docker run --rm --network host --log-driver none -v "${dir}:/data:ro" --entrypoint sh ${IMAGE} -c 'python3 /airbyte/integration_code/source_fixture.py ${READ_ARGS} > /dev/null'`, 'in-container read');
}

function suite(dir) {
  const started = process.hrtime.bigint();
  // GNU time reports the peak RSS of the suite's process (%M, KiB)
  const result = spawnSync('/usr/bin/time', ['-f', 'MAXRSS_KB=%M', process.execPath, CLI, '--acceptance-test-config', dir, '-k', `${SUITE}.${TESTS[SUITE]}`], { encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`suite run failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  const rss = Number(/MAXRSS_KB=(\d+)/.exec(result.stderr)?.[1] ?? NaN) / 1024;
  const counted = result.stdout.includes(`PASSED  ${SUITE} ${TESTS[SUITE]}`) && / 0 failed/.test(result.stdout);
  if (!counted) throw new Error(`${TESTS[SUITE]} did not pass:\n${result.stdout}`);
  return { ms, rss };
}

function fullRefresh(dir, load) {
  const runs = [];
  for (let round = 1; round <= ROUNDS; round++) {
    runs.push(suite(dir));
    console.error(`round ${round}: suite ${seconds(runs.at(-1).ms)} s, peak RSS ${runs.at(-1).rss.toFixed(0)} MB`);
  }
  console.log(`\n### full_refresh.test_sequential_reads on two reads of ${RECORDS.toLocaleString('en')} records (${ROUNDS} round(s), load ${load} at start)\n`);
  console.log('| what | value |');
  console.log('|---|---|');
  console.log(`| wall time of \`connector-acceptance-test -k full_refresh.test_sequential_reads\` (spec + discover + two reads) | ${seconds(median(runs.map((run) => run.ms)))} s |`);
  console.log(`| peak RSS of the suite's process | **${Math.max(...runs.map((run) => run.rss)).toFixed(0)} MB** (target < 200 MB) |`);
  console.log(`\nReproduce: \`node packages/acceptance/bench/read-overhead.bench.js --suite full_refresh --records ${RECORDS} --rounds ${ROUNDS}\``);
}

function main() {
  if (!fs.existsSync(path.join(PACKAGE, 'dist/cli/main.js'))) throw new Error('packages/acceptance is not built: run npm ci (or npm run prepare) at the workspace root');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-airbyte-read-bench-'));
  try {
    sh('docker', ['image', 'inspect', 'airbyte/base-python:dev']);
  } catch {
    throw new Error('airbyte/base-python:dev is missing: run `npx nx run base-python:build` first');
  }
  sh('docker', ['build', '-q', '-t', IMAGE, FIXTURE], { env: { ...process.env, DOCKER_BUILDKIT: '0' } });
  try {
    prepare(dir);
    const load = os.loadavg()[0].toFixed(2);
    if (SUITE === 'full_refresh') return fullRefresh(dir, load);
    const base = [];
    const inside = [];
    const ours = [];
    const rss = [];
    for (let round = 1; round <= ROUNDS; round++) {
      base.push(baseline(dir));
      inside.push(insideContainer(dir));
      const run = suite(dir);
      ours.push(run.ms);
      rss.push(run.rss);
      console.error(`round ${round}: read > /dev/null ${seconds(base.at(-1))} s, inside the container ${seconds(inside.at(-1))} s, suite ${seconds(run.ms)} s, peak RSS ${run.rss.toFixed(0)} MB`);
    }
    const overhead = (median(ours) / median(base) - 1) * 100;
    const range = (values) => `${seconds(Math.min(...values))}–${seconds(Math.max(...values))}`;
    console.log(`\n### Acceptance suite overhead on a read of ${RECORDS.toLocaleString('en')} records (${ROUNDS} rounds, load ${load} at start)\n`);
    console.log('| what | median wall (min–max) |');
    console.log('|---|---|');
    console.log(`| (a) the container's own \`read\` piped to /dev/null (\`docker run --network host --log-driver none … > /dev/null\`) | ${seconds(median(base))} s (${range(base)}) |`);
    console.log(`| (a') for reference: /dev/null inside the container (no stdout transport) | ${seconds(median(inside))} s (${range(inside)}) |`);
    console.log(`| (b) \`connector-acceptance-test -k basic_read.test_read\` (spec + discover + read, every record parsed, validated, checked) | ${seconds(median(ours))} s (${range(ours)}) |`);
    console.log(`| overhead of (b) over (a) | **${overhead.toFixed(1)} %** (target ≤ 25 %) |`);
    console.log(`| peak RSS of the suite's process | **${Math.max(...rss).toFixed(0)} MB** (target < 200 MB) |`);
    console.log(`\nReproduce: \`node packages/acceptance/bench/read-overhead.bench.js --records ${RECORDS} --rounds ${ROUNDS}\``);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    spawnSync('docker', ['rmi', '-f', IMAGE], { stdio: 'ignore' });
  }
}

try {
  main();
} catch (error) {
  console.error(`read-overhead bench: ${error.message}`);
  process.exitCode = 1;
}
