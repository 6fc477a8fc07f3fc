import { randomBytes } from 'node:crypto';
import { Catalog, catalogConfigSchema } from '@alltokens/catalog';
import { ApiError } from '@alltokens/contracts';
import { credentialAad, secretBoxFromEnv } from '@alltokens/platform';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import { GatewayFixture } from '../testing/gateway-fixture';
import { CredentialCache } from './credential-cache.service';
import { CredentialsRepository } from './credentials.repository';
import { CredentialsService } from './credentials.service';

jest.setTimeout(60_000);

const catalog = new Catalog(catalogConfigSchema.parse({ providers: [{ id: 'openai', base_url: 'https://api.openai.com/v1', models: [{ model: 'openai/gpt-4o-mini' }] }] }));

describe('CredentialsService: bring your own key (real Postgres)', () => {
  let fixture: GatewayFixture;
  let credentials: CredentialsService;
  let cache: CredentialCache;

  beforeAll(async () => {
    fixture = await GatewayFixture.start('byok', { ALLTOKENS_ENCRYPTION_KEY: randomBytes(32).toString('base64') });
    const repository = new CredentialsRepository(fixture.prisma);
    cache = new CredentialCache(repository);
    credentials = new CredentialsService(repository, new OrganizationsRepository(fixture.prisma), cache, catalog, fixture.env);
  });
  afterAll(async () => fixture?.stop());

  const rejection = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as ApiError);

  it('stores the key sealed to its organisation and provider, showing only its last four characters', async () => {
    const row = await credentials.put('org-a', 'openai', { api_key: 'sk-own-secret-1234' });
    expect(row).toMatchObject({ providerId: 'openai', baseUrl: null, lastFour: '1234' });
    const stored = await fixture.prisma.providerCredential.findFirstOrThrow({ where: { orgId: 'org-a' } });
    expect(stored.sealed).not.toContain('sk-own-secret');
    const box = secretBoxFromEnv(fixture.env)!;
    expect(box.open(stored.sealed, credentialAad('org-a', 'openai'))).toBe('sk-own-secret-1234');
    expect(() => box.open(stored.sealed, credentialAad('org-b', 'openai'))).toThrow();
    expect((await credentials.list('org-a')).map((credential) => credential.lastFour)).toEqual(['1234']);
    expect(await credentials.list('org-b')).toEqual([]);
  });

  it('hands jobs the organisation’s sealed keys, fresh after a change', async () => {
    await credentials.put('org-c', 'openai', { api_key: 'first-key-aaaa' });
    const before = await cache.forOrg('org-c');
    expect(Object.keys(before)).toEqual(['openai']);
    await credentials.put('org-c', 'openai', { api_key: 'second-key-bbbb', base_url: 'https://1.1.1.1/v1/' });
    const after = await cache.forOrg('org-c');
    expect(after.openai!.sealed).not.toBe(before.openai!.sealed);
    expect(after.openai!.baseUrl).toBe('https://1.1.1.1/v1');
    await credentials.remove('org-c', 'openai');
    expect(await cache.forOrg('org-c')).toEqual({});
    expect(await rejection(credentials.remove('org-c', 'openai'))).toMatchObject({ status: 404, code: 'credential_not_found' });
  });

  it('refuses a provider the catalog does not have and a base URL that points inside the network', async () => {
    expect(await rejection(credentials.put('org-a', 'nobody', { api_key: 'x' }))).toMatchObject({ status: 404, code: 'provider_not_found' });
    const unsafe = await rejection(credentials.put('org-a', 'openai', { api_key: 'x', base_url: 'http://127.0.0.1:8080/v1' }));
    expect(unsafe).toMatchObject({ status: 400, code: 'unsafe_base_url', param: 'base_url' });
    const metadata = await rejection(credentials.put('org-a', 'openai', { api_key: 'x', base_url: 'http://169.254.169.254/latest' }));
    expect(metadata).toMatchObject({ status: 400, code: 'unsafe_base_url' });
  });

  it('answers 501 when the gateway has no encryption key', async () => {
    const { ALLTOKENS_ENCRYPTION_KEY: _none, ...env } = fixture.env;
    const without = new CredentialsService(new CredentialsRepository(fixture.prisma), new OrganizationsRepository(fixture.prisma), cache, catalog, env);
    expect(await rejection(without.put('org-a', 'openai', { api_key: 'x' }))).toMatchObject({ status: 501, code: 'byok_disabled' });
  });
});
