import { ApiError } from '@alltokens/contracts';
import type { Principal } from '../auth/auth.service';

/** Where the admin key's actions land when it names no organisation. */
export const DEFAULT_ORG_ID = 'default';

/** Management keys act within their own organisation; the admin key may name any (or none: every one). */
export function orgScope(principal: Principal, requested?: string): string | undefined {
  if (principal.kind === 'admin') return requested;
  if (principal.kind === 'management') return principal.key.orgId;
  throw new ApiError(403, 'management_key_required', 'This endpoint needs a management key');
}

/** The one organisation an action applies to: the key's own, or the one the admin key names, else the default. */
export function actingOrgId(principal: Principal, requested?: string): string {
  return orgScope(principal, requested) ?? DEFAULT_ORG_ID;
}
