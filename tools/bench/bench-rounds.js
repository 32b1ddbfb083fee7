// Shared by the nx-plugin benchmark scripts: timed child processes, interleaved rounds, statistics,
// the temp workspace's node_modules link and the Nx environment every variant runs with.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const REPO_ROOT = path.join(__dirname, '..', '..');
const NX = path.join(REPO_ROOT, 'node_modules', '.bin', 'nx');

/** Daemon off (it is off inside containers anyway), no TUI, no Nx Cloud: every run builds its own graph. */
const NX_ENV = { NX_DAEMON: 'false', NX_TUI: 'false', NX_NO_CLOUD: 'true', NX_SKIP_NX_CACHE: undefined, NX_BATCH_MODE: undefined, NX_ISOLATE_PLUGINS: undefined };

function nxEnv(extra = {}) {
  const env = { ...process.env, ...NX_ENV, ...extra };
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete env[name];
  return env;
}

/**
 * Runs a command to completion; returns its wall time and the CPU time (user + system, ms) of the
 * command and every process it waited for (Nx's plugin workers, ...), or undefined without /proc.
 * Throws with its output when it fails.
 */
function timeCommand(command, args, options = {}) {
  const cpuBefore = childrenCpuMs();
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'], ...options });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const cpuAfter = childrenCpuMs();
  const cpuMs = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`${[command, ...args].join(' ')} exited with ${result.status ?? result.signal}:\n${tail(result.stdout)}\n${tail(result.stderr)}`);
  }
  return { ms, cpuMs, stdout: result.stdout, stderr: result.stderr };
}

/** CPU time of this process's reaped descendants (cutime + cstime of /proc/self/stat), in ms. */
function childrenCpuMs() {
  try {
    // the fields after the command name, which is in parentheses and may hold spaces
    const fields = fs.readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /s, '').split(' ');
    const ticksPerSecond = 100; // USER_HZ on Linux
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / ticksPerSecond;
  } catch {
    return undefined;
  }
}

function tail(text, lines = 40) {
  return (text ?? '').split('\n').slice(-lines).join('\n');
}

/** Runs `git` quietly in `cwd` with a fixed identity. */
function git(cwd, ...args) {
  timeCommand('git', ['-c', 'user.email=bench@example.com', '-c', 'user.name=bench', '-c', 'commit.gpgsign=false', ...args], { cwd });
}

/** A temp workspace whose node_modules is the repository's (so the built plugin and nx resolve). */
function createTempWorkspace(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

function writeFile(root, file, text) {
  const absolute = path.join(root, file);
  fs.mkdirSync(path.dirname(absolute), { recursive: true });
  fs.writeFileSync(absolute, text);
}

/**
 * Runs every variant once per round, in an order rotated each round so that no variant always runs
 * right after the same neighbour; records the wall time (and CPU time, when `run` returns
 * `{ ms, cpuMs }`) and the 1-minute load average before each run.
 */
function interleave(variants, rounds, onMeasure) {
  const samples = Object.fromEntries(variants.map((variant) => [variant.key, []]));
  const cpu = Object.fromEntries(variants.map((variant) => [variant.key, []]));
  const loads = [];
  for (let round = 0; round < rounds; round++) {
    const order = variants.map((_, i) => variants[(i + round) % variants.length]);
    for (const variant of order) {
      loads.push(os.loadavg()[0]);
      const measured = variant.run();
      const { ms, cpuMs } = typeof measured === 'number' ? { ms: measured } : measured;
      samples[variant.key].push(ms);
      if (cpuMs !== undefined) cpu[variant.key].push(cpuMs);
      onMeasure?.(round + 1, variant, ms);
    }
  }
  return { samples, cpu, loads };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function seconds(ms, digits = 2) {
  return (ms / 1000).toFixed(digits);
}

/** `1.23 s (1.10–1.40)`: median and min–max in seconds. */
function summary(values, digits = 2) {
  return `${seconds(median(values), digits)} s (${seconds(Math.min(...values), digits)}–${seconds(Math.max(...values), digits)})`;
}

function loadSummary(loads) {
  return `load1 median ${median(loads).toFixed(2)} (${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)}) on ${os.cpus().length} cores`;
}

function machine() {
  return `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, Linux ${os.release()}`;
}

/** Parses `--name value` and `--flag` arguments against defaults; numbers stay numbers. */
function parseArgs(argv, defaults, usage) {
  const args = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      console.log(usage);
      process.exit(0);
    }
    const [name, inline] = arg.replace(/^--/, '').split('=');
    if (!arg.startsWith('--') || !(name in defaults)) throw new Error(`unknown argument ${arg}\n\n${usage}`);
    if (typeof defaults[name] === 'boolean') {
      args[name] = inline === undefined ? true : inline !== 'false';
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`${arg} needs a value\n\n${usage}`);
    if (typeof defaults[name] === 'number') {
      const number = Number(value);
      if (!Number.isInteger(number) || number < 1) throw new Error(`${arg} must be a positive integer, got ${value}`);
      args[name] = number;
    } else args[name] = value;
  }
  return args;
}

module.exports = { REPO_ROOT, NX, nxEnv, timeCommand, git, createTempWorkspace, writeFile, interleave, median, seconds, summary, loadSummary, machine, parseArgs };
