#!/usr/bin/env node
// The lint of a TypeScript connector, in its folder: installs its npm dependencies when needed
// (nx-airbyte-ts install), type-checks it with its own TypeScript (`tsc --noEmit -p tsconfig.json`,
// the files its tsconfig includes: unit_tests/ in the templates), then runs its own eslint when the
// folder has an eslint config. Usage: node typescript-lint.js    Exit status: 0 when all passed, 1 otherwise.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ESLINT_CONFIGS = ['eslint.config.js', 'eslint.config.mjs', 'eslint.config.cjs', '.eslintrc.js', '.eslintrc.cjs', '.eslintrc.json', '.eslintrc.yml', '.eslintrc.yaml', '.eslintrc'];

function fail(message) {
  process.stderr.write(`typescript-lint: ${message}\n`);
  process.exit(1);
}

/** Runs a node script with the arguments; returns its exit status. */
function runNode(script, args) {
  const run = spawnSync(process.execPath, [script, ...args], { stdio: 'inherit' });
  if (run.error) fail(`could not run ${script}: ${run.error.message}`);
  return run.status ?? 1;
}

/** The command `bin` of the connector's own copy of an npm package (found from its folder up, as npm scripts find it). */
function resolveBin(packageName, bin) {
  let manifestFile;
  try {
    manifestFile = require.resolve(`${packageName}/package.json`, { paths: [process.cwd()] });
  } catch {
    fail(`${path.resolve('package.json')}: ${packageName} is not installed; add it to devDependencies (and package-lock.json)`);
  }
  const bins = JSON.parse(fs.readFileSync(manifestFile, 'utf8')).bin;
  const file = typeof bins === 'string' ? bins : bins?.[bin];
  if (!file) fail(`${manifestFile} declares no command ${bin}`);
  return path.join(path.dirname(manifestFile), file);
}

if (!fs.existsSync('tsconfig.json')) fail(`no tsconfig.json in ${process.cwd()}`);
if (runNode(path.join(__dirname, '../bin/nx-airbyte-ts.js'), ['install']) !== 0) process.exit(1);

const tsc = resolveBin('typescript', 'tsc');
let status = runNode(tsc, ['--noEmit', '-p', 'tsconfig.json']);
process.stdout.write(`typescript-lint: tsc --noEmit -p tsconfig.json ${status === 0 ? 'passed' : 'failed'}\n`);

const eslintConfig = ESLINT_CONFIGS.find((file) => fs.existsSync(file));
if (eslintConfig) {
  const eslintStatus = runNode(resolveBin('eslint', 'eslint'), ['.']);
  process.stdout.write(`typescript-lint: eslint . (${eslintConfig}) ${eslintStatus === 0 ? 'passed' : 'failed'}\n`);
  if (eslintStatus !== 0) status = 1;
} else {
  process.stdout.write('typescript-lint: no eslint config in the folder, eslint not run\n');
}
process.exit(status === 0 ? 0 : 1);
