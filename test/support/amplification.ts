import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../bench/support/server-process';

/** The query of issue 14, item 1: an unsent `$f` (default 100) and plain lists multiplying each level. */
export const ISSUE_QUERY = `query($f:Int = 100){ orgUnit(code:"JB01"){ descendants(first:$f){ nodes{ ancestors{ descendants(first:$f){ nodes{ ancestors{ members(first:$f, includeDescendants:true){ nodes{ id name } } } } } } } } } }`;

/** Builds dist/ when a source file is newer than the build (the server under test is the built one). */
export function ensureBuilt(): void {
  const built = path.join(ROOT, 'dist', 'src', 'main.js');
  const newest = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) return e.name === 'client' ? m : Math.max(m, newest(p));
      return e.name.endsWith('.ts') ? Math.max(m, statSync(p).mtimeMs) : m;
    }, 0);
  const sources = Math.max(newest(path.join(ROOT, 'src')), newest(path.join(ROOT, 'modules')));
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  // tsc emits even when another change in the tree does not type-check; the server then runs what was emitted.
  spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: ROOT,
      stdio: 'ignore',
    },
  );
  if (!existsSync(built)) throw new Error('the build failed: run `npm run build`');
}

/** A deterministic generator (mulberry32), so a failing query can be found again. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Deep and wide queries from the fields that multiply what a query returns: connections at 100, plain
 * lists (ancestors, posts, membership history), parents and branches back up the tree, roll-ups. Each
 * stays within the depth (15), alias (30) and root-field (20) limits, so it reaches execution.
 */
export function generatedQueries(count: number, seed = 14): string[] {
  const next = random(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(next() * xs.length)];
  // `depth` is what is left of the query depth below this selection.
  const unit = (depth: number): string => {
    const parts: [number, (below: number) => string][] = [
      [2, (d) => `descendants(first: 100) { nodes { ${unit(d)} } }`],
      [2, (d) => `children(first: 100) { nodes { ${unit(d)} } }`],
      [1, (d) => `ancestors { ${unit(d)} }`],
      [1, (d) => `parent { ${unit(d)} }`],
      [
        4,
        (d) =>
          `members(first: 100, includeDescendants: true) { nodes { id name posts { unit { ${unit(d)} } } branch { ${unit(d + 1)} } membershipHistory { branch { name } } } }`,
      ],
      [2, () => 'memberStats { total ageBands { band count } byCategory { category count } }'],
    ];
    const fitting = parts.filter(([levels]) => levels < depth);
    if (fitting.length === 0) return 'id name';
    const part = () => {
      const [levels, make] = pick(fitting);
      return make(depth - levels - 1);
    };
    return `id name ${part()} ${part()}`;
  };
  return Array.from({ length: count }, (_, i) => {
    if (i % 2 === 0) return `{ orgUnit(code: "JB01") { ${unit(14)} } }`;
    // Wide: twenty aliases of the whole county at once (the root-field limit).
    const aliases = Array.from({ length: 20 }, (_, a) => `a${a}: orgUnit(code: "JB01") { ${unit(5)} }`);
    return `{ ${aliases.join(' ')} }`;
  });
}
