#!/usr/bin/env node
// Sums every package's vitest JSON report (test-results.json, written by each
// package's `test` script and restored by turbo on a cache hit) and prints
// the plain total as the last line: `N passed, N failed`.
// Exits non-zero when a test failed or an expected report is missing.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
let passed = 0;
let failed = 0;
let missing = 0;
for (const group of ['packages', 'apps', 'tooling']) {
  const dir = join(root, group);
  if (!existsSync(dir)) continue;
  for (const name of readdirSync(dir).sort()) {
    const pkgFile = join(dir, name, 'package.json');
    if (!existsSync(pkgFile)) continue;
    const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
    if (!pkg.scripts?.test) continue;
    const reportFile = join(dir, name, 'test-results.json');
    if (!existsSync(reportFile)) {
      console.log(`${pkg.name}: no test report (the test run did not finish)`);
      missing += 1;
      continue;
    }
    const report = JSON.parse(readFileSync(reportFile, 'utf8'));
    const p = report.numPassedTests ?? 0;
    // A suite that failed to load counts as a failure even with no test inside.
    const f = (report.numFailedTests ?? 0) + (report.numFailedTestSuites ?? 0) - countFailedSuitesWithFailedTests(report);
    console.log(`${pkg.name}: ${p} passed, ${f} failed`);
    passed += p;
    failed += f;
  }
}
failed += missing;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);

function countFailedSuitesWithFailedTests(report) {
  return (report.testResults ?? []).filter(
    (suite) => suite.status === 'failed' && (suite.assertionResults ?? []).some((t) => t.status === 'failed'),
  ).length;
}
