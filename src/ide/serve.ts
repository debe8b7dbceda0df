import { existsSync } from 'node:fs';
import path from 'node:path';
import express from 'express';
import type { App } from '../context';
import { todayOf } from '../clock';
import { demoSignInOpen } from '../demo/demo-accounts';

/** Types of the built IDE's files, set before sending their .br or .gz twin. */
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ttf': 'font/ttf',
};

/**
 * Sends a file of the built IDE as its brotli or gzip twin (made by src/ide/build.mjs) when the
 * browser accepts it; false when neither twin is there or neither encoding is accepted.
 */
export function sendPrecompressed(req: express.Request, res: express.Response, file: string, maxAge: number): boolean {
  const type = TYPES[path.extname(file)];
  if (!type) return false;
  res.vary('Accept-Encoding');
  const encoding = req.acceptsEncodings('br', 'gzip');
  const twin = encoding === 'br' ? `${file}.br` : encoding === 'gzip' ? `${file}.gz` : null;
  if (!twin || !existsSync(twin)) return false;
  res.set('content-type', type).set('content-encoding', encoding as string);
  res.sendFile(twin, { maxAge });
  return true;
}

const HOUR = 3_600_000;
const demoChecks = new WeakMap<App, { at: number; open: Promise<boolean> }>();

/**
 * The IDE's files under /ide (precompressed twins first), its favicon, and /ide/about.json: today by
 * the server's clock (the examples' periods are counted back from it) and whether the demo accounts
 * sign in here (the sign-in page then names them). About.json holds nothing a visitor could not learn
 * from the sign-in page of a demo deployment.
 */
export function ideRoutes(app: App, dir: string): express.Router {
  const router = express.Router();
  router.get('/about.json', async (_req, res, next) => {
    try {
      // One password check a minute at most, whatever the traffic (a monotonic timer: not domain time).
      const now = performance.now();
      let check = demoChecks.get(app);
      if (!check || now - check.at > 60_000) {
        check = { at: now, open: demoSignInOpen(app.db).catch(() => false) };
        demoChecks.set(app, check);
      }
      res.set('cache-control', 'no-store').json({ today: todayOf(app.clock), demoData: await check.open });
    } catch (err) {
      next(err);
    }
  });
  router.get(/.*/, (req, res, next) => {
    const file = path.join(dir, path.normalize(req.path));
    if (!file.startsWith(dir + path.sep) || !sendPrecompressed(req, res, file, HOUR)) next();
  });
  router.use(express.static(dir, { index: false, maxAge: '1h' }));
  return router;
}
