// Bundles the IDE (GraphiQL, its explorer and Monaco's three workers) into dist/ide with esbuild, and
// writes a brotli and a gzip twin of each file, which src/ide/serve.ts sends to browsers that take them.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', '..', 'dist', 'ide');
const require = createRequire(import.meta.url);
mkdirSync(out, { recursive: true });

const common = {
  bundle: true,
  minify: true,
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
  legalComments: 'none',
};
const started = Date.now();
await Promise.all([
  build({
    ...common,
    entryPoints: { main: join(here, 'client', 'main.tsx') },
    outdir: out,
    format: 'esm',
    jsx: 'automatic',
    loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file', '.svg': 'dataurl' },
  }),
  ...Object.entries({
    editor: 'monaco-editor/esm/vs/editor/editor.worker.js',
    json: 'monaco-editor/esm/vs/language/json/json.worker.js',
    graphql: 'monaco-graphql/esm/graphql.worker.js',
  }).map(([name, entry]) =>
    build({
      ...common,
      entryPoints: [require.resolve(entry)],
      outfile: join(out, `${name}.worker.js`),
      format: 'iife',
    }),
  ),
]);
copyFileSync(join(here, 'index.html'), join(out, 'index.html'));
copyFileSync(join(here, 'favicon.svg'), join(out, 'favicon.svg'));
// Brotli at quality 9 (4 s for main.js; 11 saves another 10 % but takes 20 s of every build).
const br = promisify(brotliCompress);
const gz = promisify(gzip);
await Promise.all(
  readdirSync(out)
    .filter((f) => /\.(html|js|css|svg|ttf)$/.test(f))
    .map(async (f) => {
      const raw = readFileSync(join(out, f));
      const [b, g] = await Promise.all([
        br(raw, {
          params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_LGWIN]: 24 },
        }),
        gz(raw, { level: 9 }),
      ]);
      writeFileSync(join(out, `${f}.br`), b);
      writeFileSync(join(out, `${f}.gz`), g);
    }),
);
console.log(`IDE built into ${out} in ${Date.now() - started} ms`);
