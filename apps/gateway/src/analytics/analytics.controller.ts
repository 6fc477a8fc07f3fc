import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import type { Principal } from '../auth/auth.service';
import { CurrentPrincipal, ManagementKeyGuard } from '../auth/guards';
import { DEFAULT_ORG_ID } from '../keys/keys.service';
import { requestLogQuerySchema, usageQuerySchema } from './analytics.dto';
import { AnalyticsRepository, type UsageRow } from './analytics.repository';

const percentiles = (values: number[] | null) =>
  values ? { p50: Math.round(values[0]!), p95: Math.round(values[1]!), p99: Math.round(values[2]!) } : null;

function toUsageView(row: UsageRow) {
  return {
    bucket: row.bucket.toISOString(),
    group: row.grp || null,
    requests: row.requests,
    errors: row.errors,
    error_rate: row.requests ? row.errors / row.requests : 0,
    prompt_tokens: row.prompt_tokens,
    completion_tokens: row.completion_tokens,
    cached_tokens: row.cached_tokens,
    reasoning_tokens: row.reasoning_tokens,
    cost: row.cost_usd,
    cache_hits: row.cache_hits,
    latency_ms: percentiles(row.latency_ms),
    ttft_ms: percentiles(row.ttft_ms),
  };
}

/** Usage analytics for an organisation (management keys see their own; the admin key names `org_id`). */
@Controller(['api/v1', 'v1'])
@UseGuards(ManagementKeyGuard)
export class AnalyticsController {
  constructor(private readonly analytics: AnalyticsRepository) {}

  private orgOf(principal: Principal, query: unknown): string {
    if (principal.kind === 'management') return principal.key.orgId;
    const requested = (query as { org_id?: unknown }).org_id;
    return typeof requested === 'string' && requested ? requested : DEFAULT_ORG_ID;
  }

  @Get('analytics/usage')
  async usage(@CurrentPrincipal() principal: Principal, @Query() query: Record<string, unknown>) {
    const { org_id: _org, ...rest } = query;
    const rows = await this.analytics.usage(this.orgOf(principal, query), usageQuerySchema.parse(rest));
    return { data: rows.map(toUsageView) };
  }

  @Get('analytics/requests')
  async requests(@CurrentPrincipal() principal: Principal, @Query() query: Record<string, unknown>) {
    const { org_id: _org, ...rest } = query;
    const { page, next } = await this.analytics.requests(this.orgOf(principal, query), requestLogQuerySchema.parse(rest));
    return { data: page.map((row) => ({ ...row, created_at: row.created_at.toISOString() })), next_cursor: next };
  }
}
