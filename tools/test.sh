#!/usr/bin/env bash
# `npm test`: type-check, lint (module boundaries, imports), schema/migration drift check, then unit,
# integration (real Postgres and Redis, one database / key prefix per suite) and end-to-end tests
# (built services as processes).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/ensure-services.sh
node tools/build.mjs
npm run --silent typecheck
npm run --silent lint
npm run --silent db -- check

results=$(mktemp -d)
status=0
run_tier() {
  local name=$1; shift
  echo "== $name tests"
  npx jest --selectProjects "$name" "$@" --json --outputFile "$results/$name.json" || status=1
}
run_tier unit
run_tier integration --maxWorkers=2
run_tier e2e --runInBand
# The reliability suite's short mode (docs/reliability.md); `npm run test:chaos` runs it in full.
CHAOS_RESULTS="$results/chaos-figures.jsonl" run_tier chaos --runInBand
node tools/chaos-summary.mjs "$results/chaos-figures.jsonl"
node -e '
  const fs = require("fs"); let passed = 0, failed = 0, skipped = 0;
  for (const f of fs.readdirSync(process.argv[1]).filter((f) => f.endsWith(".json"))) {
    const r = JSON.parse(fs.readFileSync(process.argv[1] + "/" + f, "utf8"));
    passed += r.numPassedTests; failed += r.numFailedTests + r.numRuntimeErrorTestSuites; skipped += r.numPendingTests;
  }
  console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
' "$results"
exit $status
