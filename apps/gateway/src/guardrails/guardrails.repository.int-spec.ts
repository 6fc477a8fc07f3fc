import type { Guardrail } from '@alltokens/db';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import { TeamsRepository } from '../teams/teams.repository';
import { eventually, GatewayFixture, type KeyStack } from '../testing/gateway-fixture';
import type { CreateGuardrailInput } from './guardrails.dto';
import { GuardrailsRepository } from './guardrails.repository';
import { KeyGuardrails } from './key-guardrails.service';

jest.setTimeout(60_000);

const guardrail = (fields: Partial<CreateGuardrailInput> & Pick<CreateGuardrailInput, 'name' | 'scope' | 'scope_id'>): CreateGuardrailInput => ({
  prompt: [{ detector: 'email', case_insensitive: false, action: 'mask' }],
  response: [],
  enabled: true,
  ...fields,
});
const names = (rows: Guardrail[]) => rows.map((row) => row.name);

describe('GuardrailsRepository and the KeyGuardrails cache (real Postgres and Redis)', () => {
  let fixture: GatewayFixture;
  let gateway: KeyStack;
  let repository: GuardrailsRepository;

  beforeAll(async () => {
    fixture = await GatewayFixture.start('guardrails');
    gateway = await fixture.keyStack();
    repository = new GuardrailsRepository(fixture.prisma);
    const organizations = new OrganizationsRepository(fixture.prisma);
    for (const org of ['org-g', 'org-h', 'org-live']) await organizations.ensure(org);
  });
  afterAll(async () => fixture?.stop());

  it('stores the rules as given, lists oldest first per organisation (or all), updates and removes', async () => {
    const first = await repository.create('org-g', guardrail({ name: 'first', scope: 'organization', scope_id: 'org-g', response: [{ name: 'words', words: ['falcon'], patterns: [], case_insensitive: true, action: 'redact' }] }));
    expect(first).toMatchObject({ orgId: 'org-g', scope: 'organization', scopeId: 'org-g', enabled: true, response: [{ name: 'words', words: ['falcon'] }] });
    expect(first.prompt).toEqual([{ detector: 'email', case_insensitive: false, action: 'mask' }]);
    const second = await repository.create('org-g', guardrail({ name: 'second', scope: 'organization', scope_id: 'org-g' }));
    const elsewhere = await repository.create('org-h', guardrail({ name: 'elsewhere', scope: 'organization', scope_id: 'org-h' }));
    expect(names(await repository.list('org-g'))).toEqual(['first', 'second']);
    expect(names(await repository.list(undefined))).toEqual(expect.arrayContaining(['first', 'second', 'elsewhere']));

    const updated = await repository.update(second.id, { name: 'renamed', enabled: false });
    expect(updated).toMatchObject({ id: second.id, name: 'renamed', enabled: false, prompt: second.prompt });
    await repository.remove(first.id);
    expect(await repository.find(first.id)).toBeNull();
    expect((await repository.find(elsewhere.id))?.name).toBe('elsewhere');
  });

  it('binds a key by the enabled guardrails on its organisation, its team, itself and the key it was rotated from, oldest first', async () => {
    const team = await new TeamsRepository(fixture.prisma).create({ orgId: 'org-h', name: 't', rateLimitRpm: null, rateLimitTpm: null, maxConcurrency: null });
    const { key } = await fixture.createKey(gateway, { org_id: 'org-h', team_id: team.id });
    const sibling = (await fixture.createKey(gateway, { org_id: 'org-h' })).key;
    await repository.create('org-h', guardrail({ name: 'team', scope: 'team', scope_id: team.id }));
    await repository.create('org-h', guardrail({ name: 'own', scope: 'key', scope_id: key.id }));
    await repository.create('org-h', guardrail({ name: 'predecessor', scope: 'key', scope_id: 'key-before-rotation' }));
    await repository.create('org-h', guardrail({ name: 'off', scope: 'key', scope_id: key.id, enabled: false }));
    await repository.create('org-h', guardrail({ name: 'sibling', scope: 'key', scope_id: sibling.id }));
    await repository.create('org-g', guardrail({ name: 'other org', scope: 'organization', scope_id: 'org-g' }));
    // 'elsewhere' (org-h's organisation guardrail) comes from the first test.
    expect(names(await repository.bindingKey({ ...key, lineageId: 'key-before-rotation' }))).toEqual(['elsewhere', 'team', 'own', 'predecessor']);
    expect(names(await repository.bindingKey(key))).toEqual(['elsewhere', 'team', 'own']);
    expect(names(await repository.bindingKey(sibling))).toEqual(['elsewhere', 'sibling']);
  });

  it('reaches another replica’s cache at once when a guardrail changes, not after the cache expires', async () => {
    const keyGuardrails = new KeyGuardrails(repository, fixture.redis, fixture.subscriber(), fixture.env);
    const replica = new KeyGuardrails(repository, fixture.redis, fixture.subscriber(), fixture.env);
    await Promise.all([keyGuardrails.onModuleInit(), replica.onModuleInit()]);
    const { key } = await fixture.createKey(gateway, { org_id: 'org-live' });
    expect((await replica.forKey(key)).specs).toEqual([]);
    const created = await repository.create('org-live', guardrail({ name: 'live', scope: 'organization', scope_id: 'org-live' }));
    expect((await replica.forKey(key)).specs).toEqual([]); // still cached: nobody said anything changed
    await keyGuardrails.changed();
    await eventually(async () => (await replica.forKey(key)).specs.length === 1);
    expect((await replica.forKey(key)).specs[0]).toMatchObject({ id: created.id, name: 'live' });
    await repository.remove(created.id);
    await keyGuardrails.changed();
    await eventually(async () => (await replica.forKey(key)).specs.length === 0);
  });
});
