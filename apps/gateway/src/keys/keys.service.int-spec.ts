import { ApiError } from '@alltokens/contracts';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import { TeamsRepository } from '../teams/teams.repository';
import { TeamsService } from '../teams/teams.service';
import { ADMIN, eventually, GatewayFixture, type KeyStack } from '../testing/gateway-fixture';

jest.setTimeout(60_000);

describe('KeysService and TeamsService (real Postgres and Redis)', () => {
  let fixture: GatewayFixture;
  let gateway: KeyStack;
  let otherReplica: KeyStack;
  let teams: TeamsService;

  beforeAll(async () => {
    fixture = await GatewayFixture.start('keys');
    gateway = await fixture.keyStack();
    otherReplica = await fixture.keyStack();
    teams = new TeamsService(new TeamsRepository(fixture.prisma), new OrganizationsRepository(fixture.prisma));
  });
  afterAll(async () => fixture?.stop());

  const rejection = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as ApiError);

  it('creates a key whose secret authenticates, stores only its hash, and creates the organisation on first use', async () => {
    const { key, secret } = await fixture.createKey(gateway, { name: 'first', org_id: 'org-new', limit: 5, rate_limits: { requests_per_minute: 10 } });
    expect(key).toMatchObject({ orgId: 'org-new', kind: 'inference', name: 'first', limitUsd: 5, rateLimitRpm: 10, lastFour: secret.slice(-4) });
    expect(await fixture.prisma.organization.findUnique({ where: { id: 'org-new' } })).toMatchObject({ name: 'org-new' });
    const row = await fixture.prisma.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(row.hash).toBe(gateway.auth.hash(secret));
    expect(row.hash).not.toContain(secret.slice(9));
    expect(await otherReplica.auth.authenticate(secret)).toMatchObject({ kind: 'inference', key: { id: key.id } });
  });

  it('puts the admin key’s keys in the default organisation unless it names one', async () => {
    const { key } = await fixture.createKey(gateway);
    expect(key.orgId).toBe('default');
    expect((await fixture.prisma.organization.findUniqueOrThrow({ where: { id: 'default' } })).name).toBe('Default organisation');
  });

  it('refuses a team or user of another organisation, and management keys from anyone but the admin key', async () => {
    const team = await teams.create(ADMIN, { name: 'elsewhere', org_id: 'org-x' });
    expect(await rejection(fixture.createKey(gateway, { org_id: 'org-y', team_id: team.id }))).toMatchObject({ status: 404, code: 'team_not_found', param: 'team_id' });
    expect((await fixture.createKey(gateway, { org_id: 'org-x', team_id: team.id })).key.teamId).toBe(team.id);
    const user = await fixture.prisma.user.create({ data: { email: 'nobody@example.com' } });
    expect(await rejection(fixture.createKey(gateway, { org_id: 'org-x', user_id: user.id }))).toMatchObject({ status: 404, code: 'user_not_found' });
    const manager = await fixture.manager(gateway, 'org-x', 'owner');
    const refused = await rejection(gateway.keys.create(manager, { name: 'm', kind: 'management', cache: false, allowed_models: [] }));
    expect(refused).toMatchObject({ status: 403, code: 'admin_key_required' });
  });

  it('keeps a management key inside its organisation: other organisations’ keys do not exist for it', async () => {
    const manager = await fixture.manager(gateway, 'org-m', 'admin');
    const own = (await gateway.keys.create(manager, { name: 'own', kind: 'inference', cache: false, allowed_models: [], org_id: 'org-elsewhere' })).stored;
    expect(own.orgId).toBe('org-m');
    const foreign = (await fixture.createKey(gateway, { org_id: 'org-foreign' })).key;
    expect(await rejection(gateway.keys.findVisible(manager, foreign.id))).toMatchObject({ status: 404, code: 'key_not_found' });
    expect(await rejection(gateway.keys.revoke(manager, foreign.id))).toMatchObject({ status: 404 });
    const listed = await gateway.keys.list(manager, 0, 100, 'org-foreign');
    expect(listed.map((key) => key.orgId)).toEqual(expect.arrayContaining(['org-m']));
    expect(listed.every((key) => key.orgId === 'org-m')).toBe(true);
    expect((await gateway.keys.list(ADMIN, 0, 100, 'org-foreign')).map((key) => key.id)).toEqual([foreign.id]);
  });

  it('revokes a key on every replica at once, by id or by hash', async () => {
    const { key, secret } = await fixture.createKey(gateway, { org_id: 'org-r' });
    await otherReplica.auth.authenticate(secret);
    await gateway.keys.revoke(ADMIN, key.id);
    await eventually(() => otherReplica.auth.authenticate(secret).then(() => false, (error: ApiError) => error.code === 'invalid_api_key'));
    const second = await fixture.createKey(gateway, { org_id: 'org-r' });
    await gateway.keys.revoke(ADMIN, gateway.auth.hash(second.secret));
    expect(await rejection(gateway.auth.authenticate(second.secret))).toMatchObject({ status: 401, code: 'invalid_api_key' });
    expect(await rejection(gateway.keys.revoke(ADMIN, key.id))).toMatchObject({ status: 404, code: 'key_not_found' });
  });

  it('applies edits everywhere at once: a disabled key is refused, a new limit is read', async () => {
    const { key, secret } = await fixture.createKey(gateway, { org_id: 'org-e' });
    await otherReplica.auth.authenticate(secret);
    const { before, after } = await gateway.keys.update(ADMIN, key.id, { disabled: true, limit: 2, metadata: { team: 'search' } });
    expect(before.disabled).toBe(false);
    expect(after).toMatchObject({ disabled: true, limitUsd: 2, metadata: { team: 'search' } });
    await eventually(() => otherReplica.auth.authenticate(secret).then(() => false, (error: ApiError) => error.code === 'api_key_disabled'));
    const cleared = await gateway.keys.update(ADMIN, key.id, { metadata: null });
    expect(cleared.after.metadata).toBeNull();
  });

  it('rotates a key: same settings, a new secret, and the old one only until its grace ends', async () => {
    const { key, secret } = await fixture.createKey(gateway, { org_id: 'org-rot', limit: 3, allowed_models: ['openai/gpt-4o'] });
    const { old, replacement, secret: fresh } = await gateway.keys.rotate(ADMIN, key.id, 0);
    expect(replacement).toMatchObject({ orgId: 'org-rot', limitUsd: 3, allowedModels: ['openai/gpt-4o'] });
    expect(replacement.id).not.toBe(key.id);
    expect(old.graceUntil!.getTime()).toBeLessThanOrEqual(Date.now());
    expect(await rejection(otherReplica.auth.authenticate(secret))).toMatchObject({ status: 401, code: 'api_key_rotated' });
    expect(await otherReplica.auth.authenticate(fresh)).toMatchObject({ key: { id: replacement.id } });
    const graceful = await fixture.createKey(gateway, { org_id: 'org-rot' });
    await gateway.keys.rotate(ADMIN, graceful.key.id, 3600);
    expect(await gateway.auth.authenticate(graceful.secret)).toMatchObject({ key: { id: graceful.key.id } });
  });

  it('reads a key’s usage fresh, not from the cache', async () => {
    const { key } = await fixture.createKey(gateway, { org_id: 'org-u' });
    await fixture.prisma.apiKey.update({ where: { id: key.id }, data: { usageUsd: 1.25 } });
    expect((await gateway.keys.current(key)).usageUsd).toBe(1.25);
  });

  it('lists teams per organisation for a management key and every team for the admin key', async () => {
    const manager = await fixture.manager(gateway, 'org-t', 'admin');
    const team = await teams.create(manager, { name: 'search', org_id: 'ignored', rate_limits: { tokens_per_minute: 1000 } });
    expect(team).toMatchObject({ orgId: 'org-t', name: 'search', rateLimitTpm: 1000, rateLimitRpm: null });
    expect((await teams.list(manager)).map((t) => t.name)).toEqual(['search']);
    expect((await teams.list(ADMIN)).map((t) => t.orgId).sort()).toEqual(['org-t', 'org-x']);
  });
});
