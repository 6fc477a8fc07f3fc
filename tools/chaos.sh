#!/usr/bin/env bash
# `npm run test:chaos [-- --soak]`: the reliability and security suite (docs/reliability.md) in its full mode,
# each case on its own Postgres, Redis and fault proxies; `--soak` runs the soak (30 min by default) instead.
# `npm test` runs the same cases in their short mode. Every case's figures end up in one summary.
set -euo pipefail
cd "$(dirname "$0")/.."
project=chaos
export CHAOS_MODE=full
if [[ "${1:-}" == "--soak" ]]; then project=soak; shift; fi
export CHAOS_RESULTS=${CHAOS_RESULTS:-$(mktemp -t alltokens-chaos-XXXXXX.jsonl)}
node tools/build.mjs
status=0
npx jest --selectProjects "$project" --runInBand "$@" || status=$?
node tools/chaos-summary.mjs "$CHAOS_RESULTS"
exit $status
