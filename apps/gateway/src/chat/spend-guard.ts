import { ApiError } from '@alltokens/contracts';
import type { StoredKey } from '../auth/api-key.repository';

/**
 * The key's lifetime limit, against the usage the key cache last saw. Exact, concurrency-safe
 * budgets with reservations are a separate layer; this refuses keys already past their limit.
 */
export const SpendGuard = {
  assertWithinLimit(key: StoredKey): void {
    if (key.limitUsd !== null && key.usageUsd >= key.limitUsd) {
      throw new ApiError(402, 'key_limit_exceeded', `This key has used $${key.usageUsd} of its $${key.limitUsd} limit`);
    }
  },
};
