import { ApiError } from '@alltokens/contracts';
import { BudgetsRepository } from '../budgets/budgets.repository';
import { BudgetsService } from '../budgets/budgets.service';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import { TeamsRepository } from '../teams/teams.repository';
import { ADMIN, eventually, GatewayFixture, type KeyStack } from '../testing/gateway-fixture';
import { KeyPolicies } from './key-policies.service';
import type { CreatePolicyInput } from './policies.dto';
import { PoliciesRepository } from './policies.repository';
import { PoliciesService } from './policies.service';

jest.setTimeout(60_000);

const policy = (fields: Partial<CreatePolicyInput> & Pick<CreatePolicyInput, 'name' | 'scope' | 'scope_id'>): CreatePolicyInput => ({
  allowed_providers: [],
  denied_providers: [],
  allowed_models: [],
  denied_models: [],
  allowed_regions: [],
  deny_data_training: false,
  deny_data_retention: false,
  require_zdr: false,
  ...fields,
});

describe('policies: PoliciesService and the KeyPolicies cache (real Postgres and Redis)', () => {
  let fixture: GatewayFixture;
  let gateway: KeyStack;
  let policies: PoliciesService;
  let keyPolicies: KeyPolicies;
  /** A second gateway replica's cache, told about changes only through Redis. */
  let replica: KeyPolicies;

  beforeAll(async () => {
    fixture = await GatewayFixture.start('policies');
    gateway = await fixture.keyStack();
    const repository = new PoliciesRepository(fixture.prisma);
    keyPolicies = new KeyPolicies(repository, fixture.redis, fixture.subscriber(), fixture.env);
    await keyPolicies.onModuleInit();
    replica = new KeyPolicies(repository, fixture.redis, fixture.subscriber(), fixture.env);
    await replica.onModuleInit();
    policies = new PoliciesService(repository, new BudgetsService(new BudgetsRepository(fixture.prisma)), keyPolicies);
  });
  afterAll(async () => fixture?.stop());

  const rejection = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as ApiError);

  it('binds a key by its own, its team’s and its organisation’s policies, and its allowed_models', async () => {
    await new OrganizationsRepository(fixture.prisma).ensure('org-p');
    const team = await new TeamsRepository(fixture.prisma).create({ orgId: 'org-p', name: 't', rateLimitRpm: null, rateLimitTpm: null, maxConcurrency: null });
    const { key } = await fixture.createKey(gateway, { org_id: 'org-p', team_id: team.id, allowed_models: ['openai/gpt-4o-mini'] });
    const sibling = (await fixture.createKey(gateway, { org_id: 'org-p' })).key;
    await policies.create(ADMIN, policy({ name: 'org', scope: 'organization', scope_id: 'org-p', allowed_regions: ['eu'] }));
    await policies.create(ADMIN, policy({ name: 'team', scope: 'team', scope_id: team.id, deny_data_training: true }));
    await policies.create(ADMIN, policy({ name: 'key', scope: 'key', scope_id: key.id, denied_providers: ['alpha'], max_price_per_mtok: 2.5 }));
    await policies.create(ADMIN, policy({ name: 'sibling', scope: 'key', scope_id: sibling.id }));
    await new OrganizationsRepository(fixture.prisma).ensure('org-q');
    await policies.create(ADMIN, policy({ name: 'other org', scope: 'organization', scope_id: 'org-q' }));
    const bound = await keyPolicies.forKey(key);
    expect(bound.map((p) => p.name)).toEqual(['org', 'team', 'key', 'key allowed_models']);
    expect(bound[2]).toMatchObject({ scope: 'key', deniedProviders: ['alpha'], maxPricePerMtok: 2.5 });
    expect(bound[3]).toMatchObject({ scope: 'key', allowedModels: ['openai/gpt-4o-mini'] });
    expect((await keyPolicies.forKey(sibling)).map((p) => p.name)).toEqual(['org', 'sibling']);
  });

  it('reaches every replica at once when a policy is created or removed, not after the cache expires', async () => {
    const { key } = await fixture.createKey(gateway, { org_id: 'org-live' });
    expect(await replica.forKey(key)).toEqual([]);
    const created = await policies.create(ADMIN, policy({ name: 'no-training', scope: 'organization', scope_id: 'org-live', deny_data_training: true }));
    await eventually(async () => (await replica.forKey(key)).length === 1);
    await policies.remove(ADMIN, created.id);
    await eventually(async () => (await replica.forKey(key)).length === 0);
  });

  it('keeps a management key to its organisation’s scopes and policies', async () => {
    const manager = await fixture.manager(gateway, 'org-m', 'admin');
    const foreign = (await fixture.createKey(gateway, { org_id: 'org-f' })).key;
    const refused = await rejection(policies.create(manager, policy({ name: 'grab', scope: 'key', scope_id: foreign.id })));
    expect(refused).toMatchObject({ status: 404, code: 'scope_not_found', param: 'scope_id' });
    expect(await rejection(policies.create(ADMIN, policy({ name: 'ghost', scope: 'team', scope_id: 'no-such-team' })))).toMatchObject({ status: 404 });
    const theirs = await policies.create(ADMIN, policy({ name: 'theirs', scope: 'organization', scope_id: 'org-f' }));
    const mine = await policies.create(manager, policy({ name: 'mine', scope: 'organization', scope_id: 'org-m' }));
    expect(mine.orgId).toBe('org-m');
    expect((await policies.list(manager)).map((p) => p.name)).toEqual(['mine']);
    expect(await rejection(policies.remove(manager, theirs.id))).toMatchObject({ status: 404, code: 'policy_not_found' });
    expect((await policies.list(ADMIN)).map((p) => p.name)).toEqual(expect.arrayContaining(['mine', 'theirs']));
  });
});
