#!/usr/bin/env node
// Runs a connector's unit test command in its folder with every value of its secrets/ files masked:
// in what the command prints (Nx caches a task's terminal output, and may send it to a remote cache)
// and in its results file, rewritten once the command has ended. The masker is the plugin's
// (src/masking/connector-masker.ts), the one its executors use.
// Usage: node masked-run.js [--results <file>] -- <command> [args...]     Exit status: the command's.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

/** Longest stretch kept back waiting for a newline: a line is masked whole, so a secret is never split between two writes. */
const MAX_PENDING = 1024 * 1024;

function usage(message) {
  process.stderr.write(`masked-run: ${message}\nUsage: node masked-run.js [--results <file>] -- <command> [args...]\n`);
  process.exit(2);
}

const argv = process.argv.slice(2);
const separator = argv.indexOf('--');
if (separator === -1 || separator === argv.length - 1) usage('no command after --');
const own = argv.slice(0, separator);
const command = argv.slice(separator + 1);
let results;
for (let i = 0; i < own.length; i++) {
  if (own[i] === '--results' && own[i + 1]) results = own[++i];
  else usage(`unknown option ${own[i]}`);
}

let connectorMasker;
try {
  ({ connectorMasker } = require(path.join(__dirname, '../dist/masking/connector-masker')));
} catch (error) {
  if (error && error.code === 'MODULE_NOT_FOUND') {
    process.stderr.write('masked-run: @nx-airbyte/nx-plugin is not built; run `npm ci` (or `npm run prepare`) at the workspace root.\n');
    process.exit(2);
  }
  throw error;
}
const masker = connectorMasker(process.cwd(), '.');

/** Writes what `stream` gives to `out`, line by line, masked. */
function pipeMasked(stream, out) {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    pending += chunk;
    const end = pending.length > MAX_PENDING ? pending.length : pending.lastIndexOf('\n') + 1;
    if (end > 0) {
      out.write(masker.mask(pending.slice(0, end)));
      pending = pending.slice(end);
    }
  });
  return new Promise((resolve) => stream.on('end', () => resolve(pending && out.write(masker.mask(pending)))));
}

function maskResultsFile(file) {
  if (masker.size === 0 || !fs.existsSync(file)) return;
  const text = fs.readFileSync(file, 'utf8');
  let masked;
  try {
    masked = JSON.stringify(masker.maskValue(JSON.parse(text)), null, 1);
  } catch {
    masked = masker.mask(text); // not JSON: mask it as text
  }
  if (masked !== text) fs.writeFileSync(file, masked);
}

const child = spawn(command[0], command.slice(1), { stdio: ['inherit', 'pipe', 'pipe'] });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
const piped = Promise.all([pipeMasked(child.stdout, process.stdout), pipeMasked(child.stderr, process.stderr)]);
child.on('error', (error) => {
  process.stderr.write(`masked-run: could not run ${command[0]}: ${error.message}\n`);
  process.exit(1);
});
child.on('close', async (code, signal) => {
  await piped;
  if (results) maskResultsFile(results);
  process.exitCode = code ?? (signal ? 1 : 0);
});
