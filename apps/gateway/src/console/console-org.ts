import type { Principal } from '../auth/auth.service';
import { actingOrgId } from '../organizations/org-scope';

/** The organisation a console request reads: its principal's own; the admin key may name one. */
export function consoleOrgOf(principal: Principal, requested?: unknown): string {
  return actingOrgId(principal, typeof requested === 'string' && requested ? requested : undefined);
}
