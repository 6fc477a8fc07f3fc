import { gatewayEnvSchema } from '../config/gateway-env';
import type { StoredKey } from './api-key.repository';
import { AuthService } from './auth.service';
import { KeyHasher } from './key-hasher';
import type { KeyCache } from './key-cache.service';
import { generateApiKey } from './key-format';

const env = gatewayEnvSchema.parse({ ALLTOKENS_ADMIN_KEY: 'the-admin-key-of-this-test', ALLTOKENS_KEY_HASH_SECRET: 'a-hash-secret-for-this-test' });
const hasher = new KeyHasher(env.ALLTOKENS_KEY_HASH_SECRET);

function serviceWith(keys: Record<string, Partial<StoredKey>>): AuthService {
  const byHash = new Map(Object.entries(keys).map(([secret, key]) => [hasher.hash(secret), { kind: 'inference', revokedAt: null, expiresAt: null, graceUntil: null, disabled: false, ...key } as StoredKey]));
  return new AuthService({ get: async (hash: string) => byHash.get(hash) ?? null } as unknown as KeyCache, env);
}

describe('AuthService.authenticate', () => {
  const live = generateApiKey();
  const management = generateApiKey();
  const revoked = generateApiKey();
  const expired = generateApiKey();
  const rotated = generateApiKey();
  const graceful = generateApiKey();
  const disabled = generateApiKey();
  const auth = serviceWith({
    [live]: { id: 'live' },
    [management]: { id: 'mgmt', kind: 'management' },
    [revoked]: { revokedAt: new Date() },
    [expired]: { expiresAt: new Date(Date.now() - 1000) },
    [rotated]: { graceUntil: new Date(Date.now() - 1000) },
    [graceful]: { id: 'graceful', graceUntil: new Date(Date.now() + 60_000) },
    [disabled]: { disabled: true },
  });
  const failure = (raw: string | undefined) => auth.authenticate(raw).then(() => null, (error: unknown) => error);

  it('tells inference, management and the admin key apart', async () => {
    expect(await auth.authenticate(live)).toMatchObject({ kind: 'inference', key: { id: 'live' } });
    expect(await auth.authenticate(management)).toMatchObject({ kind: 'management', key: { id: 'mgmt' } });
    expect(await auth.authenticate('the-admin-key-of-this-test')).toEqual({ kind: 'admin' });
    expect(await auth.authenticate(graceful)).toMatchObject({ key: { id: 'graceful' } });
  });

  it('answers each refusal with its own code', async () => {
    expect(await failure(undefined)).toMatchObject({ status: 401, code: 'missing_api_key' });
    expect(await failure('the-admin-key-of-this-tesT')).toMatchObject({ status: 401, code: 'invalid_api_key' });
    expect(await failure(`${live.slice(0, -1)}${live.endsWith('A') ? 'B' : 'A'}`)).toMatchObject({ status: 401, code: 'invalid_api_key' });
    expect(await failure(generateApiKey())).toMatchObject({ status: 401, code: 'invalid_api_key' });
    expect(await failure(revoked)).toMatchObject({ status: 401, code: 'invalid_api_key' });
    expect(await failure(expired)).toMatchObject({ status: 401, code: 'api_key_expired' });
    expect(await failure(rotated)).toMatchObject({ status: 401, code: 'api_key_rotated' });
    expect(await failure(disabled)).toMatchObject({ status: 403, code: 'api_key_disabled' });
  });
});
