import type { ApiError } from '@alltokens/contracts';
import { ADMIN, GatewayFixture, type KeyStack } from '../testing/gateway-fixture';
import { OrganizationSwitch } from './organization-switch.service';
import { ADMIN_IN_ORG_ID, SessionPrincipals } from './session-principal.service';
import { sessionChangedChannel, SessionStore, type SessionSubject } from './session.store';
import { SessionsRepository } from './sessions.repository';

jest.setTimeout(60_000);

describe('console sessions acting in an organisation (real Postgres and Redis)', () => {
  let fixture: GatewayFixture;
  let stack: KeyStack;
  let store: SessionStore;
  let principals: SessionPrincipals;
  let organizations: OrganizationSwitch;

  beforeAll(async () => {
    fixture = await GatewayFixture.start('org-switch');
    stack = await fixture.keyStack();
    const repository = new SessionsRepository(fixture.prisma);
    store = new SessionStore(fixture.redis, fixture.env);
    principals = new SessionPrincipals(stack.auth, repository);
    organizations = new OrganizationSwitch(stack.auth, repository, store);
    await fixture.prisma.organization.createMany({ data: [{ id: 'org-a', name: 'Alpha' }, { id: 'org-b', name: 'Beta' }, { id: 'org-c', name: 'Gamma' }] });
  });
  afterAll(async () => fixture?.stop());

  const rejection = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as ApiError);
  const signIn = async (subject: SessionSubject) => {
    const { id, session } = await store.create(subject, 'key');
    return { ...session, id };
  };
  const member = async (email: string, roles: Record<string, 'owner' | 'admin' | 'member' | 'viewer'>) => {
    const user = await fixture.prisma.user.create({ data: { email } });
    await fixture.prisma.membership.createMany({ data: Object.entries(roles).map(([orgId, role]) => ({ userId: user.id, orgId, role })) });
    return user.id;
  };

  it('lets a member act in each organisation they belong to, with their role there, until they leave it', async () => {
    const userId = await member('two@example.com', { 'org-a': 'admin', 'org-b': 'viewer' });
    const session = await signIn({ kind: 'member', userId, orgId: 'org-a', email: 'two@example.com' });
    expect(await organizations.choices(session)).toEqual([
      { id: 'org-a', name: 'Alpha', role: 'admin' },
      { id: 'org-b', name: 'Beta', role: 'viewer' },
    ]);
    expect(await principals.resolve(session)).toMatchObject({ kind: 'management', key: { orgId: 'org-a', role: 'admin', id: `user:${userId}` } });
    const switched = await organizations.switchTo(session, 'org-b');
    // What every replica reads from Redis on the next request.
    expect(await store.get(session.id)).toEqual(switched);
    expect(await principals.resolve(switched)).toMatchObject({ kind: 'management', key: { orgId: 'org-b', role: 'viewer', userId } });
    expect(await rejection(organizations.switchTo(session, 'org-c'))).toMatchObject({ status: 404, code: 'organization_not_found' });
    await fixture.prisma.membership.delete({ where: { userId_orgId: { userId, orgId: 'org-b' } } });
    expect(await rejection(principals.resolve(switched))).toMatchObject({ status: 401, code: 'session_revoked' });
  });

  it("switches a member's management key session into their other organisations, and a member-less key nowhere", async () => {
    const userId = await member('keyed@example.com', { 'org-a': 'owner', 'org-c': 'member' });
    const { key, secret } = await fixture.createKey(stack, { kind: 'management', org_id: 'org-a', user_id: userId, name: 'ops' });
    const session = await signIn({ kind: 'key', hash: stack.auth.hash(secret) });
    expect((await organizations.choices(session)).map((org) => [org.id, org.role])).toEqual([['org-a', 'owner'], ['org-c', 'member']]);
    const switched = await organizations.switchTo(session, 'org-c');
    expect(await principals.resolve(switched)).toMatchObject({ kind: 'management', key: { orgId: 'org-c', role: 'member', name: 'ops' } });
    // The key still has to be valid: revoking it ends the switched session too.
    await stack.keys.revoke(ADMIN, key.id);
    expect(await rejection(principals.resolve(switched))).toMatchObject({ status: 401 });

    const { secret: bare } = await fixture.createKey(stack, { kind: 'management', org_id: 'org-b', name: 'bare' });
    const bareSession = await signIn({ kind: 'key', hash: stack.auth.hash(bare) });
    expect(await organizations.choices(bareSession)).toEqual([{ id: 'org-b', name: 'Beta', role: 'admin' }]);
    expect(await rejection(organizations.switchTo(bareSession, 'org-a'))).toMatchObject({ status: 404 });
  });

  it('lets the admin key act deployment-wide or as the owner of any one organisation', async () => {
    const session = await signIn({ kind: 'admin' });
    expect((await organizations.choices(session)).map((org) => org.id)).toEqual(expect.arrayContaining(['org-a', 'org-b', 'org-c']));
    const inBeta = await organizations.switchTo(session, 'org-b');
    expect(await principals.resolve(inBeta)).toMatchObject({ kind: 'management', key: { id: ADMIN_IN_ORG_ID, orgId: 'org-b', role: 'owner', userId: null } });
    expect(await principals.resolve(await organizations.switchTo(session, null))).toEqual({ kind: 'admin' });
  });

  it('announces a switch and a sign-out on every replica by the session fingerprint, never its id', async () => {
    const heard: string[] = [];
    await fixture.subscriber().subscribe(sessionChangedChannel(fixture.env.ALLTOKENS_PREFIX), (message) => heard.push(message));
    const session = await signIn({ kind: 'admin' });
    await organizations.switchTo(session, 'org-a');
    await store.destroy(session.id);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(heard).toEqual([store.fingerprint(session.id), store.fingerprint(session.id)]);
    expect(heard[0]).not.toContain(session.id);
    expect(await store.get(session.id)).toBeNull();
  });
});
