import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/auth.service';
import { actingOrgId } from '../organizations/org-scope';
import { requestLogQuerySchema, toRequestLogView, toUsageView, usageQuerySchema } from './analytics.dto';
import { AnalyticsRepository } from './analytics.repository';

/** Usage analytics of one organisation: the caller's own, or the one the admin key names (`org_id`). */
@Injectable()
export class AnalyticsService {
  constructor(private readonly analytics: AnalyticsRepository) {}

  async usage(principal: Principal, query: Record<string, unknown>) {
    const { org_id, ...rest } = query;
    const rows = await this.analytics.usage(orgOf(principal, org_id), usageQuerySchema.parse(rest));
    return rows.map(toUsageView);
  }

  async requests(principal: Principal, query: Record<string, unknown>) {
    const { org_id, ...rest } = query;
    const { page, next } = await this.analytics.requests(orgOf(principal, org_id), requestLogQuerySchema.parse(rest));
    return { rows: page.map(toRequestLogView), next };
  }
}

function orgOf(principal: Principal, requested: unknown): string {
  return actingOrgId(principal, typeof requested === 'string' && requested ? requested : undefined);
}
