import { Injectable } from '@nestjs/common';
import { ApiError } from '@alltokens/contracts';
import { Prisma } from '@alltokens/db';
import { ApiKeyRepository, type StoredKey } from '../auth/api-key.repository';
import { AuthService, type Principal } from '../auth/auth.service';
import { KeyCache } from '../auth/key-cache.service';
import { displayParts, generateApiKey } from '../auth/key-format';
import { actingOrgId, orgScope } from '../organizations/org-scope';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import type { CreateKeyInput, UpdateKeyInput } from './keys.dto';

@Injectable()
export class KeysService {
  constructor(
    private readonly repository: ApiKeyRepository,
    private readonly auth: AuthService,
    private readonly cache: KeyCache,
    private readonly organizations: OrganizationsRepository,
  ) {}

  /** Keys of the caller's organisation (every organisation's, or the one it names, for the admin key), newest first. */
  list(principal: Principal, offset: number, limit: number, requestedOrg?: string) {
    return this.repository.list(orgScope(principal, requestedOrg), offset, limit);
  }

  /** A key as it is now (usage moves with every request; the cached copy may lag). */
  async current(cached: StoredKey) {
    return (await this.repository.findById(cached.id)) ?? cached;
  }

  async create(principal: Principal, input: Omit<CreateKeyInput, 'stream_continuation'> & Partial<Pick<CreateKeyInput, 'stream_continuation'>>) {
    const orgId = actingOrgId(principal, input.org_id);
    if (input.kind === 'management' && principal.kind !== 'admin') {
      throw new ApiError(403, 'admin_key_required', 'Only the admin key can create management keys');
    }
    await this.organizations.ensure(orgId);
    if (input.team_id && !(await this.repository.teamInOrg(input.team_id, orgId))) {
      throw new ApiError(404, 'team_not_found', `No team '${input.team_id}' in organisation '${orgId}'`, 'team_id');
    }
    if (input.user_id && !(await this.repository.memberOf(input.user_id, orgId))) {
      throw new ApiError(404, 'user_not_found', `No member '${input.user_id}' in organisation '${orgId}'`, 'user_id');
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
      limitReset: input.limit_reset ?? null,
      tags: input.tags ?? [],
      expiresAt: input.expires_at ? new Date(input.expires_at) : null,
      teamId: input.team_id ?? null,
      userId: input.user_id ?? null,
      metadata: input.metadata,
      rateLimitRpm: input.rate_limits?.requests_per_minute ?? null,
      rateLimitTpm: input.rate_limits?.tokens_per_minute ?? null,
      maxConcurrency: input.rate_limits?.concurrent_requests ?? null,
      cacheEnabled: input.cache,
      streamContinuation: input.stream_continuation ?? true,
      allowedModels: input.allowed_models,
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

  async update(principal: Principal, idOrHash: string, input: UpdateKeyInput) {
    const key = await this.findVisible(principal, idOrHash);
    const updated = await this.repository.update(key.id, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.disabled !== undefined ? { disabled: input.disabled } : {}),
      ...(input.limit !== undefined ? { limitUsd: input.limit } : {}),
      ...(input.limit_reset !== undefined ? { limitReset: input.limit_reset } : {}),
      ...(input.tags !== undefined ? { tags: input.tags } : {}),
      ...(input.allowed_models !== undefined ? { allowedModels: input.allowed_models } : {}),
      ...(input.stream_continuation !== undefined ? { streamContinuation: input.stream_continuation } : {}),
      ...(input.metadata !== undefined ? { metadata: input.metadata ?? Prisma.DbNull } : {}),
      ...(input.expires_at !== undefined ? { expiresAt: input.expires_at ? new Date(input.expires_at) : null } : {}),
    });
    await this.cache.invalidate(updated.hash);
    return { before: key, after: updated };
  }

  /**
   * A new secret with the same settings; the old one keeps working for `graceSeconds`. The new key
   * joins the old one's lineage, so its limit keeps counting what the lineage already spent.
   */
  async rotate(principal: Principal, idOrHash: string, graceSeconds: number) {
    const old = await this.findVisible(principal, idOrHash);
    const secret = generateApiKey();
    const hash = this.auth.hash(secret);
    const replacement = await this.repository.create({
      orgId: old.orgId,
      kind: old.kind,
      name: old.name,
      hash,
      ...displayParts(secret),
      limitUsd: old.limitUsd,
      limitReset: old.limitReset,
      tags: old.tags,
      lineageId: old.lineageId ?? old.id,
      expiresAt: old.expiresAt,
      teamId: old.teamId,
      userId: old.userId,
      metadata: old.metadata ?? undefined,
      rateLimitRpm: old.rateLimitRpm,
      rateLimitTpm: old.rateLimitTpm,
      maxConcurrency: old.maxConcurrency,
      cacheEnabled: old.cacheEnabled,
      streamContinuation: old.streamContinuation,
      allowedModels: old.allowedModels,
    });
    const retired = await this.repository.update(old.id, { graceUntil: new Date(Date.now() + graceSeconds * 1000), replacedById: replacement.id });
    await this.cache.invalidate(old.hash);
    await this.cache.invalidate(hash);
    return { old: retired, replacement, secret };
  }

  async findVisible(principal: Principal, idOrHash: string) {
    const key = (await this.repository.findById(idOrHash)) ?? (await this.findByHash(idOrHash));
    const scope = orgScope(principal);
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
