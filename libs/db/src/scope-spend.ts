import type { PrismaClient } from './generated/client';

export type SpendScope = 'organization' | 'team' | 'key' | 'tag' | 'end_user';

/** Timestamps are stored as UTC without zone (Prisma's DateTime); compare in the same form. */
const utc = (at: Date) => at.toISOString().replace('Z', '');

/**
 * What the ledger says a scope spent since `from`: the truth budgets start their Redis counters
 * from and threshold alerts compare with. A key's spend is its whole rotation lineage's; a tag is
 * `name:value` within the organisation; an end user is OpenAI's `user` within the organisation.
 */
export async function spentSince(prisma: PrismaClient, ref: { scope: SpendScope; scopeId: string; orgId: string }, from: Date): Promise<number> {
  const queries: Record<SpendScope, string> = {
    organization: 'SELECT sum(amount_usd)::text AS total FROM ledger_entries WHERE org_id = $1 AND created_at >= $2::timestamp',
    key: `SELECT sum(l.amount_usd)::text AS total FROM ledger_entries l
          WHERE l.key_id IN (SELECT id FROM api_keys WHERE id = $1 OR lineage_id = $1) AND l.created_at >= $2::timestamp`,
    team: 'SELECT sum(l.amount_usd)::text AS total FROM ledger_entries l JOIN api_keys k ON k.id = l.key_id WHERE k.team_id = $1 AND l.created_at >= $2::timestamp',
    tag: 'SELECT sum(cost_usd)::text AS total FROM generations WHERE tags @> ARRAY[$1]::text[] AND created_at >= $2::timestamp AND org_id = $3',
    end_user: 'SELECT sum(cost_usd)::text AS total FROM generations WHERE org_id = $3 AND end_user = $1 AND created_at >= $2::timestamp',
  };
  const params = ref.scope === 'tag' || ref.scope === 'end_user' ? [ref.scopeId, utc(from), ref.orgId] : [ref.scopeId, utc(from)];
  const rows = await prisma.$queryRawUnsafe<Array<{ total: string | null }>>(queries[ref.scope], ...params);
  return Number(rows[0]?.total ?? 0);
}
