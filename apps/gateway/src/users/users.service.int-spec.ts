import { ApiError } from '@alltokens/contracts';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import { ADMIN, eventually, GatewayFixture, type KeyStack } from '../testing/gateway-fixture';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

jest.setTimeout(60_000);

describe('UsersService: members and roles (real Postgres and Redis)', () => {
  let fixture: GatewayFixture;
  let gateway: KeyStack;
  let replica: KeyStack;
  let users: UsersService;

  beforeAll(async () => {
    fixture = await GatewayFixture.start('users');
    gateway = await fixture.keyStack();
    replica = await fixture.keyStack();
    users = new UsersService(new UsersRepository(fixture.prisma), new OrganizationsRepository(fixture.prisma), gateway.repository, gateway.cache);
  });
  afterAll(async () => fixture?.stop());

  const rejection = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as ApiError);

  it('adds a member once per organisation, email case-insensitively, with `member` as the default role', async () => {
    const added = await users.add(ADMIN, 'org-a', { email: 'Ada@Example.com', name: 'Ada', role: 'member' });
    expect(added).toMatchObject({ email: 'ada@example.com', name: 'Ada', org_id: 'org-a', role: 'member' });
    expect(await rejection(users.add(ADMIN, 'org-a', { email: 'ada@example.com', role: 'admin' }))).toMatchObject({ status: 409, code: 'already_member', param: 'email' });
    const elsewhere = await users.add(ADMIN, 'org-b', { email: 'ada@example.com', role: 'viewer' });
    expect(elsewhere.id).toBe(added.id);
    expect((await users.list('org-a')).map((member) => member.email)).toEqual(['ada@example.com']);
    expect(await rejection(users.get('org-a', 'no-such-user'))).toMatchObject({ status: 404, code: 'user_not_found' });
  });

  it('lets only owners (and the admin key) grant or take away ownership', async () => {
    const admin = await fixture.manager(gateway, 'org-own', 'admin');
    const owner = await fixture.manager(gateway, 'org-own', 'owner');
    expect(await rejection(users.add(admin, 'org-own', { email: 'boss@example.com', role: 'owner' }))).toMatchObject({ status: 403, code: 'insufficient_role' });
    const member = await users.add(admin, 'org-own', { email: 'dev@example.com', role: 'member' });
    expect(await rejection(users.changeRole(admin, 'org-own', member.id, 'owner'))).toMatchObject({ status: 403 });
    const promoted = await users.changeRole(owner, 'org-own', member.id, 'owner');
    expect(promoted).toMatchObject({ before: { role: 'member' }, after: { role: 'owner' } });
    expect(await rejection(users.changeRole(admin, 'org-own', member.id, 'member'))).toMatchObject({ status: 403 });
    expect((await users.changeRole(ADMIN, 'org-own', member.id, 'admin')).after.role).toBe('admin');
  });

  it('never leaves an organisation without an owner', async () => {
    const sole = await users.add(ADMIN, 'org-solo', { email: 'solo@example.com', role: 'owner' });
    expect(await rejection(users.changeRole(ADMIN, 'org-solo', sole.id, 'admin'))).toMatchObject({ status: 409, code: 'last_owner' });
    expect(await rejection(users.remove(ADMIN, 'org-solo', sole.id))).toMatchObject({ status: 409, code: 'last_owner' });
    await users.add(ADMIN, 'org-solo', { email: 'second@example.com', role: 'owner' });
    expect((await users.changeRole(ADMIN, 'org-solo', sole.id, 'admin')).after.role).toBe('admin');
  });

  it('carries a role change to the member’s cached keys on every replica', async () => {
    const viewer = await fixture.manager(gateway, 'org-cache', 'viewer', 'watcher@example.com');
    const { secret } = await fixture.createKey(gateway, { kind: 'management', org_id: 'org-cache', user_id: viewer.key.userId! });
    expect(await replica.auth.authenticate(secret)).toMatchObject({ key: { role: 'viewer' } });
    await users.changeRole(ADMIN, 'org-cache', viewer.key.userId!, 'admin');
    await eventually(async () => {
      const principal = await replica.auth.authenticate(secret);
      return principal.kind === 'management' && principal.key.role === 'admin';
    });
  });

  it('revokes every key a removed member held in the organisation, and only there', async () => {
    const member = await users.add(ADMIN, 'org-rm', { email: 'leaver@example.com', role: 'member' });
    await users.add(ADMIN, 'org-stay', { email: 'leaver@example.com', role: 'member' });
    const mine = await fixture.createKey(gateway, { org_id: 'org-rm', user_id: member.id });
    const kept = await fixture.createKey(gateway, { org_id: 'org-stay', user_id: member.id });
    await replica.auth.authenticate(mine.secret);
    expect(await users.remove(ADMIN, 'org-rm', member.id)).toMatchObject({ id: member.id, role: 'member' });
    await eventually(() => replica.auth.authenticate(mine.secret).then(() => false, (error: ApiError) => error.code === 'invalid_api_key'));
    expect(await replica.auth.authenticate(kept.secret)).toMatchObject({ key: { id: kept.key.id } });
    expect(await rejection(users.get('org-rm', member.id))).toMatchObject({ status: 404 });
  });

  it('lets a member act only for itself', async () => {
    const member = await fixture.manager(gateway, 'org-self', 'member');
    expect(() => users.assertMayActFor(member, member.key.userId!)).not.toThrow();
    expect(() => users.assertMayActFor(member, 'someone-else')).toThrow(expect.objectContaining({ status: 403, code: 'insufficient_role' }));
    const admin = await fixture.manager(gateway, 'org-self', 'admin');
    expect(() => users.assertMayActFor(admin, 'someone-else')).not.toThrow();
  });
});
