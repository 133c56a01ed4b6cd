// Sums the JSON reports of Vitest and Playwright into one closing line:
// "tests: N passed, M failed". A missing or unreadable report counts as a failure.
// Above that line it names every failed test with the first lines of its error, so
// the tail of a CI log (often all that is kept of it) says what failed, not only how many.
import { readFileSync } from 'node:fs';

let passed = 0,
  failed = 0,
  skipped = 0,
  missing = 0;
/** [where, title, error] of every failure, in report order */
const failures = [];
const firstLines = (text, n = 6) =>
  String(text ?? '')
    .replace(new RegExp(String.fromCharCode(27) + '\\[[0-9;]*m', 'g'), '') // colour codes
    .split('\n')
    .filter((l) => l.trim())
    .slice(0, n)
    .join('\n      ');

function playwrightFailures(suite, where) {
  for (const spec of suite.specs ?? [])
    for (const test of spec.tests ?? [])
      if (test.status === 'unexpected') {
        const last = test.results?.[test.results.length - 1];
        failures.push([`${spec.file ?? where}:${spec.line ?? ''}`, spec.title, last?.error?.message ?? last?.status]);
      }
  for (const child of suite.suites ?? []) playwrightFailures(child, suite.file ?? where);
}

for (const file of process.argv.slice(2)) {
  let r;
  try {
    r = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    console.error(`tally: no report at ${file}`);
    missing++;
    continue;
  }
  if ('numPassedTests' in r) {
    // Vitest (Jest-compatible JSON)
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
    for (const f of r.testResults ?? []) {
      const where = String(f.name).replace(process.cwd() + '/', '');
      const bad = (f.assertionResults ?? []).filter((a) => a.status === 'failed');
      for (const a of bad) failures.push([where, a.fullName ?? a.title, (a.failureMessages ?? []).join('\n')]);
      // a file that failed outside any test (an import error, an unhandled error)
      if (f.status === 'failed' && bad.length === 0) failures.push([where, '(the file itself)', f.message]);
    }
  } else if (r.stats) {
    // Playwright
    passed += r.stats.expected + (r.stats.flaky ?? 0);
    failed += r.stats.unexpected;
    skipped += r.stats.skipped ?? 0;
    for (const s of r.suites ?? []) playwrightFailures(s, s.file);
    for (const e of r.errors ?? []) failures.push(['playwright', '(outside any test)', e.message]);
  }
}
if (failures.length) {
  console.log(`== failed (${failures.length})`);
  for (const [where, title, error] of failures) console.log(`  ✗ ${where} › ${title}\n      ${firstLines(error)}`);
}
console.log(`tests: ${passed} passed, ${failed + missing} failed` + (skipped ? `, ${skipped} skipped` : ''));
process.exit(failed + missing > 0 || passed === 0 ? 1 : 0);
