import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';

export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Browsers send `Origin` on cross-origin and on state-changing requests; when present it must be ours. */
export function isSameOrigin(req: Request): boolean {
  const origin = req.headers.origin;
  return !origin || origin === `${req.protocol}://${req.headers.host}`;
}

export const isStateChanging = (req: Request) => !SAFE_METHODS.has(req.method);

/**
 * Synchronizer token: a state-changing request made with the session cookie must echo the session's
 * CSRF token in a header (which another site's page cannot read or send), and come from this origin.
 */
export function passesCsrfCheck(req: Request, expected: string): boolean {
  if (!isSameOrigin(req)) return false;
  const sent = req.headers[CSRF_HEADER];
  if (typeof sent !== 'string' || sent.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(sent), Buffer.from(expected));
}
