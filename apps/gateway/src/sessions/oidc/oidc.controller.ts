import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { ApiError } from '@alltokens/contracts';
import { LOGGER } from '../../infra/tokens';
import { clearCookie, OIDC_STATE_COOKIE, readCookie, SESSION_COOKIE, setCookie } from '../session-cookies';
import { SessionStore } from '../session.store';
import { MemberProvisioning } from './member-provisioning.service';
import { OidcService } from './oidc.service';

const FLOW_COOKIE_MS = 600_000;
const signInPage = (error?: string) => `/dashboard/sign-in${error ? `?error=${encodeURIComponent(error)}` : ''}`;

/** Single sign-on: `/login` redirects to the identity provider, which returns the browser to `/callback`. */
@ApiTags('console')
@Controller('api/console/oidc')
export class OidcController {
  constructor(
    private readonly oidc: OidcService,
    private readonly members: MemberProvisioning,
    private readonly sessions: SessionStore,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Get('login')
  @ApiOperation({ summary: 'Start OpenID Connect sign-in (authorization code + PKCE): redirects to the identity provider' })
  async login(@Req() req: Request, @Res() res: Response) {
    const { url, state } = await this.oidc.begin(req);
    // Binds the flow to this browser: a callback carrying another browser's state is refused (login CSRF).
    setCookie(req, res, OIDC_STATE_COOKIE, state, FLOW_COOKIE_MS);
    res.redirect(302, url);
  }

  @Get('callback')
  @ApiExcludeEndpoint()
  async callback(@Req() req: Request, @Res() res: Response, @Query('state') state?: string, @Query('error') error?: string) {
    clearCookie(req, res, OIDC_STATE_COOKIE);
    if (error) return res.redirect(302, signInPage(`The identity provider refused the sign-in: ${error}`));
    try {
      if (!state || readCookie(req, OIDC_STATE_COOKIE) !== state) {
        throw new ApiError(400, 'oidc_state_mismatch', 'This sign-in was not started from this browser; sign in again');
      }
      const identity = await this.oidc.complete(req, state);
      const member = await this.members.signIn(identity);
      const { id } = await this.sessions.create({ kind: 'member', userId: member.userId, orgId: member.orgId, email: member.email }, 'oidc');
      setCookie(req, res, SESSION_COOKIE, id, this.sessions.ttlMs);
      res.redirect(302, '/dashboard/');
    } catch (failure) {
      const message = failure instanceof ApiError ? failure.message : 'Single sign-on failed';
      if (!(failure instanceof ApiError)) this.logger.warn({ err: failure }, 'OIDC callback failed');
      res.redirect(302, signInPage(message));
    }
  }
}
