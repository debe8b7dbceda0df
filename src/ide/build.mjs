// Bundles the IDE (GraphiQL, its explorer and Monaco's three workers) into dist/ide with esbuild.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
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
console.log(`IDE built into ${out} in ${Date.now() - started} ms`);
