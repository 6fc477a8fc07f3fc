import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { ApiError } from '@alltokens/contracts';
import { extractApiKey } from '../auth/extract-api-key';
import { sendApiError } from '../http/api-exception.filter';
import { isStateChanging, passesCsrfCheck } from './csrf';
import { readCookie, SESSION_COOKIE } from './session-cookies';
import { SessionPrincipals } from './session-principal.service';
import { SessionStore, type ConsoleSession } from './session.store';

declare module 'express-serve-static-core' {
  interface Request {
    consoleSession?: ConsoleSession & { id: string };
  }
}

/**
 * Requests carrying the console's session cookie (and no API key) act as the session's principal;
 * state-changing ones must pass the CSRF check. An explicit key always wins over a cookie.
 */
@Injectable()
export class SessionMiddleware implements NestMiddleware {
  constructor(
    private readonly sessions: SessionStore,
    private readonly principals: SessionPrincipals,
  ) {}

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    const id = readCookie(req, SESSION_COOKIE);
    if (!id || extractApiKey(req)) return next();
    try {
      const session = await this.sessions.get(id);
      if (!session) return next();
      if (isStateChanging(req) && !passesCsrfCheck(req, session.csrf)) {
        throw new ApiError(403, 'csrf_failed', 'Missing or wrong CSRF token: reload the console and try again');
      }
      req.principal = await this.principals.resolve(session);
      req.consoleSession = { ...session, id };
      next();
    } catch (error) {
      if (!(error instanceof ApiError)) return next(error);
      sendApiError(res, error.status, error.toBody());
    }
  }
}
