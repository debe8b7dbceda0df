import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
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
 * whose root is made once by debootstrap and kept (JICENG_SYSTEMD_ROOT, default below), booted with
 * a throw-away overlay on it (nothing the drill does stays), a network of its own (only loopback: no
 * port of the machine is taken), the built repository read-only at /opt/jiceng and this machine's
 * node at /usr/bin/node. In it, the README's "Running as a service" commands run as written (less the
 * clone and the build, done here already), then: the unit is active and /readyz ready, its hardening
 * holds, the backup timer is listed, `systemctl start jiceng-backup` writes a backup, and `systemctl
 * stop jiceng` ends cleanly with no process left and PostgreSQL stopped; a second start serves again.
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

beforeAll(async () => {
  if (process.getuid?.() !== 0) throw new Error('the systemd drill runs as root (systemd-nspawn, debootstrap)');
  ensureProgram('/usr/bin/systemd-nspawn', 'systemd-container');
  ensureProgram('/usr/sbin/debootstrap', 'debootstrap');
});

afterAll(async () => {
  if (nspawn && nspawn.exitCode === null) {
    try {
      inside('systemctl poweroff', 10_000);
    } catch {
      nspawn.kill('SIGTERM');
    }
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([exited, new Promise((r) => (timer = setTimeout(() => r('timeout'), 30_000)))]);
    clearTimeout(timer);
    if (code === 'timeout') nspawn.kill('SIGKILL');
  }
});

test('docs/ops/jiceng.service under systemd as PID 1: installed as the README says, serves, backs up, stops cleanly', async () => {
  const root = ensureRoot();
  const built = path.join(ROOT, 'dist/src/main.js');
  expect(existsSync(built)).toBe(true);
  // node_modules may be a link to another checkout's: that checkout's copy is bound at its own path.
  const modules = path.join(ROOT, 'node_modules');
  const linkedModules = lstatSync(modules).isSymbolicLink() ? [`--bind-ro=${realpathSync(modules)}`] : [];

  const booting = performance.now();
  const log: string[] = [];
  nspawn = spawn(
    'systemd-nspawn',
    [
      `--directory=${CACHED_ROOT}`,
      '--machine=jiceng-drill',
      // No system bus on a machine whose PID 1 is not systemd: neither register nor ask for a scope.
      '--register=no',
      '--keep-unit',
      '--volatile=overlay',
      '--private-network',
      `--bind-ro=${ROOT}:/opt/jiceng`,
      ...linkedModules,
      `--bind-ro=${process.execPath}:/usr/bin/node`,
      '--boot',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const keep = (b: Buffer) => log.push(...b.toString().split('\n'));
  nspawn.stdout!.on('data', keep);
  nspawn.stderr!.on('data', keep);
  const proc = nspawn;
  exited = new Promise((resolve) => proc.once('exit', (code) => resolve(code)));
  try {
    // The container's PID 1: the child of systemd-nspawn.
    leader = await until(
      'the container’s systemd',
      () => {
        const children = readFileSync(`/proc/${proc.pid}/task/${proc.pid}/children`, 'utf8').trim().split(/\s+/);
        const pid = Number(children[0]);
        return pid && readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'systemd' ? pid : null;
      },
      30_000,
    );
    const state = await until(
      'the boot',
      () => {
        const s = inside('systemctl is-system-running --wait || true', 120_000);
        return ['running', 'degraded'].includes(s) ? s : null;
      },
      120_000,
    );
    const failed = state === 'degraded' ? inside('systemctl --failed --plain --no-legend') : '';
    const bootSeconds = ((performance.now() - booting) / 1000).toFixed(1);
    expect(inside('cat /proc/1/comm')).toBe('systemd');

    // The README's commands, as root in the container.
    const installing = performance.now();
    execFileSync('nsenter', ['-t', String(leader), '-a', 'sh', '-eu'], {
      input: readmeInstallScript(),
      stdio: ['pipe', 'ignore', 'pipe'],
      timeout: 60_000,
    });
    const ready = await until('/readyz', () => (readyz() === '200 {"status":"ready"}' ? true : null), 180_000);
    expect(ready).toBe(true);
    const readySeconds = ((performance.now() - installing) / 1000).toFixed(1);
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
    const backupSeconds = ((performance.now() - backingUp) / 1000).toFixed(1);
    expect(inside('systemctl show -P Result jiceng-backup')).toBe('success');
    const today = inside('date +%F');
    const backup = inside(`stat -c '%U %a %s' /var/backups/jiceng/jiceng-${today}.backup`).split(' ');
    expect(backup.slice(0, 2)).toEqual(['jiceng', '600']);
    expect(Number(backup[2])).toBeGreaterThan(100_000);

    // Stop: the server drains and stops PostgreSQL itself; systemd has nothing left to kill.
    const stopping = performance.now();
    inside('systemctl stop jiceng', 60_000);
    const stopSeconds = ((performance.now() - stopping) / 1000).toFixed(1);
    expect(inside('systemctl show -P ActiveState jiceng')).toBe('inactive');
    expect(inside('systemctl show -P Result jiceng')).toBe('success');
    expect(inside('systemctl show -P ExecMainStatus jiceng')).toBe('0');
    expect(
      inside('for p in /proc/[0-9]*; do [ "$(stat -c %U $p 2>/dev/null)" = jiceng ] && cat $p/comm; done; true'),
    ).toBe('');
    expect(inside('test -e /var/lib/jiceng/pg/postmaster.pid && echo running || echo stopped')).toBe('stopped');
    const journal = inside('journalctl -u jiceng --no-pager -o cat');
    expect(journal).toMatch(/"msg":"stopped"/);
    expect(journal).not.toMatch(/Killing process|SIGKILL|left-over process/);

    // Started again: the same data directory, the administrator kept, serving.
    inside('systemctl start jiceng');
    await until('/readyz after the second start', () => (readyz() === '200 {"status":"ready"}' ? true : null), 120_000);
    expect(inside('journalctl -u jiceng --no-pager -o cat | grep -c "first administrator created"')).toBe('1');

    reportFigure(
      'systemd',
      `${root.made ? `root made by debootstrap in ${root.seconds} s; ` : 'cached root; '}booted to "${state}"${failed ? ` (failed: ${failed.replace(/\s+/g, ' ')})` : ''} in ${bootSeconds} s; ` +
        `README install to /readyz ready in ${readySeconds} s; backup ${backup[2]} bytes in ${backupSeconds} s; ` +
        `systemctl stop in ${stopSeconds} s, exit 0, no process left, PostgreSQL stopped; second start ready`,
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}\n--- container console (last lines) ---\n${log.slice(-40).join('\n')}`, {
      cause: err,
    });
  }
});
