# Sourced by test/calendar/run-under-faked-clock.sh and scripts/test-on-debian-postgres.sh: what it takes
# to run the tests under a faked machine clock, and to prove that the faking took (why each setting:
# the header of run-under-faked-clock.sh).
#
#   fake_prepare DIR             libfaketime and a C compiler from Debian's packages when missing; compiles
#                                the shim into DIR (readable by PostgreSQL's user); sets FAKE_PRELOAD
#   fake_env EPOCH REPORT        sets FAKE=(env …): a command prefixed with it runs on the timeline that
#                                starts at EPOCH, and the faked-clock check writes what it saw to REPORT
#   fake_clean_shm               removes the shared timelines that dead processes left in /dev/shm
#   fake_verdict RESULTS REPORT  prints what the check saw and a last line "RESULT …"; fails unless jest's
#                                results passed and the check proved the faking

fake_apt_install() {
  echo "faked clock: installing Debian's $* with apt-get"
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo -n)
  if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >/dev/null; then
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >/dev/null
  fi
}

fake_find_lib() {
  ls /usr/lib/*/faketime/libfaketime.so.1 /usr/lib/faketime/libfaketime.so.1 2>/dev/null | head -n 1 || true
}

fake_prepare() {
  local dir=$1 lib
  lib=$(fake_find_lib)
  if [ -z "$lib" ]; then
    echo "faked clock: libfaketime is not installed"
    fake_apt_install libfaketime
    lib=$(fake_find_lib)
    [ -n "$lib" ] || { echo "faked clock: libfaketime did not install" >&2; return 1; }
  fi
  echo "faked clock: $(dpkg-query -W -f='libfaketime ${Version}' libfaketime 2>/dev/null || echo libfaketime) at $lib"
  if ! command -v cc >/dev/null; then
    echo "faked clock: no C compiler for test/calendar/real-waits.c"
    fake_apt_install gcc libc6-dev
  fi
  chmod 755 "$dir" # PostgreSQL runs as its own user, and must be able to load the shim from here
  cc -shared -fPIC -O2 -Wall -Werror -o "$dir/real-waits.so" test/calendar/real-waits.c
  FAKE_PRELOAD="$dir/real-waits.so:$lib${LD_PRELOAD:+:$LD_PRELOAD}"
  echo "faked clock: LD_PRELOAD=$FAKE_PRELOAD"
}

fake_env() {
  FAKE=(
    env "LD_PRELOAD=$FAKE_PRELOAD" "FAKETIME=@$1" FAKETIME_FMT=%s FAKETIME_DONT_RESET=1
    FAKETIME_DONT_FAKE_MONOTONIC=1 "JICENG_FAKED_START=$1" "JICENG_FAKED_REPORT=$2"
  )
}

# libfaketime keeps a shared timeline in /dev/shm per process tree and leaves it behind when a process
# is killed; a stale one makes a later process with the same pid fail. Remove those of dead processes.
fake_clean_shm() {
  local f pid
  for f in /dev/shm/faketime_shm_* /dev/shm/sem.faketime_sem_*; do
    [ -e "$f" ] || continue
    pid=${f##*_}
    kill -0 "$pid" 2>/dev/null || rm -f "$f" 2>/dev/null || true
  done
}

fake_verdict() {
  node -e '
    const fs = require("fs");
    const [results, report] = process.argv.slice(1);
    let r = null, seen = null;
    try { r = JSON.parse(fs.readFileSync(results, "utf8")); } catch {}
    try { seen = JSON.parse(fs.readFileSync(report, "utf8")); } catch {}
    if (seen) {
      console.log(`  node in a jest worker: ${seen.node}; PostgreSQL now(): ${seen.postgresNow} ` +
        `(postmaster started ${seen.postgresStarted})`);
      const t = (o) => `${o.sqlstate} after ${o.afterMs} ms`;
      console.log(`  pg_sleep(0.3): ${seen.pgSleep300Ms} ms; statement_timeout 200 ms: ${t(seen.statementTimeout200Ms)}; ` +
        `lock_timeout 200 ms: ${t(seen.lockTimeout200Ms)}; setTimeout(250): ${seen.setTimeout250Ms} ms`);
    } else console.log("  the faked-clock check wrote nothing: the faking is not proven");
    const check = r && r.testResults.find((s) => s.name.endsWith("faked-clock.check.ts"));
    const proven = !!seen && !!check && check.status === "passed";
    if (r) {
      const slow = r.testResults.map((s) => [((s.endTime - s.startTime) / 1000).toFixed(0), s.name.split("/test/")[1]])
        .sort((a, b) => b[0] - a[0]).slice(0, 5).map(([s, n]) => `${n} ${s} s`);
      console.log(`  slowest files: ${slow.join(", ")}`);
    }
    console.log(r ? `RESULT ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numTotalTestSuites} files; ` +
      `clock faked: ${proven ? "yes" : "NO"}` : "RESULT no jest results");
    process.exit(r && r.success && proven ? 0 : 1);
  ' "$1" "$2"
}
