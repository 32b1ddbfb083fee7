#!/usr/bin/env node
// Sums the Jest JSON results that every test target writes under dist/test-results/<project>/ and the
// acceptance reports of the connectors' integrationTest (dist/<connector root>/acceptance/report.json),
// prints failures by name, and ends with the total line "N passed, N failed[, N skipped]".
// Usage: node tools/test-summary.js <jest results dir> <status of the task runs: 0 or 1> [<dist dir>]
'use strict';
const fs = require('node:fs');
const path = require('node:path');

function findFiles(dir, matches) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return findFiles(full, matches);
    return matches(full) ? [full] : [];
  });
}

function addAcceptanceReports(distDir, totals, failures) {
  for (const file of findFiles(distDir, (full) => full.endsWith(`${path.sep}acceptance${path.sep}report.json`))) {
    let report;
    try {
      report = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (error) {
      failures.push(`${file}: unreadable acceptance report (${error.message})`);
      totals.failed += 1;
      continue;
    }
    totals.passed += report.counts.passed;
    totals.failed += report.counts.failed;
    totals.skipped += report.counts.skipped;
    for (const test of report.tests.filter((t) => t.status === 'failed')) failures.push(`${report.connectorImage}: ${test.id}`);
  }
}

function summarize(dir, taskStatus, distDir) {
  const totals = { passed: 0, failed: 0, skipped: 0 };
  const failures = [];
  if (distDir) addAcceptanceReports(distDir, totals, failures);
  for (const file of findFiles(dir, (full) => full.endsWith('.json'))) {
    let result;
    try {
      result = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (error) {
      failures.push(`${file}: unreadable test results (${error.message})`);
      totals.failed += 1;
      continue;
    }
    totals.passed += result.numPassedTests || 0;
    totals.failed += result.numFailedTests || 0;
    totals.skipped += (result.numPendingTests || 0) + (result.numTodoTests || 0);
    for (const suite of result.testResults || []) {
      // a test file that did not even load fails without failing any single test
      if (suite.status === 'failed' && !(suite.assertionResults || []).some((a) => a.status === 'failed')) {
        totals.failed += 1;
        failures.push(`${path.relative(process.cwd(), suite.name)}: ${String(suite.message || 'failed to run').split('\n')[0]}`);
      }
      for (const assertion of suite.assertionResults || []) {
        if (assertion.status === 'failed') failures.push(`${path.relative(process.cwd(), suite.name)}: ${assertion.fullName}`);
      }
    }
  }
  if (taskStatus !== 0 && totals.failed === 0) {
    // lint, typecheck or build failed (their output is above): count it, so the total never reads green
    totals.failed += 1;
    failures.push('a lint, typecheck, build or test task failed: see the Nx output above');
  }
  return { totals, failures };
}

const [dir = 'dist/test-results', status = '0', distDir] = process.argv.slice(2);
const { totals, failures } = summarize(dir, Number(status), distDir);
if (failures.length > 0) {
  console.log('\nFailures:');
  for (const failure of failures) console.log(`  - ${failure}`);
}
const line = `${totals.passed} passed, ${totals.failed} failed` + (totals.skipped > 0 ? `, ${totals.skipped} skipped` : '');
console.log(`\n${line}`);
process.exit(totals.failed > 0 || Number(status) !== 0 ? 1 : 0);
