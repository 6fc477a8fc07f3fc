import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { apiErrorBody } from '@alltokens/contracts';

export const CONSOLE_PATH = '/dashboard';
/** Built by tools/build.mjs (Vite) into dist/console; this file runs from dist/apps/gateway/src/console. */
const DEFAULT_DIR = resolve(__dirname, '../../../../console');

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
};

/**
 * Serves the console's static build at /dashboard: content-hashed assets cached for a year, every
 * other path the SPA's index.html (never cached, so a deploy is picked up at once).
 */
export function mountConsole(app: NestExpressApplication, dir = DEFAULT_DIR): void {
  const index = join(dir, 'index.html');
  const built = existsSync(index);
  app.use(CONSOLE_PATH, (req: Request, res: Response, next: NextFunction) => {
    res.set(SECURITY_HEADERS);
    if (!built) {
      res.status(503).json(apiErrorBody(503, 'console_not_built', `The console is not built: run \`node tools/build.mjs\` (looked in ${dir})`));
      return;
    }
    next();
  });
  if (!built) return;
  app.use(`${CONSOLE_PATH}/assets`, express.static(join(dir, 'assets'), { immutable: true, maxAge: '365d', index: false, fallthrough: false }));
  app.use(CONSOLE_PATH, express.static(dir, { index: false, maxAge: 0 }));
  app.use(CONSOLE_PATH, (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    res.set('cache-control', 'no-cache');
    res.sendFile(index);
  });
}
