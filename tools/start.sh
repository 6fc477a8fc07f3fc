#!/usr/bin/env bash
# `npm start`: installs what is missing, starts the local Redis (and PostgreSQL, if installed) when
# stopped, builds, then start-demo migrates the database (an embedded Postgres from npm when none
# answers at DATABASE_URL), starts the simulator, analytics, router and gateway, creates a demo key
# and prints a ready-to-paste request.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
bash tools/ensure-services.sh --start
node tools/build.mjs
exec node dist/tools/stack/start-demo.js
