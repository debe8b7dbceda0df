#!/usr/bin/env bash
# The whole test suite against an existing PostgreSQL, as a county runs it: Debian's own package (the
# version this machine offers), a cluster of its own, and a role that owns its databases but is not a
# superuser, reached through DATABASE_URL. Installs Debian's package when it is missing (needs root).
# Arguments go to jest (e.g. one test file). Usage: bash scripts/test-on-debian-postgres.sh [jest args]
#
# With JICENG_FAKED_AT=<instant> (e.g. 2026-11-30T00:30:00+08:00) the server and the tests run on a
# machine clock faked to start there (test/calendar/faked-clock.sh), and the run fails unless the
# faked-clock check proves it: .ci/run makes this run one of the faked-clock days, instead of running
# that day's date-sensitive suites a second time.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bin" ]; then
  echo "debian-postgres: installing Debian's postgresql package"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi

dir=$(mktemp -d /tmp/jiceng-debian-pg.XXXXXX)
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
password=$(node -e 'console.log(require("crypto").randomBytes(18).toString("base64url"))')
as_postgres() {
  # PostgreSQL refuses to run as root: the cluster belongs to Debian's postgres user when we are root.
  if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}
[ "$(id -u)" -eq 0 ] && chown postgres "$dir"
fake=()
cleanup() {
  as_postgres "'$bin/pg_ctl' -D '$dir/data' -m immediate stop" >/dev/null 2>&1 || true
  if declare -F fake_clean_shm >/dev/null; then fake_clean_shm; fi
  rm -rf "$dir"
}
trap cleanup EXIT
if [ -n "${JICENG_FAKED_AT:-}" ]; then
  # shellcheck source=test/calendar/faked-clock.sh
  . test/calendar/faked-clock.sh
  fake_prepare "$dir"
  epoch=$(date -d "$JICENG_FAKED_AT" +%s)
  # The whole suite runs on the faked timeline: the check allows it more than a day's share of time.
  fake_env "$epoch" "$dir/check.json"
  fake=("${FAKE[@]}" JICENG_FAKED_RUN_LIMIT_S=5400)
  echo "debian-postgres: machine clock faked from $JICENG_FAKED_AT ($(date -u -d "@$epoch" '+%a %F %H:%M UTC'))"
fi

as_postgres "'$bin/initdb' -D '$dir/data' -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8" >/dev/null
# The test settings of the embedded run: durability off (a throwaway cluster), room for two workers' pools.
as_postgres "${fake[*]:+$(printf '%q ' "${fake[@]}")}'$bin/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -o \"-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200\" start" >/dev/null
as_postgres "'$bin/psql' -h '$dir' -p $port -U postgres -d postgres -v ON_ERROR_STOP=1 -qc \"CREATE ROLE jiceng LOGIN CREATEDB PASSWORD '$password'\""
echo "debian-postgres: $("$bin/postgres" --version), role jiceng (CREATEDB, not a superuser), port $port"

url="postgres://jiceng:$password@127.0.0.1:$port/postgres"
if [ ${#fake[@]} -eq 0 ]; then
  DATABASE_URL=$url npm test -- "$@"
  exit
fi
# Paths given narrow the run: the check that proves the faking must be among them.
check=()
for a in "$@"; do [[ $a == -* ]] || check=(test/calendar/faked-clock.check.ts); done
status=0
"${fake[@]}" DATABASE_URL="$url" npm test -- --config test/calendar/jest.config.mjs --json \
  --outputFile="$dir/jest.json" "$@" "${check[@]}" || status=$?
verdict=$(fake_verdict "$dir/jest.json" "$dir/check.json") || status=1
echo "debian-postgres: faked clock from $JICENG_FAKED_AT:"
echo "$verdict" | sed 's/^RESULT /  /'
exit $status
