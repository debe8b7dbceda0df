import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * `npm run seed`, `import`, `figures`, `migrate` and `npm start` build only when dist/ is missing or
 * older than the sources (scripts/build-if-stale.mjs). Here on a project of the same layout whose
 * build counts its runs, so the test does not rebuild the real one.
 */
const SCRIPT = path.join(__dirname, '..', '..', 'scripts', 'build-if-stale.mjs');
let root: string;

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'jiceng-build-'));
  mkdirSync(path.join(root, 'src'));
  writeFileSync(path.join(root, 'src', 'main.ts'), 'export {};\n');
  const build = [
    `node ${JSON.stringify(SCRIPT)} --begin`,
    `node -e "const f=require('fs');f.mkdirSync('dist/src',{recursive:true});f.mkdirSync('dist/ide',{recursive:true});f.writeFileSync('dist/src/main.js','');f.writeFileSync('dist/ide/index.html','');f.appendFileSync('builds.log','built\\\\n')"`,
    `node ${JSON.stringify(SCRIPT)} --done`,
  ].join(' && ');
  writeFileSync(
    path.join(root, 'package.json'),
    JSON.stringify({ name: 'fixture', private: true, scripts: { build } }),
  );
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const ensure = () =>
  execFileSync(process.execPath, [SCRIPT], {
    cwd: root,
    env: { ...process.env, JICENG_BUILD_ROOT: root },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
const builds = () => readFileSync(path.join(root, 'builds.log'), 'utf8').split('\n').filter(Boolean).length;

test('builds when dist is missing, not again while it is current, and again after a source changes', () => {
  ensure();
  expect(builds()).toBe(1);
  ensure();
  ensure();
  expect(builds()).toBe(1);
  // A source saved after the build began (the stamp moved back a minute, the file a second after it).
  const stamp = path.join(root, 'dist', '.build-stamp');
  const before = new Date(statSync(stamp).mtimeMs - 60_000);
  utimesSync(stamp, before, before);
  utimesSync(path.join(root, 'src', 'main.ts'), new Date(before.getTime() + 1000), new Date(before.getTime() + 1000));
  ensure();
  expect(builds()).toBe(2);
  ensure();
  expect(builds()).toBe(2);
  // An output removed by hand.
  rmSync(path.join(root, 'dist', 'src', 'main.js'));
  ensure();
  expect(builds()).toBe(3);
});
