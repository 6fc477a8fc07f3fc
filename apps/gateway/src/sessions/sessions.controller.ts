import { Body, Controller, Delete, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { ApiError } from '@alltokens/contracts';
import { AuthService } from '../auth/auth.service';
import { isSameOrigin } from './csrf';
import { OidcService } from './oidc/oidc.service';
import { OrganizationSwitch } from './organization-switch.service';
import { SessionPrincipals } from './session-principal.service';
import { clearCookie, SESSION_COOKIE, setCookie } from './session-cookies';
import { toSessionView } from './session-view';
import { SessionStore, type SessionSubject } from './session.store';

const signInSchema = z.object({ key: z.string().min(1, 'key is required') });
const switchSchema = z.strictObject({ org_id: z.string().min(1).max(100).nullable() });

const signedIn = (req: Request) => {
  if (!req.consoleSession || !req.principal) throw new ApiError(401, 'not_signed_in', 'Not signed in to the console');
  return { session: req.consoleSession, principal: req.principal };
};

/** Console sign-in with a management key, the current session, sign-out. */
@ApiTags('console')
@Controller('api/console')
export class SessionsController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionStore,
    private readonly oidc: OidcService,
    private readonly organizations: OrganizationSwitch,
    private readonly principals: SessionPrincipals,
  ) {}

  @Get('auth-options')
  @ApiOperation({ summary: 'How one may sign in to the console (public)' })
  options() {
    return { data: { key: true, oidc: this.oidc.enabled } };
  }

  @Post('session')
  @HttpCode(201)
  @ApiOperation({ summary: 'Sign in with the admin key or a management key; sets the HttpOnly session cookie' })
  async signIn(@Req() req: Request, @Res({ passthrough: true }) res: Response, @Body() body: unknown) {
    // Another site must not sign a visitor in to an account of its choosing (login CSRF).
    if (!isSameOrigin(req)) throw new ApiError(403, 'csrf_failed', 'Sign in from the console itself');
    const { key } = signInSchema.parse(body ?? {});
    const principal = await this.auth.authenticate(key.trim());
    if (principal.kind === 'inference') {
      throw new ApiError(403, 'management_key_required', 'Sign in with the admin key or a management key; API keys only call models');
    }
    const subject: SessionSubject = principal.kind === 'admin' ? { kind: 'admin' } : { kind: 'key', hash: this.auth.hash(key.trim()) };
    const { id, session } = await this.sessions.create(subject, 'key');
    setCookie(req, res, SESSION_COOKIE, id, this.sessions.ttlMs);
    return { data: toSessionView(session, principal) };
  }

  @Get('session')
  @ApiOperation({ summary: 'The signed-in console user, role, permissions and CSRF token' })
  current(@Req() req: Request) {
    const { session, principal } = signedIn(req);
    return { data: toSessionView(session, principal) };
  }

  @Get('organizations')
  @ApiOperation({ summary: 'The organisations this console session may act in, with its role in each' })
  async organizationChoices(@Req() req: Request) {
    return { data: await this.organizations.choices(signedIn(req).session) };
  }

  @Post('session/organization')
  @HttpCode(200)
  @ApiOperation({ summary: 'Act in another organisation (`{"org_id"}`; null: back to the session’s own): every later console call is scoped to it, on every replica' })
  async switchOrganization(@Req() req: Request, @Body() body: unknown) {
    const { org_id } = switchSchema.parse(body ?? {});
    const switched = await this.organizations.switchTo(signedIn(req).session, org_id);
    return { data: toSessionView(switched, await this.principals.resolve(switched)) };
  }

  @Delete('session')
  @ApiOperation({ summary: 'Sign out: the session ends on every gateway replica at once' })
  async signOut(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    if (req.consoleSession) await this.sessions.destroy(req.consoleSession.id);
    clearCookie(req, res, SESSION_COOKIE);
    return { data: { signed_out: true } };
  }
}
