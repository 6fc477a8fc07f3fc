import { Injectable } from '@nestjs/common';
import type { CompletionJob } from '@alltokens/contracts';
import { LastGoodCache } from '../infra/last-good-cache';
import { CredentialsRepository } from './credentials.repository';

type SealedCredentials = CompletionJob['credentials'];
const TTL_MS = 5_000;
const NONE: SealedCredentials = {};

/**
 * Each organisation's sealed provider keys, for the jobs it sends. Cached for a few seconds per
 * gateway (a change reaches every replica within TTL_MS; the last loaded ones while the database is
 * down); the gateway never opens them.
 */
@Injectable()
export class CredentialCache {
  private readonly cache = new LastGoodCache<SealedCredentials>(TTL_MS);

  constructor(private readonly repository: CredentialsRepository) {}

  forOrg(orgId: string): Promise<SealedCredentials> {
    return this.cache.get(orgId, () => this.load(orgId));
  }

  forget(orgId: string): void {
    this.cache.delete(orgId);
  }

  private async load(orgId: string): Promise<SealedCredentials> {
    const rows = await this.repository.sealedFor(orgId);
    if (!rows.length) return NONE;
    return Object.fromEntries(rows.map((row) => [row.providerId, { sealed: row.sealed, baseUrl: row.baseUrl }]));
  }
}
