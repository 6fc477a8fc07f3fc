#!/usr/bin/env bash
# Starts the local PostgreSQL and Redis if they are installed but not answering (they are on 127.0.0.1
# on developer and CI machines; in production point DATABASE_URL / REDIS_URL elsewhere instead).
#   ensure-services.sh          both must answer on 127.0.0.1 (npm test)
#   ensure-services.sh --start  for `npm start`: a service the user named in DATABASE_URL / REDIS_URL is
#                               left alone; Postgres may be missing (start-demo then runs an embedded one)
set -euo pipefail

postgres=required redis=required
if [ "${1:-}" = "--start" ]; then
  postgres=optional
  [ -n "${DATABASE_URL:-}" ] && postgres=skip
  [ -n "${REDIS_URL:-}" ] && redis=skip
fi

pg_up() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
pg_installed() { command -v pg_ctlcluster >/dev/null 2>&1 && [ -n "$(ls /etc/postgresql 2>/dev/null)" ]; }
redis_up() { [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ]; }
ready() { { [ "$postgres" = skip ] || pg_up; } && { [ "$redis" = skip ] || redis_up; }; }

if [ "$postgres" = optional ] && ! pg_installed; then postgres=skip; fi
if [ "$postgres" != skip ] && ! pg_up; then
  echo "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql 2>/dev/null | head -n 1)" main start || true
fi
if [ "$redis" != skip ] && ! redis_up; then
  echo "starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no || true
fi
for _ in $(seq 1 50); do
  if ready; then exit 0; fi
  sleep 0.2
done
if [ "$postgres" != skip ] && ! pg_up; then
  echo "PostgreSQL is not reachable on 127.0.0.1:5432" >&2
  [ "$postgres" = optional ] || exit 1
fi
if [ "$redis" != skip ] && ! redis_up; then
  echo "Redis is not reachable on 127.0.0.1:6379: install and start redis-server, or set REDIS_URL" >&2
  exit 1
fi
