import { type CanActivate, createParamDecorator, type ExecutionContext, Injectable } from '@nestjs/common';
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

/** Inference endpoints: API keys only; management keys are refused. */
@Injectable()
export class InferenceKeyGuard implements CanActivate {
  constructor(private readonly auth: AuthService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const principal = await this.auth.authenticate(extractApiKey(req));
    if (principal.kind !== 'inference') {
      throw new ApiError(403, 'management_key_not_allowed', 'Management keys cannot call inference endpoints; use an API key');
    }
    req.principal = principal;
    return true;
  }
}

/** Key management: the admin key from ALLTOKENS_ADMIN_KEY or a management key. */
@Injectable()
export class ManagementKeyGuard implements CanActivate {
  constructor(private readonly auth: AuthService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const principal = await this.auth.authenticate(extractApiKey(req));
    if (principal.kind === 'inference') {
      throw new ApiError(403, 'management_key_required', 'This endpoint needs a management key');
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
    req.principal = await this.auth.authenticate(extractApiKey(req));
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
