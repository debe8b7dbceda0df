import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../bench/support/server-process';
import { reportFigure } from '../support/helpers';

/**
 * The service files of docs/ops under a real systemd as PID 1: a Debian 12 container (systemd-nspawn)
 * whose root is made once by debootstrap and kept (JICENG_SYSTEMD_ROOT, default below), a network of
 * its own (only loopback: no port of the machine is taken), the built repository read-only at
 * /opt/jiceng and this machine's node at /usr/bin/node. It boots on a copy of that root made for this
 * run (removed at the end), so what the first boot writes is there at the second. In it, the README's
 * "Running as a service" commands run as written (less the clone and the build, done here already),
 * then: the unit is active and /readyz ready, its hardening holds, the backup timer is listed and
 * `systemctl start jiceng-backup` writes a backup. Then the container is powered off (the server
 * stops cleanly on the way down) and booted again: with no start command jiceng comes up and serves,
 * the timer waits for 02:30, and `systemctl stop jiceng` ends cleanly with no process left and
 * PostgreSQL stopped; a start after that serves again with the same data.
 */
const CACHED_ROOT = process.env.JICENG_SYSTEMD_ROOT ?? '/var/tmp/jiceng-systemd-root';
/** What the root holds beyond debootstrap's minimal base; a root made with another list is made again. */
const PACKAGES = 'systemd,systemd-sysv,dbus,openssl,curl';
const READY_MARK = '.jiceng-drill-root';
const ADMIN_PASSWORD = 'drill-admin-password-2026';

jest.setTimeout(20 * 60_000);

const sh = (cmd: string, timeout = 60_000) =>
  execFileSync('sh', ['-c', cmd], { encoding: 'utf8', timeout, stdio: ['ignore', 'pipe', 'pipe'] });

function ensureProgram(program: string, pkg: string): void {
  if (existsSync(program)) return;
  sh(
    `apt-get update -qq && env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${pkg}`,
    10 * 60_000,
  );
}

/** The Debian mirror this machine's apt uses, so the root comes from the same place as its packages. */
function aptMirror(): string | null {
  const texts = ['/etc/apt/sources.list', '/etc/apt/sources.list.d/debian.sources']
    .filter((f) => existsSync(f))
    .map((f) => readFileSync(f, 'utf8'));
  for (const t of texts) {
    const deb = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+bookworm\s/m.exec(t);
    if (deb) return deb[1];
    const uris = /^URIs:\s*(\S+)\s*$[\s\S]*?^Suites:.*\bbookworm\b/m.exec(t);
    if (uris && !uris[1].includes('security')) return uris[1];
  }
  return null;
}

/** The Debian 12 root, made once (about 6 minutes here) and reused while its package list is the same. */
function ensureRoot(): { seconds: number; made: boolean } {
  const mark = path.join(CACHED_ROOT, READY_MARK);
  if (existsSync(mark) && readFileSync(mark, 'utf8').trim() === PACKAGES) return { seconds: 0, made: false };
  const started = performance.now();
  const partial = `${CACHED_ROOT}.partial`;
  rmSync(partial, { recursive: true, force: true });
  rmSync(CACHED_ROOT, { recursive: true, force: true });
  mkdirSync(path.dirname(CACHED_ROOT), { recursive: true });
  execFileSync(
    'debootstrap',
    ['--variant=minbase', `--include=${PACKAGES}`, 'bookworm', partial, ...(aptMirror() ? [aptMirror()!] : [])],
    { stdio: ['ignore', 'ignore', 'inherit'], timeout: 20 * 60_000 },
  );
  writeFileSync(path.join(partial, 'etc/hostname'), 'jiceng-drill\n');
  // The timers of apt and dpkg have nothing to do here (and no network to do it with).
  for (const t of ['apt-daily.timer', 'apt-daily-upgrade.timer', 'dpkg-db-backup.timer', 'e2scrub_all.timer'])
    execFileSync('chroot', [partial, 'systemctl', 'mask', t], { stdio: 'ignore' });
  writeFileSync(path.join(partial, READY_MARK), `${PACKAGES}\n`);
  renameSync(partial, CACHED_ROOT);
  return { seconds: Math.round((performance.now() - started) / 1000), made: true };
}

let nspawn: ChildProcess | null = null;
let exited: Promise<number | null> = Promise.resolve(null);
let leader = 0;
/** The directory holding this run's copy of the root, removed in afterAll. */
let copyParent: string | null = null;
/** The containers' consoles, both boots. */
const log: string[] = [];

/** A command inside the container (every namespace of its PID 1), as root; throws on a non-zero exit. */
const inside = (cmd: string, timeout = 60_000) =>
  execFileSync('nsenter', ['-t', String(leader), '-a', 'sh', '-c', cmd], {
    encoding: 'utf8',
    timeout,
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, check: () => T | null | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let value: T | null | undefined;
    try {
      value = check();
    } catch {
      value = null;
    }
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

/** /readyz from inside the container's own network. */
const readyz = () =>
  inside(
    `/usr/bin/node -e "fetch('http://127.0.0.1:4000/readyz').then(async (r) => console.log(r.status, await r.text()), () => console.log(0))"`,
  );

/** The README's "Running as a service" commands, less the clone and the build (the repository is built). */
function readmeInstallScript(): string {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Running as a service'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)![1];
  const placeholder = "<the first administrator's password>";
  if (!block.includes(placeholder)) throw new Error('README: the administrator password line changed');
  if (!block.includes('cd /opt/jiceng && npm ci && npm run build')) throw new Error('README: the build line changed');
  return block
    .split('\n')
    .filter((l) => !/^git clone |^curl |^journalctl /.test(l))
    .map((l) => (l.startsWith('cd /opt/jiceng && npm ci') ? 'cd /opt/jiceng' : l))
    .join('\n')
    .replace(placeholder, ADMIN_PASSWORD);
}

/** This run's root: a copy of the cached one (reflinked where the file system can), written by both boots. */
function copyRoot(): { dir: string; seconds: number } {
  const copying = performance.now();
  copyParent = mkdtempSync(path.join(path.dirname(CACHED_ROOT), 'jiceng-systemd-boot-'));
  // Into a new name below the temporary directory, so the root keeps the cached root's 0755.
  const dir = path.join(copyParent, 'root');
  execFileSync('cp', ['-a', '--reflink=auto', CACHED_ROOT, dir], {
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 10 * 60_000,
  });
  return { dir, seconds: (performance.now() - copying) / 1000 };
}

/** Boots the container on `dir` and waits until systemd has finished booting it. */
async function boot(
  dir: string,
  label: string,
): Promise<{ state: string; failed: string; seconds: number; startedAt: number }> {
  // node_modules may be a link to another checkout's: that checkout's copy is bound at its own path.
  const modules = path.join(ROOT, 'node_modules');
  const linkedModules = lstatSync(modules).isSymbolicLink() ? [`--bind-ro=${realpathSync(modules)}`] : [];
  const booting = performance.now();
  log.push(`--- ${label} ---`);
  const proc = spawn(
    'systemd-nspawn',
    [
      `--directory=${dir}`,
      '--machine=jiceng-drill',
      // No system bus on a machine whose PID 1 is not systemd: neither register nor ask for a scope.
      '--register=no',
      '--keep-unit',
      '--private-network',
      // The journal stays in the container's root (the copy), so the second boot reads the first's.
      '--link-journal=no',
      `--bind-ro=${ROOT}:/opt/jiceng`,
      ...linkedModules,
      `--bind-ro=${process.execPath}:/usr/bin/node`,
      '--boot',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  nspawn = proc;
  const keep = (b: Buffer) => log.push(...b.toString().split('\n'));
  proc.stdout!.on('data', keep);
  proc.stderr!.on('data', keep);
  exited = new Promise((resolve) => proc.once('exit', (code) => resolve(code)));
  // The container's PID 1: the child of systemd-nspawn.
  leader = await until(
    `the container’s systemd (${label})`,
    () => {
      const children = readFileSync(`/proc/${proc.pid}/task/${proc.pid}/children`, 'utf8').trim().split(/\s+/);
      const pid = Number(children[0]);
      return pid && readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'systemd' ? pid : null;
    },
    30_000,
  );
  const state = await until(
    `the ${label}`,
    () => {
      const s = inside('systemctl is-system-running --wait || true', 120_000);
      return ['running', 'degraded'].includes(s) ? s : null;
    },
    120_000,
  );
  const failed = state === 'degraded' ? inside('systemctl --failed --plain --no-legend') : '';
  return { state, failed, seconds: (performance.now() - booting) / 1000, startedAt: booting };
}

/** systemd-nspawn's exit code once it has exited, or 'timeout'. */
async function exitWithin(timeoutMs: number): Promise<number | null | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const code = await Promise.race([
    exited,
    new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), timeoutMs))),
  ]);
  clearTimeout(timer);
  return code;
}

/** `systemctl poweroff` in the container; resolves with systemd-nspawn's exit code, or 'timeout'. */
function powerOff(timeoutMs: number): Promise<number | null | 'timeout'> {
  // --no-block: the command returns once the job is queued, before the shutdown ends every process.
  inside('systemctl --no-block poweroff', 10_000);
  return exitWithin(timeoutMs);
}

const seconds = (s: number) => s.toFixed(1);

beforeAll(async () => {
  if (process.getuid?.() !== 0) throw new Error('the systemd drill runs as root (systemd-nspawn, debootstrap)');
  ensureProgram('/usr/bin/systemd-nspawn', 'systemd-container');
  ensureProgram('/usr/sbin/debootstrap', 'debootstrap');
});

afterAll(async () => {
  if (nspawn && nspawn.exitCode === null && nspawn.signalCode === null) {
    let code: number | null | 'timeout';
    try {
      code = await powerOff(30_000);
    } catch {
      // systemd-nspawn turns SIGTERM into a poweroff request to the container.
      nspawn.kill('SIGTERM');
      code = await exitWithin(30_000);
    }
    if (code === 'timeout') {
      nspawn.kill('SIGKILL');
      await exitWithin(10_000);
    }
  }
  // The container's mounts live in its own mount namespace, gone with it: only the copy's files remain.
  if (copyParent) rmSync(copyParent, { recursive: true, force: true });
});

test('docs/ops/jiceng.service under systemd as PID 1: installed as the README says, serves, backs up, starts at boot, stops cleanly', async () => {
  const root = ensureRoot();
  const built = path.join(ROOT, 'dist/src/main.js');
  expect(existsSync(built)).toBe(true);
  try {
    const copy = copyRoot();
    const first = await boot(copy.dir, 'first boot');
    expect(inside('cat /proc/1/comm')).toBe('systemd');
    const firstBootId = inside('cat /proc/sys/kernel/random/boot_id');

    // The README's commands, as root in the container.
    const installing = performance.now();
    execFileSync('nsenter', ['-t', String(leader), '-a', 'sh', '-eu'], {
      input: readmeInstallScript(),
      stdio: ['pipe', 'ignore', 'pipe'],
      timeout: 60_000,
    });
    const ready = await until('/readyz', () => (readyz() === '200 {"status":"ready"}' ? true : null), 180_000);
    expect(ready).toBe(true);
    const readySeconds = (performance.now() - installing) / 1000;
    expect(inside('systemctl is-active jiceng')).toBe('active');
    expect(inside('systemctl is-enabled jiceng jiceng-backup.timer').split('\n')).toEqual(['enabled', 'enabled']);

    // The server runs as jiceng with the unit's hardening: no new privileges, no capabilities.
    const mainPid = inside('systemctl show -P MainPID jiceng');
    const status = inside(`cat /proc/${mainPid}/status`);
    const field = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(status)![1].trim();
    expect(inside(`stat -c %U /proc/${mainPid}`)).toBe('jiceng');
    expect(field('NoNewPrivs')).toBe('1');
    expect(field('CapEff')).toBe('0000000000000000');
    expect(field('CapBnd')).toBe('0000000000000000');
    // The embedded PostgreSQL is in the unit's control group, as the same user.
    const cgroupPids = inside(
      'for p in /proc/[0-9]*; do grep -q "jiceng.service" $p/cgroup 2>/dev/null && echo $(stat -c %U $p) $(cat $p/comm); done',
    ).split('\n');
    expect(cgroupPids.some((l) => l === 'jiceng postgres')).toBe(true);
    expect(cgroupPids.every((l) => l.startsWith('jiceng '))).toBe(true);

    // The nightly backup: its timer is listed, and started by hand it writes the night's file.
    const timers = inside('systemctl list-timers --all --no-pager');
    expect(timers).toMatch(/02:30:00 .*jiceng-backup\.timer\s+jiceng-backup\.service/);
    const backingUp = performance.now();
    inside('systemctl start jiceng-backup', 120_000);
    const backupSeconds = (performance.now() - backingUp) / 1000;
    expect(inside('systemctl show -P Result jiceng-backup')).toBe('success');
    const backupFile = `/var/backups/jiceng/jiceng-${inside('date +%F')}.backup`;
    const backup = inside(`stat -c '%U %a %s' ${backupFile}`).split(' ');
    expect(backup.slice(0, 2)).toEqual(['jiceng', '600']);
    expect(Number(backup[2])).toBeGreaterThan(100_000);

    // Power off with the server running: systemd stops it on the way down, and the container ends.
    const poweringOff = performance.now();
    expect(await powerOff(90_000)).toBe(0);
    const powerOffSeconds = (performance.now() - poweringOff) / 1000;
    // Seen from this machine, on the copy: PostgreSQL stopped itself (no postmaster.pid left behind).
    expect(existsSync(path.join(copy.dir, 'var/lib/jiceng/pg/PG_VERSION'))).toBe(true);
    expect(existsSync(path.join(copy.dir, 'var/lib/jiceng/pg/postmaster.pid'))).toBe(false);

    // Booted again on the same copy. No start command: jiceng comes up because it is enabled.
    const second = await boot(copy.dir, 'second boot');
    const secondBootId = inside('cat /proc/sys/kernel/random/boot_id');
    expect(secondBootId).not.toBe(firstBootId);
    expect(inside('systemctl is-active jiceng')).toBe('active');
    await until('/readyz after the second boot', () => (readyz() === '200 {"status":"ready"}' ? true : null), 180_000);
    const secondReadySeconds = (performance.now() - second.startedAt) / 1000;
    expect(inside('systemctl show -P NRestarts jiceng')).toBe('0');
    // The timer is armed again by the boot, for the next 02:30.
    expect(inside('systemctl is-active jiceng-backup.timer')).toBe('active');
    const nextBackup = await until(
      'the backup timer’s next elapse',
      () => inside('systemctl show -P NextElapseUSecRealtime jiceng-backup.timer') || null,
      30_000,
    );
    expect(nextBackup).toMatch(/ 02:30:00 /);
    // What the first boot wrote is still there: the night's backup, and the first boot's journal, in
    // which the server stopped cleanly when the container was powered off.
    expect(inside(`stat -c '%U %a %s' ${backupFile}`).split(' ')).toEqual(backup);
    const firstJournal = inside(`journalctl -b ${firstBootId.replace(/-/g, '')} -u jiceng --no-pager -o cat`);
    expect(firstJournal).toMatch(/"msg":"stopped"/);
    expect(firstJournal).not.toMatch(/Killing process|SIGKILL|left-over process/);

    // Stop: the server drains and stops PostgreSQL itself; systemd has nothing left to kill.
    const stopping = performance.now();
    inside('systemctl stop jiceng', 60_000);
    const stopSeconds = (performance.now() - stopping) / 1000;
    expect(inside('systemctl show -P ActiveState jiceng')).toBe('inactive');
    expect(inside('systemctl show -P Result jiceng')).toBe('success');
    expect(inside('systemctl show -P ExecMainStatus jiceng')).toBe('0');
    expect(
      inside('for p in /proc/[0-9]*; do [ "$(stat -c %U $p 2>/dev/null)" = jiceng ] && cat $p/comm; done; true'),
    ).toBe('');
    expect(inside('test -e /var/lib/jiceng/pg/postmaster.pid && echo running || echo stopped')).toBe('stopped');
    const journal = inside('journalctl -b 0 -u jiceng --no-pager -o cat');
    expect(journal).toMatch(/"msg":"stopped"/);
    expect(journal).not.toMatch(/Killing process|SIGKILL|left-over process/);

    // Started again: the same data directory, the administrator made once, on the first boot only.
    inside('systemctl start jiceng');
    await until('/readyz after the second start', () => (readyz() === '200 {"status":"ready"}' ? true : null), 120_000);
    const adminCreated = (bootId: string) =>
      inside(`journalctl -b ${bootId} -u jiceng --no-pager -o cat | grep -c "first administrator created"; true`);
    expect([adminCreated(firstBootId.replace(/-/g, '')), adminCreated('0')]).toEqual(['1', '0']);

    const bootFigure = (b: { state: string; failed: string; seconds: number }) =>
      `to "${b.state}"${b.failed ? ` (failed: ${b.failed.replace(/\s+/g, ' ')})` : ''} in ${seconds(b.seconds)} s`;
    reportFigure(
      'systemd',
      `${root.made ? `root made by debootstrap in ${root.seconds} s; ` : 'cached root; '}copied in ${seconds(copy.seconds)} s; ` +
        `booted ${bootFigure(first)}; README install to /readyz ready in ${seconds(readySeconds)} s; ` +
        `backup ${backup[2]} bytes in ${seconds(backupSeconds)} s; poweroff in ${seconds(powerOffSeconds)} s, server stopped cleanly; ` +
        `second boot ${bootFigure(second)}, jiceng ready ${seconds(secondReadySeconds)} s after power-on with no start command, ` +
        `backup timer next at ${nextBackup}; systemctl stop in ${seconds(stopSeconds)} s, exit 0, no process left, ` +
        'PostgreSQL stopped; started again and ready',
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}\n--- container console (last lines) ---\n${log.slice(-60).join('\n')}`, {
      cause: err,
    });
  }
});
