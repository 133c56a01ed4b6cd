// Sums the JSON reports of Vitest and Playwright into one closing line:
// "tests: N passed, M failed". A missing or unreadable report counts as a failure.
import { readFileSync } from 'node:fs';

let passed = 0,
  failed = 0,
  skipped = 0,
  missing = 0;
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
  } else if (r.stats) {
    // Playwright
    passed += r.stats.expected + (r.stats.flaky ?? 0);
    failed += r.stats.unexpected;
    skipped += r.stats.skipped ?? 0;
  }
}
console.log(`tests: ${passed} passed, ${failed + missing} failed` + (skipped ? `, ${skipped} skipped` : ''));
process.exit(failed + missing > 0 || passed === 0 ? 1 : 0);
