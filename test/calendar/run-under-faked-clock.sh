#!/usr/bin/env bash
# The suite is calendar-proof: run the date-sensitive tests with the MACHINE's clock faked to each of
# the days below (libfaketime, LD_PRELOAD), and fail if any day fails or the faking did not take.
#
#   npm run test:calendar                       every day below, the date-sensitive suites
#   npm run test:calendar -- --all              every day, the whole suite
#   npm run test:calendar -- 2027-03-01T09:00:00+08:00 …   only these instants
#   npm run test:calendar -- --except INSTANT   every day but this one (.ci/run runs that day's date-
#                                               sensitive suites within the whole suite on Debian's
#                                               PostgreSQL: scripts/test-on-debian-postgres.sh)
#
# How the clock is faked (see README.gz of Debian's libfaketime):
# - FAKETIME="@<epoch>" with FAKETIME_FMT=%s: the clock STARTS at that instant and runs on. A frozen
#   clock would hang PostgreSQL: pg_sleep and statement_timeout wait for the clock to pass an end.
#   An epoch rather than "YYYY-MM-DD hh:mm:ss" so that the machine's TZ cannot shift it.
# - LD_PRELOAD, FAKETIME* are inherited by everything jest starts: its workers, initdb, the postmaster
#   and, through fork, every backend. FAKETIME_DONT_RESET=1 makes them share one timeline (kept in
#   /dev/shm by libfaketime) instead of each restarting at the faked instant.
# - FAKETIME_DONT_FAKE_MONOTONIC=1: only the calendar (CLOCK_REALTIME, time(), gettimeofday) is faked.
#   Node's timers, jest's timeouts and PostgreSQL's elapsed-time measures keep the real monotonic clock,
#   and libfaketime's rewriting of monotonic condition-variable waits (known to hang some runtimes) is
#   not involved.
# - real-waits.c, compiled here and preloaded ahead of libfaketime: libfaketime answers clock reads with
#   the REAL time inside its wrappers of epoll_wait, poll, select and nanosleep, so PostgreSQL's SIGALRM
#   handler, which runs while a backend waits, judged its timeouts on the real clock: with the fake ahead
#   of it, statement_timeout, lock_timeout and deadlock_timeout never fired (seen: pg_sleep(3) under
#   statement_timeout = 200ms ran its 3 s). The shim sends those waits straight to the kernel.
# - The days share one PostgreSQL cluster (JICENG_TEST_CLUSTER, test/support/global-setup.ts): the
#   first day makes it and the test databases' templates (migrated, and seeded with the demo county,
#   about half a minute of work); each later day starts its own postmaster, under its own faked clock,
#   on a copy of it. The demo data are dated by the test's own clock, never the machine's, so a template
#   is the same whichever day built it; the first day proves the seeding under a faked clock, and every
#   day runs every date-sensitive test on it.
# - Proof, for every day: `date` and node under the fake print the faked instant; and in the same jest
#   run, test/calendar/faked-clock.check.ts reads Node's clock and PostgreSQL's now() and postmaster
#   start time, times pg_sleep, statement_timeout, lock_timeout and a Node timer, and fails unless all of
#   them are on the faked timeline and on time. Its readings are printed per day; a day without them fails.
set -euo pipefail
cd "$(dirname "$0")/../.."

# The days of issue 13, at 09:00 in Shanghai, and a Monday 00:30 in Shanghai that is Sunday in UTC.
DAYS=(
  2026-11-30T09:00:00+08:00
  2026-12-31T09:00:00+08:00
  2027-01-01T09:00:00+08:00
  2027-02-28T09:00:00+08:00
  2027-03-01T09:00:00+08:00
  2028-02-29T09:00:00+08:00
  2026-11-30T00:30:00+08:00
)

# The suites whose verdict could depend on the day: every module (weeks and their deadlines, contact
# periods, quarters and years, disclosure schedules, deadlines of issues), and the core tests of members
# (ages, standing, probation falling due), posts (terms and their ends, vacancies) and the tree (dated
# history). `--all` runs the whole suite; CALENDAR_SUITES="…" (space-separated paths) runs others.
SUITES=(
  test/modules/
  test/core/members.test.ts
  test/core/member-standing.test.ts
  test/core/posts.test.ts
  test/core/vacancies.test.ts
  test/core/org-tree.test.ts
)
# Left to the runs on the real clock and to the whole suite on the Debian day (.ci/run), as their verdict
# cannot move with the day: the statement counts over the demo county and one three times its size
# (sql-count), the demo data (demo, demo-and-counts) and the seeds' years of history (seed-history).
# Their data are dated from the test's own clock, never the machine's, and no JavaScript of the product
# may read the machine's clock (ESLint, eslint.config.mjs). Together they were a third of each day (the
# larger county is seeded on the first), and the days are most of CI.
# `--all` runs them too.
# (Given after the paths: jest's option would take the paths that follow it as more patterns.)
SKIP='/(sql-count|demo|demo-and-counts|seed-history)\.test\.ts$'
# Suites named by hand run whole.
[ -n "${CALENDAR_SUITES:-}" ] && read -r -a SUITES <<<"$CALENDAR_SUITES" && SKIP=

only=()
except=()
while [ $# -gt 0 ]; do
  case "$1" in
    --all)
      SUITES=(test/)
      SKIP=
      ;;
    --except)
      except+=("${2:?--except needs one of the instants}")
      shift
      ;;
    -h | --help)
      sed -n '2,11p' "$0"
      exit 0
      ;;
    *) only+=("$1") ;;
  esac
  shift
done
[ ${#only[@]} -gt 0 ] && DAYS=("${only[@]}")
for x in "${except[@]}"; do
  kept=()
  for day in "${DAYS[@]}"; do [ "$day" = "$x" ] || kept+=("$day"); done
  [ ${#kept[@]} -lt ${#DAYS[@]} ] || { echo "calendar: --except $x is not one of the days" >&2; exit 2; }
  DAYS=("${kept[@]}")
done
[ ${#DAYS[@]} -gt 0 ] || { echo "calendar: no day left to run" >&2; exit 2; }

# shellcheck source=test/calendar/faked-clock.sh
. test/calendar/faked-clock.sh
work=$(mktemp -d)
trap 'fake_clean_shm; rm -rf "$work"' EXIT
fake_prepare "$work"
echo "calendar: suites: ${SUITES[*]}${SKIP:+; not: $SKIP}"

failed=()
summary=()
all_started=$(date +%s)
for day in "${DAYS[@]}"; do
  epoch=$(date -d "$day" +%s)
  label="$day ($(date -u -d "@$epoch" '+%a %F %H:%M UTC'))"
  report="$work/$epoch.check.json"
  results="$work/$epoch.jest.json"
  log="$work/$epoch.log"
  echo
  echo "=== $label"
  fake_env "$epoch" "$report"
  fake=("${FAKE[@]}" "JICENG_TEST_CLUSTER=$work/cluster")
  echo "  date under the fake: $("${fake[@]}" date -u '+%F %T UTC') = $("${fake[@]}" env TZ=Asia/Shanghai date '+%a %F %T') Shanghai"
  echo "  node under the fake: $("${fake[@]}" node -e 'process.stdout.write(new Date().toISOString())')"

  started=$(date +%s)
  status=0
  "${fake[@]}" npm test -- --config test/calendar/jest.config.mjs --json --outputFile="$results" \
    test/calendar/ "${SUITES[@]}" ${SKIP:+"--testPathIgnorePatterns=$SKIP"} >"$log" 2>&1 || status=$?
  seconds=$(($(date +%s) - started))
  fake_clean_shm

  line=$(fake_verdict "$results" "$report") && ok=1 || ok=0
  echo "${line%RESULT*}" | sed '/^$/d'
  result="${line##*RESULT }"
  if [ "$status" -ne 0 ] || [ "$ok" -ne 1 ]; then
    failed+=("$day")
    echo "  FAILED in ${seconds} s: $result; jest's output:"
    sed 's/^/  | /' "$log"
    summary+=("FAIL  $label  $result  ${seconds} s")
  else
    echo "  passed in ${seconds} s: $result"
    summary+=("ok    $label  $result  ${seconds} s")
  fi
done

echo
echo "calendar: $(($(date +%s) - all_started)) s for ${#DAYS[@]} days"
printf '  %s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "calendar: FAILED on ${failed[*]}" >&2
  exit 1
fi
