import { z } from 'zod';
import type { RequestLogRow } from '@alltokens/contracts';
import { normaliseTagFilter } from '../../analytics/attribution-usage';

/** The log page's filters, applied by the gateway to the live rows as to the stored ones. */
export const tailFilterSchema = z.object({
  status: z.enum(['success', 'error', 'cancelled', 'interrupted']).optional(),
  model: z.string().min(1).optional(),
  provider: z.string().min(1).optional(),
  key_id: z.string().min(1).optional(),
  cache_hit: z.enum(['true', 'false']).optional(),
  tag: z.string().min(1).max(200).optional(),
  user: z.string().min(1).max(256).optional(),
  guardrail_rule: z.string().min(1).max(64).optional(),
});
export type TailFilter = z.infer<typeof tailFilterSchema>;

export function matchesTail(row: RequestLogRow, orgId: string, filter: TailFilter): boolean {
  return (
    row.org_id === orgId &&
    (!filter.status || row.status === filter.status) &&
    (!filter.model || row.model === filter.model) &&
    (!filter.provider || row.provider_id === filter.provider) &&
    (!filter.key_id || row.key_id === filter.key_id) &&
    (!filter.cache_hit || row.cache_hit === (filter.cache_hit === 'true')) &&
    (!filter.tag || row.tags.includes(normaliseTagFilter(filter.tag))) &&
    (!filter.user || row.end_user === filter.user) &&
    (!filter.guardrail_rule || row.guardrails.some((finding) => finding.rule === filter.guardrail_rule))
  );
}
