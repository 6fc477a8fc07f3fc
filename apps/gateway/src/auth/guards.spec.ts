import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ApiError } from '@alltokens/contracts';
import type { StoredKey } from './api-key.repository';
import type { AuthService, Principal } from './auth.service';
import { AnyKeyGuard, InferenceKeyGuard, ManagementKeyGuard, MembersAllowed } from './guards';

class Handlers {
  read() {}
  write() {}
  @MembersAllowed()
  ownKeys() {}
}

const managementKey = (role: StoredKey['role']): Principal => ({ kind: 'management', key: { id: 'k', orgId: 'o', role } as StoredKey });

function context(method: string, handler: keyof Handlers, authorization = 'Bearer sk-at-v1-x'): { ctx: ExecutionContext; req: Request } {
  const req = { method, headers: { authorization } } as unknown as Request;
  const ctx = { switchToHttp: () => ({ getRequest: () => req }), getHandler: () => Handlers.prototype[handler] } as unknown as ExecutionContext;
  return { ctx, req };
}

const authAs = (principal: Principal, seen: Array<string | undefined> = []) =>
  ({ authenticate: async (raw: string | undefined) => (seen.push(raw), principal) }) as unknown as AuthService;

async function refusal(run: () => Promise<unknown>): Promise<ApiError | null> {
  try {
    await run();
    return null;
  } catch (error) {
    return error as ApiError;
  }
}

describe('ManagementKeyGuard', () => {
  const guard = (principal: Principal) => new ManagementKeyGuard(authAs(principal), new Reflector());

  it('lets the admin key, owners, admins and unowned management keys do everything', async () => {
    for (const principal of [{ kind: 'admin' } as Principal, managementKey('owner'), managementKey('admin'), managementKey(null)]) {
      const { ctx, req } = context('DELETE', 'write');
      expect(await guard(principal).canActivate(ctx)).toBe(true);
      expect(req.principal).toBe(principal);
    }
  });

  it('lets a viewer read only', async () => {
    expect(await guard(managementKey('viewer')).canActivate(context('GET', 'read').ctx)).toBe(true);
    for (const handler of ['write', 'ownKeys'] as const) {
      const error = await refusal(() => guard(managementKey('viewer')).canActivate(context('POST', handler).ctx));
      expect(error).toMatchObject({ status: 403, code: 'insufficient_role', message: 'Your role (viewer) cannot do this; ask an organisation admin' });
    }
  });

  it('lets a member write only where the handler allows members', async () => {
    expect(await guard(managementKey('member')).canActivate(context('POST', 'ownKeys').ctx)).toBe(true);
    expect(await guard(managementKey('member')).canActivate(context('GET', 'read').ctx)).toBe(true);
    expect(await refusal(() => guard(managementKey('member')).canActivate(context('PATCH', 'write').ctx))).toMatchObject({ status: 403, code: 'insufficient_role' });
  });

  it('refuses inference keys', async () => {
    const error = await refusal(() => guard({ kind: 'inference', key: {} as StoredKey }).canActivate(context('GET', 'read').ctx));
    expect(error).toMatchObject({ status: 403, code: 'management_key_required' });
  });
});

describe('InferenceKeyGuard and AnyKeyGuard', () => {
  it('lets only inference keys call inference, reading the key from the request', async () => {
    const seen: Array<string | undefined> = [];
    const inference: Principal = { kind: 'inference', key: {} as StoredKey };
    const { ctx, req } = context('POST', 'write', 'Bearer sk-at-v1-abc');
    expect(await new InferenceKeyGuard(authAs(inference, seen)).canActivate(ctx)).toBe(true);
    expect(seen).toEqual(['sk-at-v1-abc']);
    expect(req.principal).toBe(inference);
    for (const principal of [managementKey('owner'), { kind: 'admin' } as Principal]) {
      const error = await refusal(() => new InferenceKeyGuard(authAs(principal)).canActivate(context('POST', 'write').ctx));
      expect(error).toMatchObject({ status: 403, code: 'management_key_not_allowed' });
    }
  });

  it('lets any valid key ask about itself', async () => {
    const { ctx, req } = context('GET', 'read');
    expect(await new AnyKeyGuard(authAs(managementKey('viewer'))).canActivate(ctx)).toBe(true);
    expect(req.principal).toMatchObject({ kind: 'management' });
  });
});
