#!/usr/bin/env bash
# `npm start`: installs what is missing, prepares the database, starts the simulator, analytics,
# router and gateway, creates a demo key and prints a ready-to-paste request.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
bash tools/ensure-services.sh
node tools/build.mjs
npm run --silent db -- migrate
exec node dist/tools/stack/start-demo.js
