#!/usr/bin/env bash
# Every test: types, lint (ESLint, Prettier), unit and engine tests (Vitest), then the browser tests in
# Debian's Chromium against the built site (Playwright). Ends with one line
# "tests: N passed, M failed" and a non-zero exit if anything failed; each phase
# prints its wall time. Vitest runs two files at a time (vite.config.ts; VITEST_MAX_WORKERS=1
# for one), Playwright one browser (playwright.config.ts; E2E_WORKERS=2 for two).
# `--full` (npm run test:full, CI) adds the long statistical walks
# (tests/**/*.full.test.ts) to the Vitest phase.
set -uo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--full" ]; then export FEITIAN_FULL=1; fi
bash scripts/setup.sh || exit 1
mkdir -p test-results
status=0
phase_start=$SECONDS
took() { echo "== $1 took $((SECONDS - phase_start)) s"; phase_start=$SECONDS; }

# The type check and the lint are single-threaded: they run side by side (one core each), their
# output kept apart and printed in turn.
npm run -s check >test-results/check.log 2>&1 &
check_pid=$!
(
  s=0
  npx eslint . || s=1
  npx prettier --check . --log-level warn || s=1
  exit $s
) >test-results/lint.log 2>&1 &
lint_pid=$!
wait $check_pid || status=1
echo "== type check"
cat test-results/check.log
wait $lint_pid || status=1
echo "== lint (eslint: the engine's and the page's rules; prettier: one format)"
cat test-results/lint.log
took "type check and lint"

echo "== unit and engine tests (vitest${FEITIAN_FULL:+, with the long walks})"
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json || status=1
took "vitest"

# E2E_OUT_DIR / E2E_PORT (playwright.config.ts): a private build directory and port
echo "== build"
npx vite build ${E2E_OUT_DIR:+--outDir "$E2E_OUT_DIR" --emptyOutDir} || status=1
took "build"

echo "== browser tests (playwright, /usr/bin/chromium)"
# the site was just built: the browser tests serve that build instead of building again
# (PW_REPORTER: one more reporter beside list and json, e.g. a path to a measuring one)
# without --full, the long browser walks tagged @full (tests/e2e/lessons.spec.ts) are left out
grep_invert=()
[ -n "${FEITIAN_FULL:-}" ] || grep_invert=(--grep-invert @full)
E2E_NO_BUILD=1 PLAYWRIGHT_JSON_OUTPUT_NAME=test-results/e2e.json npx playwright test "${grep_invert[@]}" --reporter="list,json${PW_REPORTER:+,$PW_REPORTER}" || status=1
took "playwright"

node scripts/tally.mjs test-results/vitest.json test-results/e2e.json || status=1
echo "== all took $SECONDS s"
exit $status
