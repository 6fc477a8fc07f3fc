import { Inject, Injectable } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { ApiError } from '@alltokens/contracts';
import { GATEWAY_ENV, type GatewayEnv } from '../config/gateway-env';
import type { StoredKey } from './api-key.repository';
import { KeyCache } from './key-cache.service';
import { isWellFormedApiKey } from './key-format';
import { KeyHasher } from './key-hasher';

export type Principal =
  | { kind: 'admin' }
  | { kind: 'management'; key: StoredKey }
  | { kind: 'inference'; key: StoredKey };

const invalidKey = () => new ApiError(401, 'invalid_api_key', 'Invalid API key');

@Injectable()
export class AuthService {
  private readonly hasher: KeyHasher;
  private readonly adminKey: Buffer;

  constructor(
    private readonly cache: KeyCache,
    @Inject(GATEWAY_ENV) env: GatewayEnv,
  ) {
    this.hasher = new KeyHasher(env.ALLTOKENS_KEY_HASH_SECRET);
    this.adminKey = Buffer.from(env.ALLTOKENS_ADMIN_KEY);
  }

  hash(rawKey: string): string {
    return this.hasher.hash(rawKey);
  }

  async authenticate(rawKey: string | undefined): Promise<Principal> {
    if (!rawKey) {
      throw new ApiError(401, 'missing_api_key', 'No API key provided: send "Authorization: Bearer <key>" or "X-API-Key: <key>"');
    }
    if (this.isAdminKey(rawKey)) return { kind: 'admin' };
    if (!isWellFormedApiKey(rawKey)) throw invalidKey();
    return this.authenticateHash(this.hasher.hash(rawKey));
  }

  /** A key known by its hash (a console session holds the hash, never the secret). */
  async authenticateHash(hash: string): Promise<Principal> {
    const key = await this.cache.get(hash);
    if (!key || key.revokedAt) throw invalidKey();
    if (key.expiresAt && key.expiresAt.getTime() <= Date.now()) throw new ApiError(401, 'api_key_expired', 'API key has expired');
    if (key.graceUntil && key.graceUntil.getTime() <= Date.now()) {
      throw new ApiError(401, 'api_key_rotated', 'API key was rotated and its grace period is over; use its replacement');
    }
    if (key.disabled) throw new ApiError(403, 'api_key_disabled', 'API key is disabled');
    return key.kind === 'management' ? { kind: 'management', key } : { kind: 'inference', key };
  }

  private isAdminKey(rawKey: string): boolean {
    const candidate = Buffer.from(rawKey);
    return candidate.length === this.adminKey.length && timingSafeEqual(candidate, this.adminKey);
  }
}
