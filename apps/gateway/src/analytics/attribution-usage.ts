import type { UsageQuery } from './analytics.dto';

/** The dimension a query groups by, as the per-tag/per-user rollups name it, or null. */
export function dimensionOf(groupBy: UsageQuery['group_by']): string | null {
  return groupBy === 'user' ? 'user' : groupBy.startsWith('tag:') ? groupBy : null;
}

/** Whether tags or end users are involved: then neither the plain rollups nor the plain grouping can answer. */
export const usesAttribution = (q: UsageQuery) => Boolean(dimensionOf(q.group_by) || q.tag || q.user);

/**
 * Hour and day buckets grouped by a tag or the end user, without other filters (or filtered on the
 * same dimension) come from usage_rollups_dimension_hourly: one index range per query.
 */
export function rollupFilter(q: UsageQuery): { dimension: string; value: string | null } | null {
  const dimension = dimensionOf(q.group_by);
  if (!dimension || q.bucket === '1m' || q.key_id || q.model) return null;
  if (dimension === 'user') return q.tag ? null : { dimension, value: q.user ?? null };
  if (q.user) return null;
  if (!q.tag) return { dimension, value: null };
  const [name, ...rest] = q.tag.split(':');
  return `tag:${name!.toLowerCase()}` === dimension ? { dimension, value: rest.join(':') } : null;
}

/** SQL pieces for reading attribution from generations: a join unnesting the grouped tag, and the filters. */
export function generationsAttribution(q: UsageQuery, params: unknown[]): { join: string; group: string | null; filters: string[] } {
  const filters: string[] = [];
  if (q.tag) filters.push(`g.tags @> ARRAY[$${params.push(normaliseTagFilter(q.tag))}]::text[]`);
  if (q.user) filters.push(`g.end_user = $${params.push(q.user)}`);
  // Like the rollups: requests without an end user (or without the tag) are in no group.
  if (q.group_by === 'user') return { join: '', group: 'g.end_user', filters: [...filters, 'g.end_user IS NOT NULL'] };
  if (!q.group_by.startsWith('tag:')) return { join: '', group: null, filters };
  const name = q.group_by.slice('tag:'.length);
  const join = `CROSS JOIN LATERAL (SELECT substr(t, length($${params.push(name)}) + 2) AS value FROM unnest(g.tags) AS t WHERE split_part(t, ':', 1) = $${params.length}) AS tv`;
  return { join, group: 'tv.value', filters };
}

/** Tag names are stored lowercased. */
export function normaliseTagFilter(tag: string): string {
  const colon = tag.indexOf(':');
  return colon === -1 ? tag.trim().toLowerCase() : `${tag.slice(0, colon).trim().toLowerCase()}:${tag.slice(colon + 1).trim()}`;
}
