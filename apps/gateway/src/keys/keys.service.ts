import { Injectable } from '@nestjs/common';
import { ApiError } from '@alltokens/contracts';
import { ApiKeyRepository } from '../auth/api-key.repository';
import { AuthService, type Principal } from '../auth/auth.service';
import { KeyCache } from '../auth/key-cache.service';
import { displayParts, generateApiKey } from '../auth/key-format';
import type { CreateKeyInput } from './key.dto';

export const DEFAULT_ORG_ID = 'default';

@Injectable()
export class KeysService {
  constructor(
    private readonly repository: ApiKeyRepository,
    private readonly auth: AuthService,
    private readonly cache: KeyCache,
  ) {}

  /** Management keys act within their own organisation; the admin key may name any. */
  orgScope(principal: Principal, requested?: string): string | undefined {
    if (principal.kind === 'admin') return requested;
    if (principal.kind === 'management') return principal.key.orgId;
    throw new ApiError(403, 'management_key_required', 'This endpoint needs a management key');
  }

  async create(principal: Principal, input: CreateKeyInput) {
    const orgId = this.orgScope(principal, input.org_id) ?? DEFAULT_ORG_ID;
    if (input.kind === 'management' && principal.kind !== 'admin') {
      throw new ApiError(403, 'admin_key_required', 'Only the admin key can create management keys');
    }
    await this.repository.ensureOrganization(orgId, orgId === DEFAULT_ORG_ID ? 'Default organisation' : orgId);
    if (input.team_id && !(await this.repository.teamInOrg(input.team_id, orgId))) {
      throw new ApiError(404, 'team_not_found', `No team '${input.team_id}' in organisation '${orgId}'`, 'team_id');
    }
    const secret = generateApiKey();
    const hash = this.auth.hash(secret);
    const stored = await this.repository.create({
      orgId,
      kind: input.kind,
      name: input.name,
      hash,
      ...displayParts(secret),
      limitUsd: input.limit ?? null,
      expiresAt: input.expires_at ? new Date(input.expires_at) : null,
      teamId: input.team_id ?? null,
      rateLimitRpm: input.rate_limits?.requests_per_minute ?? null,
      rateLimitTpm: input.rate_limits?.tokens_per_minute ?? null,
      maxConcurrency: input.rate_limits?.concurrent_requests ?? null,
      cacheEnabled: input.cache,
    });
    // A lookup of this hash may have been cached as "unknown" a moment ago.
    await this.cache.invalidate(hash);
    return { stored, secret };
  }

  async revoke(principal: Principal, idOrHash: string): Promise<void> {
    const key = await this.findVisible(principal, idOrHash);
    const hash = await this.repository.revoke(key.id);
    if (!hash) throw new ApiError(404, 'key_not_found', `No API key '${idOrHash}'`);
    await this.cache.invalidate(hash);
  }

  async findVisible(principal: Principal, idOrHash: string) {
    const key = (await this.repository.findById(idOrHash)) ?? (await this.findByHash(idOrHash));
    const scope = this.orgScope(principal);
    if (!key || key.revokedAt || (scope && key.orgId !== scope)) {
      throw new ApiError(404, 'key_not_found', `No API key '${idOrHash}'`);
    }
    return key;
  }

  private async findByHash(hash: string) {
    const key = await this.repository.findByHash(hash);
    return key ? { ...key, hash } : null;
  }
}
