// Runs `npm run build` only when dist/ is missing or older than the sources, so that commands (start,
// seed, import, figures, migrate) start from the existing build and never rewrite dist/ under a running
// server for nothing. `--begin` and `--done` are called by the build itself: the stamp carries the time
// the build began, so a source saved while it ran still counts as newer.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = process.env.JICENG_BUILD_ROOT ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'dist');
const STARTED = path.join(DIST, '.build-started');
const STAMP = path.join(DIST, '.build-stamp');
/** What the build reads: a change to any of these makes dist/ stale. */
const SOURCES = [
  'src',
  'modules',
  'ormconfig.ts',
  'tsconfig.json',
  'tsconfig.build.json',
  'package.json',
  'package-lock.json',
];
const OUTPUTS = ['dist/src/main.js', 'dist/ide/index.html'];

function newest(p) {
  if (!existsSync(p)) return 0;
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  let m = s.mtimeMs;
  for (const e of readdirSync(p)) if (e !== 'node_modules') m = Math.max(m, newest(path.join(p, e)));
  return m;
}

/** Why dist/ must be built, or null when it is current. */
function staleBecause() {
  const missing = OUTPUTS.find((o) => !existsSync(path.join(ROOT, o)));
  if (missing) return `${missing} is missing`;
  if (!existsSync(STAMP)) return 'no completed build is recorded';
  const built = statSync(STAMP).mtimeMs;
  const changed = SOURCES.find((s) => newest(path.join(ROOT, s)) > built);
  return changed ? `${changed} changed since the last build` : null;
}

const arg = process.argv[2];
if (arg === '--begin') {
  mkdirSync(DIST, { recursive: true });
  writeFileSync(STARTED, `${new Date().toISOString()}\n`);
} else if (arg === '--done') {
  renameSync(STARTED, STAMP);
} else {
  const why = staleBecause();
  if (why) {
    process.stderr.write(`Building first: ${why}.\n`);
    const r = spawnSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'inherit' });
    process.exit(r.status ?? 1);
  }
}
