#!/usr/bin/env bash
# Builds the static site and serves it on http://localhost:4173/ (any static host works too: dist/).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --no-browser
npm run build
echo "Feitian Lab: open http://localhost:4173/"
exec npx vite preview --host 0.0.0.0 --port "${PORT:-4173}" --strictPort
