#!/usr/bin/env node
/*
 * Record validation throughput: packages/protocol against the parse floor and Python jsonschema.
 *
 *   cd packages/protocol && npm run bench            # builds dist/, then runs this file
 *   node bench/validation.bench.js --records 200000 --rounds 5
 *
 * Generates deterministic NDJSON (RECORD messages of the 16-field users schema in
 * users-stream-schema.json, ~570 bytes a line) into a temp directory, then runs every variant as a
 * fresh process on the same file, interleaved round by round, and prints a markdown table of
 * median (min-max) records/s. Each process times only its streaming loop (read, parse, validate),
 * in wall time and in its own CPU time (all threads; steadier when other work shares the cores);
 * one-off costs (ajv set-up, compiling the RECORD message schema and the stream schema) are timed apart. The temp directory is removed at the end.
 * Needs a built dist/ (npm run build) and /usr/bin/python3 with python3-jsonschema (apt).
 */
'use strict';
/* global __filename */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const DIST = path.join(__dirname, '..', 'dist');
const SCHEMA_FILE = path.join(__dirname, 'users-stream-schema.json');
const PYTHON_VARIANT = path.join(__dirname, 'jsonschema_stream.py');
const PYTHON = '/usr/bin/python3';
const CHUNK_SIZE = 64 * 1024;
const TARGET_SHARE_OF_FLOOR = 0.8;
const TARGET_TIMES_PYTHON = 15;

const VARIANTS = [
  { key: 'floor', label: '(a) read + parse floor: LineSplitter + JSON.parse' },
  { key: 'protocol', label: '(b) readMessages (checkMessage) + validateRecords, date-time lenient (default)' },
  { key: 'protocol-strict', label: "(b') the same with dateTimeFormat: 'strict' (RFC 3339)" },
  { key: 'python', label: '(c) Python jsonschema Draft7Validator (Debian), json.loads + iter_errors' },
];

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.variant) {
    console.log(JSON.stringify(await runVariant(args.variant, args.file)));
    return;
  }
  drive(args);
}

function parseArgs(argv) {
  const args = { records: 200000, rounds: 5 };
  for (let i = 0; i < argv.length; i += 2) {
    const [name, value] = [argv[i], argv[i + 1]];
    if (name === '--records' || name === '--rounds') {
      args[name.slice(2)] = positiveInteger(name, value);
    } else if (name === '--variant') {
      args.variant = value;
      args.file = argv[i + 2];
      i += 1;
    } else throw new Error(`validation.bench.js: unknown argument ${name}; use --records N and --rounds N`);
  }
  return args;
}

function positiveInteger(name, value) {
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < 1) throw new Error(`validation.bench.js: ${name} needs a positive integer, got ${value}`);
  return number;
}

// ---------------------------------------------------------------- the variants (one per process)

async function runVariant(key, file) {
  if (key === 'floor') return parseFloor(file);
  if (key === 'protocol') return validateWithProtocol(file, 'lenient');
  if (key === 'protocol-strict') return validateWithProtocol(file, 'strict');
  throw new Error(`validation.bench.js: unknown variant ${key}`);
}

async function parseFloor(file) {
  const { LineSplitter } = require(DIST);
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  const splitter = new LineSplitter();
  let records = 0;
  const parse = (line) => {
    if (line.text.length > 0 && JSON.parse(line.text).type === 'RECORD') records += 1;
  };
  for await (const chunk of fs.createReadStream(file, { highWaterMark: CHUNK_SIZE })) {
    for (const line of splitter.push(chunk)) parse(line);
  }
  for (const line of splitter.end()) parse(line);
  return { records, errors: 0, seconds: secondsSince(start), cpuSeconds: cpuSecondsSince(cpuStart) };
}

async function validateWithProtocol(file, dateTimeFormat) {
  const { checkMessage, createRecordValidator, readMessages, validateRecords } = require(DIST);
  const messageCheckStart = process.hrtime.bigint();
  checkMessage({ type: 'RECORD', record: { stream: 'users', data: {}, emitted_at: 0 } });
  const messageCompileSeconds = secondsSince(messageCheckStart);
  const catalog = [{ name: 'users', json_schema: JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')), supported_sync_modes: ['full_refresh'] }];
  const compileStart = process.hrtime.bigint();
  const validator = createRecordValidator(catalog, { dateTimeFormat });
  const problems = validator.checkSchemas();
  const compileSeconds = secondsSince(compileStart);
  if (problems.length > 0) throw new Error(problems.map((problem) => problem.message).join('\n'));
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  const summary = await validateRecords(readMessages(fs.createReadStream(file, { highWaterMark: CHUNK_SIZE })), validator);
  return { records: summary.records, errors: summary.errors.length + summary.omittedErrors, seconds: secondsSince(start), cpuSeconds: cpuSecondsSince(cpuStart), compileSeconds, messageCompileSeconds };
}

function secondsSince(start) {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** CPU time of the whole process (all threads), which other sessions' load on the machine barely changes. */
function cpuSecondsSince(start) {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

// ---------------------------------------------------------------- the driver

function drive({ records, rounds }) {
  if (!fs.existsSync(path.join(DIST, 'index.js'))) throw new Error('validation.bench.js: dist/ is missing; run `npm run build` in packages/protocol first (npm run bench does)');
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-airbyte-protocol-bench-'));
  try {
    const dataFile = path.join(directory, 'records.ndjson');
    const { bytes } = generateRecords(dataFile, records);
    checkThatVariantsSeeErrors(directory);
    const results = Object.fromEntries(VARIANTS.map((variant) => [variant.key, []]));
    const loads = [];
    for (let round = 0; round < rounds; round++) {
      loads.push(os.loadavg()[0]);
      // Rotate the order so that no variant always runs first (or right after Python).
      const order = VARIANTS.map((_, i) => VARIANTS[(i + round) % VARIANTS.length]);
      for (const variant of order) {
        const result = runProcess(variant.key, dataFile);
        if (result.records !== records || result.errors !== 0) {
          throw new Error(`validation.bench.js: ${variant.key} saw ${result.records} records and ${result.errors} errors; expected ${records} valid records`);
        }
        results[variant.key].push(result);
        process.stderr.write(`round ${round + 1}/${rounds} ${variant.key}: ${Math.round(result.records / result.seconds)} records/s\n`);
      }
    }
    loads.push(os.loadavg()[0]);
    printReport({ records, rounds, bytes, results, loads });
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

function runProcess(key, file) {
  const command = key === 'python' ? [PYTHON, PYTHON_VARIANT, file, SCHEMA_FILE] : [process.execPath, __filename, '--variant', key, file];
  const output = execFileSync(command[0], command.slice(1), { encoding: 'utf8', maxBuffer: 1024 * 1024 });
  return JSON.parse(output.trim().split('\n').pop());
}

/** Three records, one of them bad in three ways, so a variant that validates nothing cannot pass as fast. */
function checkThatVariantsSeeErrors(directory) {
  const file = path.join(directory, 'bad.ndjson');
  const good = userRecord(createRandom(1), 0);
  const bad = { ...good, id: 'x', status: 'gone', created_at: 'yesterday' };
  fs.writeFileSync(file, [good, bad, good].map((data, i) => recordLine(data, i)).join(''));
  // Python's plain Draft7Validator does not check formats: it sees the id and the status only.
  const expected = { protocol: 3, 'protocol-strict': 3, python: 2 };
  for (const [key, errors] of Object.entries(expected)) {
    const result = runProcess(key, file);
    if (result.records !== 3 || result.errors !== errors) throw new Error(`validation.bench.js: sanity check failed: ${key} found ${result.errors} errors in the bad record, expected ${errors}`);
  }
}

// ---------------------------------------------------------------- data

const STATUSES = ['active', 'invited', 'suspended', 'deleted'];
const CITIES = ['London', 'Lisbon', 'Berlin', 'Nairobi', 'Osaka', 'Lima', 'Austin', 'Oslo'];
const WORDS = ['data', 'sync', 'stream', 'cursor', 'schema', 'record', 'state', 'source', 'catalog', 'connector'];
const BASE_TIME = Date.UTC(2021, 0, 1);
const EMITTED_AT = Date.UTC(2026, 10, 25);

/** mulberry32: a small deterministic generator, so every run validates the same bytes. */
function createRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function userRecord(random, id) {
  const pick = (list) => list[Math.floor(random() * list.length)];
  const words = (count) => Array.from({ length: count }, () => pick(WORDS)).join(' ');
  const created = BASE_TIME + Math.floor(random() * 1e11);
  return {
    id,
    name: `User ${id} ${pick(WORDS)}`,
    email: random() < 0.9 ? `user${id}@example.com` : null,
    company: random() < 0.7 ? `${pick(WORDS)} ${pick(WORDS)} Ltd` : null,
    age: random() < 0.8 ? 18 + Math.floor(random() * 60) : null,
    score: Math.round(random() * 10000) / 100,
    balance: random() < 0.8 ? Math.round(random() * 1e6) / 100 : null,
    active: random() < 0.5,
    verified: random() < 0.8 ? random() < 0.5 : null,
    status: pick(STATUSES),
    created_at: new Date(created).toISOString(),
    updated_at: random() < 0.7 ? new Date(created + Math.floor(random() * 1e9)).toISOString() : null,
    tags: random() < 0.8 ? Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(WORDS)) : null,
    address: random() < 0.85 ? { street: `${1 + Math.floor(random() * 999)} ${pick(WORDS)} street`, city: pick(CITIES), zip: random() < 0.8 ? String(10000 + Math.floor(random() * 89999)) : null, geo: { lat: Math.round((random() * 180 - 90) * 1e5) / 1e5, lng: Math.round((random() * 360 - 180) * 1e5) / 1e5 } } : null,
    metadata: random() < 0.6 ? { source: pick(WORDS), version: 1 + Math.floor(random() * 5), flags: { beta: random() < 0.5 } } : null,
    bio: random() < 0.9 ? words(8 + Math.floor(random() * 8)) : null,
  };
}

function recordLine(data, index) {
  return `${JSON.stringify({ type: 'RECORD', record: { stream: 'users', data, emitted_at: EMITTED_AT + index } })}\n`;
}

function generateRecords(file, count) {
  const random = createRandom(20261125);
  const descriptor = fs.openSync(file, 'w');
  let bytes = 0;
  try {
    for (let start = 0; start < count; start += 1000) {
      let text = '';
      for (let id = start; id < Math.min(count, start + 1000); id++) text += recordLine(userRecord(random, id), id);
      bytes += fs.writeSync(descriptor, text);
    }
  } finally {
    fs.closeSync(descriptor);
  }
  return { bytes };
}

// ---------------------------------------------------------------- report

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted[sorted.length - 1] };
}

function printReport({ records, rounds, bytes, results, loads }) {
  const ratesBy = (field) => Object.fromEntries(Object.entries(results).map(([key, runs]) => [key, stats(runs.map((run) => run.records / run[field]))]));
  const wall = ratesBy('seconds');
  const cpu = ratesBy('cpuSeconds');
  const compile = stats(results.protocol.map((run) => run.compileSeconds * 1000));
  const messageCompile = stats(results.protocol.map((run) => run.messageCompileSeconds * 1000));
  const format = (n) => Math.round(n).toLocaleString('en-US');
  const cell = (rate) => `${format(rate.median)} (${format(rate.min)}–${format(rate.max)})`;
  const lines = [];
  lines.push(`${records.toLocaleString('en-US')} RECORD lines, ${(bytes / 1e6).toFixed(1)} MB (${Math.round(bytes / records)} B/line), ${rounds} rounds, every variant a fresh process, interleaved.`);
  lines.push(`Node ${process.version}, ${pythonVersion()}, ${os.cpus().length} CPUs (${os.cpus()[0].model.trim()}), load1 at the start of each round and at the end: ${loads.map((load) => load.toFixed(2)).join(', ')}.`);
  lines.push('');
  lines.push('| variant | records/s (wall), median (min–max) | µs per record (wall, median) | records per CPU-second, median (min–max) |');
  lines.push('|---|---|---|---|');
  for (const variant of VARIANTS) {
    lines.push(`| ${variant.label} | ${cell(wall[variant.key])} | ${(1e6 / wall[variant.key].median).toFixed(2)} | ${cell(cpu[variant.key])} |`);
  }
  lines.push('');
  for (const [name, rates] of [['wall', wall], ['CPU', cpu]]) {
    const shareOfFloor = rates.protocol.median / rates.floor.median;
    const timesPython = rates.protocol.median / rates.python.median;
    lines.push(
      `- ${name}: (b)/(a) = **${(shareOfFloor * 100).toFixed(1)} %** of the parse floor (target ≥ ${TARGET_SHARE_OF_FLOOR * 100} %: ${shareOfFloor >= TARGET_SHARE_OF_FLOOR ? 'met' : 'MISSED'}); ` +
        `(b)/(c) = **${timesPython.toFixed(1)}×** Python (target ≥ ${TARGET_TIMES_PYTHON}×: ${timesPython >= TARGET_TIMES_PYTHON ? 'met' : 'MISSED'}); ` +
        `(b')/(a) = ${((rates['protocol-strict'].median / rates.floor.median) * 100).toFixed(1)} %`,
    );
  }
  const perRound = (over, under) => stats(results[over].map((run, round) => run.records / run.seconds / (results[under][round].records / results[under][round].seconds)));
  const shareByRound = perRound('protocol', 'floor');
  const pythonByRound = perRound('protocol', 'python');
  lines.push(
    `- per round (wall, variants of one round run back to back): (b)/(a) median ${(shareByRound.median * 100).toFixed(1)} % (${(shareByRound.min * 100).toFixed(1)}–${(shareByRound.max * 100).toFixed(1)}); ` +
      `(b)/(c) median ${pythonByRound.median.toFixed(1)}× (${pythonByRound.min.toFixed(1)}–${pythonByRound.max.toFixed(1)})`,
  );
  lines.push(
    `- one-off costs, not in the rates: first checkMessage (ajv set-up, RECORD message schema) median ${messageCompile.median.toFixed(1)} ms (${messageCompile.min.toFixed(1)}–${messageCompile.max.toFixed(1)}); ` +
      `stream schema compile (createRecordValidator + checkSchemas) median ${compile.median.toFixed(1)} ms (${compile.min.toFixed(1)}–${compile.max.toFixed(1)})`,
  );
  console.log(lines.join('\n'));
}

function pythonVersion() {
  try {
    return execFileSync(PYTHON, ['-c', 'import sys, importlib.metadata as m; print(f"Python {sys.version.split()[0]} + jsonschema {m.version(\'jsonschema\')}")'], { encoding: 'utf8' }).trim();
  } catch {
    return 'Python: unknown';
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error.message);
    process.exitCode = 1;
  });
}

module.exports = { generateRecords, runVariant };
