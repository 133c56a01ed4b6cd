#!/usr/bin/env bash
# Every test: types, lint (ESLint, Prettier), unit and engine tests (Vitest), the browser tests in
# Debian's Chromium against the built site (Playwright). Ends with the failed tests named, one line
# "tests: N passed, M failed", and a non-zero exit if anything failed; each phase prints its wall time.
#
# On two cores: the type check, the lint and the build run side by side (single-threaded tools,
# their output kept apart and printed in turn); then Vitest, then Playwright, one after the other.
# (Vitest beside Playwright was tried, 2026-12-06: Vitest took 632 s instead of ~140 and the whole
# 786 s — the browser tests use more of the two cores than their idle moments suggest.)
# TEST_SERIAL=1 runs the first three one after another too (for reading each one's own time).
# Vitest runs two files at a time (vite.config.ts; VITEST_MAX_WORKERS=1 for one), Playwright two
# browsers (playwright.config.ts; E2E_WORKERS=1 for one).
# `--full` (npm run test:full, CI) adds the long statistical walks (tests/**/*.full.test.ts) to the
# Vitest part and the browser walks tagged @full to Playwright.
set -uo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--full" ]; then export FEITIAN_FULL=1; fi
bash scripts/setup.sh || exit 1
mkdir -p test-results
status=0
start=$SECONDS

# run NAME CMD… : starts CMD in the background (or in turn, with TEST_SERIAL), output to test-results/NAME.log
declare -A pids begun
run() {
  local name=$1
  shift
  begun[$name]=$SECONDS
  if [ -n "${TEST_SERIAL:-}" ]; then
    "$@" >"test-results/$name.log" 2>&1
    echo "$? $SECONDS" >"test-results/$name.rc"
  else
    ("$@" >"test-results/$name.log" 2>&1; echo "$? $SECONDS" >"test-results/$name.rc") &
    pids[$name]=$!
  fi
}
# report NAME TITLE : waits for NAME, prints its output and how long it took
report() {
  local name=$1
  [ -n "${pids[$name]:-}" ] && wait "${pids[$name]}"
  echo "== $2"
  cat "test-results/$name.log"
  local rc end
  read -r rc end <"test-results/$name.rc" || rc=1
  [ "$rc" = 0 ] || status=1
  end=${end:-$SECONDS}
  echo "== $name took $((end - begun[$name])) s (ended $((end - start)) s after the start)"
}
# live NAME TITLE CMD… : runs CMD in the foreground, its output shown as it comes (and kept in test-results/NAME.log)
live() {
  local name=$1 title=$2 t0=$SECONDS
  shift 2
  echo "== $title"
  "$@" 2>&1 | tee "test-results/$name.log"
  [ "${PIPESTATUS[0]}" = 0 ] || status=1
  echo "== $name took $((SECONDS - t0)) s (ended $((SECONDS - start)) s after the start)"
}
lint() {
  local s=0
  npx eslint . || s=1
  npx prettier --check . --log-level warn || s=1
  return $s
}

# E2E_OUT_DIR / E2E_PORT (playwright.config.ts): a private build directory and port
run check npm run -s check
run lint lint
run build npx vite build ${E2E_OUT_DIR:+--outDir "$E2E_OUT_DIR" --emptyOutDir}
report check "type check"
report lint "lint (eslint: the engine's and the page's rules; prettier: one format)"
report build "build"

# the site was just built: the browser tests serve that build instead of building again
# (PW_REPORTER: one more reporter beside list and json, e.g. a path to a measuring one)
# without --full, the long browser walks tagged @full (tests/e2e/lessons.spec.ts) are left out
grep_invert=()
[ -n "${FEITIAN_FULL:-}" ] || grep_invert=(--grep-invert @full)
live vitest "unit and engine tests (vitest${FEITIAN_FULL:+, with the long walks})" \
  npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json
live playwright "browser tests (playwright, /usr/bin/chromium)" \
  env E2E_NO_BUILD=1 PLAYWRIGHT_JSON_OUTPUT_NAME=test-results/e2e.json npx playwright test "${grep_invert[@]}" --reporter="list,json${PW_REPORTER:+,$PW_REPORTER}"

node scripts/tally.mjs test-results/vitest.json test-results/e2e.json || status=1
echo "== all took $((SECONDS - start)) s"
exit $status
