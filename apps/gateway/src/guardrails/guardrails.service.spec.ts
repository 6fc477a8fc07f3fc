import { ApiError } from '@alltokens/contracts';
import type { Guardrail } from '@alltokens/db';
import type { StoredKey } from '../auth/api-key.repository';
import type { Principal } from '../auth/auth.service';
import type { BudgetsService } from '../budgets/budgets.service';
import type { CreateGuardrailInput } from './guardrails.dto';
import type { GuardrailsRepository } from './guardrails.repository';
import { GuardrailsService } from './guardrails.service';
import type { KeyGuardrails } from './key-guardrails.service';

const ADMIN: Principal = { kind: 'admin' };
const manager = (orgId: string): Principal => ({ kind: 'management', key: { id: `mk-${orgId}`, orgId } as StoredKey });

const row = (id: string, orgId: string, fields: Partial<Guardrail> = {}): Guardrail => ({
  id, orgId, name: id, scope: 'organization', scopeId: orgId, prompt: [], response: [], enabled: true, createdAt: new Date(0), updatedAt: new Date(0), ...fields,
});

/** The service's collaborators, recording what it asks of them. */
function setup(rows: Guardrail[] = []) {
  const calls: string[] = [];
  const repository = {
    create: async (orgId: string, input: CreateGuardrailInput) => (calls.push(`create ${orgId}`), row('new', orgId, { name: input.name })),
    list: async (orgId: string | undefined) => (calls.push(`list ${orgId ?? 'all'}`), rows.filter((r) => !orgId || r.orgId === orgId)),
    find: async (id: string) => rows.find((r) => r.id === id) ?? null,
    update: async (id: string, changes: Partial<Guardrail>) => (calls.push(`update ${id}`), { ...rows.find((r) => r.id === id)!, ...changes }),
    remove: async (id: string) => void calls.push(`remove ${id}`),
  } as unknown as GuardrailsRepository;
  const scopes = {
    orgOf: async (principal: Principal, scope: string, scopeId: string) => {
      if (scopeId === 'foreign') throw new ApiError(404, 'scope_not_found', `No ${scope} '${scopeId}'`, 'scope_id');
      return principal.kind === 'management' ? principal.key.orgId : 'org-of-scope';
    },
  } as unknown as BudgetsService;
  const keyGuardrails = { changed: async () => void calls.push('changed') } as unknown as KeyGuardrails;
  return { calls, service: new GuardrailsService(repository, scopes, keyGuardrails) };
}

const input = (fields: Partial<CreateGuardrailInput> = {}): CreateGuardrailInput => ({ name: 'pii', scope: 'team', scope_id: 't1', prompt: [], response: [], enabled: true, ...fields });
const rejection = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as ApiError);

describe('GuardrailsService', () => {
  it('creates a guardrail in the organisation its scope belongs to, then tells every replica', async () => {
    const { service, calls } = setup();
    expect(await service.create(ADMIN, input())).toMatchObject({ orgId: 'org-of-scope', name: 'pii' });
    expect(calls).toEqual(['create org-of-scope', 'changed']);
  });

  it('creates nothing and tells no replica when the scope is not the caller’s', async () => {
    const { service, calls } = setup();
    expect(await rejection(service.create(manager('org-a'), input({ scope_id: 'foreign' })))).toMatchObject({ status: 404, code: 'scope_not_found' });
    expect(calls).toEqual([]);
  });

  it('lists a management key’s organisation and, for the admin key, every organisation', async () => {
    const { service, calls } = setup([row('a', 'org-a'), row('b', 'org-b')]);
    expect((await service.list(manager('org-a'))).map((g) => g.id)).toEqual(['a']);
    expect((await service.list(ADMIN)).map((g) => g.id)).toEqual(['a', 'b']);
    expect(calls).toEqual(['list org-a', 'list all']);
  });

  it('answers 404 for a guardrail of another organisation, as for one that does not exist', async () => {
    const { service } = setup([row('b', 'org-b')]);
    expect(await service.get(ADMIN, 'b')).toMatchObject({ id: 'b' });
    for (const id of ['b', 'missing']) {
      const refused = await rejection(service.get(manager('org-a'), id));
      expect(refused).toBeInstanceOf(ApiError);
      expect(refused).toMatchObject({ status: 404, code: 'guardrail_not_found', message: `No guardrail '${id}'` });
    }
  });

  it('updates and removes only after finding the guardrail, telling every replica each time', async () => {
    const { service, calls } = setup([row('a', 'org-a'), row('b', 'org-b')]);
    const { before, after } = await service.update(manager('org-a'), 'a', { enabled: false });
    expect([before.enabled, after.enabled]).toEqual([true, false]);
    expect((await service.remove(manager('org-a'), 'a')).id).toBe('a');
    expect(await rejection(service.update(manager('org-a'), 'b', { enabled: false }))).toMatchObject({ status: 404 });
    expect(await rejection(service.remove(manager('org-a'), 'b'))).toMatchObject({ status: 404 });
    expect(calls).toEqual(['update a', 'changed', 'remove a', 'changed']);
  });
});
