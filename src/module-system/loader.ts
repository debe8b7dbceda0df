import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { JicengModule } from './define-module';

/** `modules/` beside `src/`, both in the source tree and in the compiled `dist/`. */
export const MODULES_DIR = path.resolve(__dirname, '../../modules');

/** Module folders present on disk (each with an index file). */
export function availableModules(dir = MODULES_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && ['index.ts', 'index.js'].some((f) => existsSync(path.join(dir, d.name, f))))
    .map((d) => d.name)
    .sort();
}

/**
 * Loads the modules to install: the names given (MODULES), or every one on disk. Only these are
 * imported, so an uninstalled module's decorators never reach type-graphql's metadata.
 */
export function loadModules(names: string[] | undefined, dir = MODULES_DIR): JicengModule[] {
  const available = availableModules(dir);
  const wanted = names ?? available;
  const unknown = wanted.filter((n) => !available.includes(n));
  if (unknown.length)
    throw new Error(
      `MODULES names unknown modules: ${unknown.join(', ')} (available: ${available.join(', ') || 'none'})`,
    );
  return wanted.map((name) => {
    // The folder is only known at run time (MODULES) and loading stays synchronous, for the CLI, the
    // server and jest alike: an `import` statement cannot name it, and `await import()` would make every
    // caller async.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a module folder chosen at run time
    const mod = require(path.join(dir, name)).default as JicengModule | undefined;
    if (!mod?.name) throw new Error(`modules/${name}/index must default-export defineModule(…)`);
    if (mod.name !== name)
      throw new Error(`modules/${name} declares the name "${mod.name}"; the folder and the name must match`);
    return mod;
  });
}
