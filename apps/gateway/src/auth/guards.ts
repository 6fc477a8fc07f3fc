import { type CanActivate, createParamDecorator, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ApiError } from '@alltokens/contracts';
import { AuthService, type Principal } from './auth.service';
import type { StoredKey } from './api-key.repository';
import { extractApiKey } from './extract-api-key';

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

/** Inference endpoints take API keys only: management keys are refused. */
export function inferencePrincipal(principal: Principal): Extract<Principal, { kind: 'inference' }> {
  if (principal.kind !== 'inference') {
    throw new ApiError(403, 'management_key_not_allowed', 'Management keys cannot call inference endpoints; use an API key');
  }
  return principal;
}

/** Inference endpoints: API keys only; management keys are refused. */
@Injectable()
export class InferenceKeyGuard implements CanActivate {
  constructor(private readonly auth: AuthService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    req.principal = inferencePrincipal(await this.auth.authenticate(extractApiKey(req)));
    return true;
  }
}

const MEMBERS_ALLOWED = 'alltokens:members-allowed';
/** A write that a `member` may make (the handler checks it only touches the member's own things). */
export const MembersAllowed = () => SetMetadata(MEMBERS_ALLOWED, true);

/**
 * Key management: the admin key from ALLTOKENS_ADMIN_KEY or a management key. A management key that
 * belongs to a user acts with that user's role: `viewer` reads only, `member` reads and manages its own
 * keys, `admin` and `owner` do everything in their organisation.
 */
@Injectable()
export class ManagementKeyGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    // A console session (sessions/session.middleware.ts) has already set the principal.
    const principal = req.principal ?? (await this.auth.authenticate(extractApiKey(req)));
    if (principal.kind === 'inference') {
      throw new ApiError(403, 'management_key_required', 'This endpoint needs a management key');
    }
    const role = principal.kind === 'management' ? principal.key.role : null;
    if (req.method !== 'GET' && (role === 'viewer' || (role === 'member' && !this.reflector.get<boolean>(MEMBERS_ALLOWED, context.getHandler())))) {
      throw new ApiError(403, 'insufficient_role', `Your role (${role}) cannot do this; ask an organisation admin`);
    }
    req.principal = principal;
    return true;
  }
}

/** Any valid key (used by `GET /key`, where a key asks about itself). */
@Injectable()
export class AnyKeyGuard implements CanActivate {
  constructor(private readonly auth: AuthService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    req.principal ??= await this.auth.authenticate(extractApiKey(req));
    return true;
  }
}

export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  return context.switchToHttp().getRequest<Request>().principal as Principal;
});

export const CurrentKey = createParamDecorator((_data: unknown, context: ExecutionContext): StoredKey => {
  const principal = context.switchToHttp().getRequest<Request>().principal;
  if (!principal || principal.kind === 'admin') throw new ApiError(401, 'invalid_api_key', 'Invalid API key');
  return principal.key;
});
