import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The unit files of README "Operations" (docs/ops/): `systemd-analyze verify` accepts them without a
 * word, and they say what the README promises (signal the server only, no restart loop on a
 * configuration error, the data directory writable under the hardening).
 *
 * verify exits 1 on a fatal error (a relative path, an ExecStart binary that does not exist) but only
 * warns, exit 0, on a setting it ignores (a misspelled key, a bad value): so a unit passes here only
 * with exit 0 and nothing said. It does not check that User= exists; the README's useradd makes it.
 */
const OPS = path.join(__dirname, '..', '..', 'docs', 'ops');
const SYSTEMD_ANALYZE = '/usr/bin/systemd-analyze';
let dir: string;

beforeAll(() => {
  if (!existsSync(SYSTEMD_ANALYZE))
    throw new Error(
      `${SYSTEMD_ANALYZE} is missing: .ci/run must install Debian's systemd package (apt-get install systemd) for this test`,
    );
  dir = mkdtempSync(path.join(os.tmpdir(), 'jiceng-units-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Copies the units into a temporary directory and verifies them there. ExecStart's /usr/bin/node (where
 * Debian's nodejs puts it) becomes the node running the test when this machine has it elsewhere:
 * verify refuses a binary that does not exist.
 */
function verify(units: Record<string, string>): { status: number | null; said: string } {
  const files = Object.entries(units).map(([name, text]) => {
    const file = path.join(dir, name);
    writeFileSync(file, existsSync('/usr/bin/node') ? text : text.replaceAll('/usr/bin/node', process.execPath));
    return file;
  });
  const r = spawnSync(SYSTEMD_ANALYZE, ['verify', ...files], { cwd: dir, encoding: 'utf8' });
  return { status: r.status, said: `${r.stdout}${r.stderr}`.trim() };
}

const unit = (name: string) => readFileSync(path.join(OPS, name), 'utf8');

/** The settings of one section, each key with its values in order (keys may repeat). */
function settings(text: string, section: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  let current = '';
  for (const line of text.split('\n').map((l) => l.trim())) {
    if (!line || line.startsWith('#')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) current = header[1];
    else if (current === section) {
      const at = line.indexOf('=');
      const key = line.slice(0, at);
      found.set(key, [...(found.get(key) ?? []), line.slice(at + 1)]);
    }
  }
  return found;
}

test('systemd-analyze verify accepts the server unit and the backup timer without a warning', () => {
  expect(verify({ 'jiceng.service': unit('jiceng.service') })).toEqual({ status: 0, said: '' });
  expect(
    verify({
      'jiceng-backup.service': unit('jiceng-backup.service'),
      'jiceng-backup.timer': unit('jiceng-backup.timer'),
    }),
  ).toEqual({ status: 0, said: '' });
});

test('verify is heard: a misspelled setting, a wrong value and a missing program are each reported', () => {
  const text = unit('jiceng.service');
  const misspelled = verify({ 'jiceng.service': text.replace('ProtectHome=yes', 'ProtectHom=yes') });
  expect(misspelled.said).toMatch(/Unknown key 'ProtectHom'/);
  const wrongValue = verify({ 'jiceng.service': text.replace('KillMode=mixed', 'KillMode=mixd') });
  expect(wrongValue.said).toMatch(/kill mode.*mixd/);
  const missing = verify({ 'jiceng.service': text.replace(/ExecStart=\S+/, 'ExecStart=/nonexistent/node') });
  expect(missing.status).not.toBe(0);
  expect(missing.said).toMatch(/\/nonexistent\/node is not executable/);
});

test('the server unit: the server as its own user, signalled alone, no restart loop, its data writable', () => {
  const text = unit('jiceng.service');
  const service = settings(text, 'Service');
  const one = (key: string) => {
    expect(service.get(key)).toHaveLength(1);
    return service.get(key)![0];
  };
  expect(one('ExecStart')).toBe('/usr/bin/node dist/src/main.js');
  expect(one('WorkingDirectory')).toBe('/opt/jiceng');
  expect(one('User')).toBe('jiceng');
  expect(one('EnvironmentFile')).toBe('/etc/jiceng/env');
  // Only the server gets SIGTERM; it stops PostgreSQL itself once it has drained (src/main.ts).
  expect(one('KillMode')).toBe('mixed');
  // Longer than the server's own 20 s bound on stopping, so systemd never kills a clean stop.
  expect(Number(/^(\d+)$/.exec(one('TimeoutStopSec'))?.[1])).toBeGreaterThan(20);
  expect(one('Restart')).toBe('on-failure');
  expect(one('RestartPreventExitStatus').split(/\s+/)).toContain('78');
  // DATA_DIR (where the embedded PostgreSQL writes) is the one writable path under ProtectSystem=strict.
  expect(one('ProtectSystem')).toBe('strict');
  const dataDir = /(?:^|\s)DATA_DIR=(\S+)/.exec(one('Environment'))?.[1];
  expect(dataDir).toBe('/var/lib/jiceng');
  expect(one('ReadWritePaths').split(/\s+/)).toContain(dataDir);
  expect(`/var/lib/${one('StateDirectory')}`).toBe(dataDir);
  expect(settings(text, 'Install').get('WantedBy')).toEqual(['multi-user.target']);

  // The backup runs as the same user, on the same data, with the same settings.
  const backup = settings(unit('jiceng-backup.service'), 'Service');
  for (const key of ['User', 'WorkingDirectory', 'EnvironmentFile', 'Environment'])
    expect(backup.get(key)).toEqual(service.get(key));
});
