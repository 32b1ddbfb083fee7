#!/usr/bin/env node
// Runs a TypeScript connector's unit tests (`npm test`, in the current folder) and, when its test script
// ends with jest, asks jest to also write its results where the workspace's test summary counts them.
// Usage: node npm-test.js <results.json>     Exit status: npm test's.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const results = process.argv[2];
if (!results) {
  process.stderr.write('npm-test: usage: node npm-test.js <results.json>\n');
  process.exit(2);
}
let script = '';
try {
  script = JSON.parse(fs.readFileSync('package.json', 'utf8')).scripts?.test ?? '';
} catch (error) {
  process.stderr.write(`npm-test: cannot read ${path.resolve('package.json')}: ${error.code ?? error.message}\n`);
  process.exit(2);
}
// npm appends the arguments after `--` to the script's last command: only pass jest's flags to jest
const endsWithJest = /(^|[\s&|;])jest(\s[^&|;]*)?$/.test(script.trim());
const args = ['test', ...(endsWithJest ? ['--', '--ci', '--json', `--outputFile=${path.resolve(results)}`] : [])];
if (endsWithJest) fs.mkdirSync(path.dirname(path.resolve(results)), { recursive: true });
const run = spawnSync('npm', args, { stdio: 'inherit' });
if (run.error) {
  process.stderr.write(`npm-test: could not run npm: ${run.error.message}\n`);
  process.exit(1);
}
process.exit(run.status ?? 1);
