import type { Principal } from '../auth/auth.service';
import { DEFAULT_ORG_ID } from '../keys/keys.service';

/** The organisation a console request reads: its principal's own; the admin key may name one. */
export function consoleOrgOf(principal: Principal, requested?: unknown): string {
  if (principal.kind === 'management') return principal.key.orgId;
  return typeof requested === 'string' && requested ? requested : DEFAULT_ORG_ID;
}
