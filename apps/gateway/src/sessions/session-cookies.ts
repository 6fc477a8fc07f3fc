import type { Request, Response } from 'express';
import { parse, serialize, type SerializeOptions } from 'cookie';

export const SESSION_COOKIE = 'alltokens_console';
export const OIDC_STATE_COOKIE = 'alltokens_oidc_state';

export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  return header ? parse(header)[name] : undefined;
}

/** HttpOnly, SameSite=Lax, path-scoped; Secure whenever the request came over https (directly or via a proxy). */
function options(req: Request, maxAgeMs: number): SerializeOptions {
  return { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/', maxAge: Math.floor(maxAgeMs / 1000) };
}

export function setCookie(req: Request, res: Response, name: string, value: string, maxAgeMs: number): void {
  res.append('set-cookie', serialize(name, value, options(req, maxAgeMs)));
}

export function clearCookie(req: Request, res: Response, name: string): void {
  res.append('set-cookie', serialize(name, '', { ...options(req, 0), expires: new Date(0) }));
}
