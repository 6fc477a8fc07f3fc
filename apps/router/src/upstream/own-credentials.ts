import type { Dispatcher } from 'undici';
import { ApiError, type RouterJob } from '@alltokens/contracts';
import { createGuardedDispatcher, credentialAad, type SecretBox, type SsrfGuardOptions } from '@alltokens/platform';
import type { Candidate } from '../pipeline/candidate-resolver';

/**
 * Bring your own key: swaps in the caller organisation's own provider key (and URL) for the
 * providers it has one for. Their URLs came from a customer, so those connections go through the
 * SSRF-guarded dispatcher, which re-checks every resolved address when it connects.
 */
export class OwnCredentials {
  readonly guardedDispatcher: Dispatcher;

  constructor(
    private readonly box: SecretBox | null,
    ssrf: SsrfGuardOptions,
  ) {
    this.guardedDispatcher = createGuardedDispatcher(ssrf, { keepAliveTimeout: 30_000, connections: 128 });
  }

  apply(candidates: Candidate[], job: RouterJob): Candidate[] {
    const sealed = job.credentials;
    if (!sealed || Object.keys(sealed).length === 0) return candidates;
    return candidates.map((candidate) => {
      const own = sealed[candidate.provider.id];
      if (!own) return candidate;
      const apiKey = this.open(own.sealed, job.caller.orgId, candidate.provider.id);
      const url = own.baseUrl ? { baseUrl: own.baseUrl, customerUrl: true } : {};
      return { ...candidate, provider: { ...candidate.provider, apiKey, ...url } };
    });
  }

  private open(sealed: string, orgId: string, providerId: string): string {
    if (!this.box) throw new ApiError(500, 'byok_unavailable', 'This router has no ALLTOKENS_ENCRYPTION_KEY to open your provider credential');
    try {
      return this.box.open(sealed, credentialAad(orgId, providerId));
    } catch {
      throw new ApiError(500, 'byok_unreadable', `Your credential for '${providerId}' cannot be opened (was the encryption key rotated without keeping the old one?)`);
    }
  }
}
