#!/usr/bin/env bash
# Every test: types, unit and engine tests (Vitest), then the browser tests in
# Debian's Chromium against the built site (Playwright). Ends with one line
# "tests: N passed, M failed" and a non-zero exit if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 1
mkdir -p test-results
status=0

echo "== type check"
npm run -s check || status=1

echo "== unit and engine tests (vitest)"
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json || status=1

echo "== build"
npm run -s build || status=1

echo "== browser tests (playwright, /usr/bin/chromium)"
PLAYWRIGHT_JSON_OUTPUT_NAME=test-results/e2e.json npx playwright test --reporter=list,json || status=1

node scripts/tally.mjs test-results/vitest.json test-results/e2e.json || status=1
exit $status
