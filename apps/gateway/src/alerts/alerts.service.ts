import { Inject, Injectable } from '@nestjs/common';
import { ApiError } from '@alltokens/contracts';
import type { PrismaClient } from '@alltokens/db';
import type { Principal } from '../auth/auth.service';
import { PRISMA } from '../infra/tokens';
import { actingOrgId } from '../organizations/org-scope';
import type { CreateRuleInput } from './alerts.dto';
import { newWebhookSecret, WebhookUrlCheck } from './webhook-url-check';

/** Alert destinations and rules of an organisation (management keys: their own; the admin key names `org_id`). */
@Injectable()
export class AlertsService {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    private readonly webhooks: WebhookUrlCheck,
  ) {}

  orgOf(principal: Principal, requested?: string): string {
    if (principal.kind === 'management' && requested && requested !== principal.key.orgId) throw new ApiError(404, 'org_not_found', `No organisation '${requested}'`, 'org_id');
    return actingOrgId(principal, requested);
  }

  async createDestination(orgId: string, input: { name: string; kind: 'webhook' | 'slack'; url: string }) {
    await this.webhooks.assertAllowed(input.url, 'url');
    await this.prisma.organization.upsert({ where: { id: orgId }, update: {}, create: { id: orgId, name: orgId } });
    const secret = input.kind === 'webhook' ? newWebhookSecret() : null;
    const row = await this.prisma.alertDestination.create({ data: { orgId, name: input.name, kind: input.kind, url: input.url, secret } });
    return { row, secret };
  }

  async createRule(orgId: string, input: CreateRuleInput) {
    const destinations = await this.prisma.alertDestination.count({ where: { orgId, id: { in: input.destination_ids } } });
    if (destinations !== new Set(input.destination_ids).size) throw new ApiError(404, 'destination_not_found', 'Every destination_id must be a destination of this organisation', 'destination_ids');
    return this.prisma.alertRule.create({
      data: {
        orgId,
        name: input.name,
        type: input.type,
        destinationIds: [...new Set(input.destination_ids)],
        endpointId: input.endpoint_id ?? null,
        threshold: input.threshold ?? null,
        percentile: input.type === 'latency' ? (input.percentile ?? 95) : null,
        windowSeconds: input.window_seconds,
        minRequests: input.min_requests,
        enabled: input.enabled,
      },
    });
  }

  async destination(principal: Principal, id: string) {
    const row = await this.prisma.alertDestination.findUnique({ where: { id } });
    if (!row || (principal.kind === 'management' && row.orgId !== principal.key.orgId)) throw new ApiError(404, 'destination_not_found', `No alert destination '${id}'`);
    return row;
  }

  async rule(principal: Principal, id: string) {
    const row = await this.prisma.alertRule.findUnique({ where: { id } });
    if (!row || (principal.kind === 'management' && row.orgId !== principal.key.orgId)) throw new ApiError(404, 'rule_not_found', `No alert rule '${id}'`);
    return row;
  }

  /** A destination still named by a rule cannot go: the rule would alert nobody. */
  async removeDestination(principal: Principal, id: string) {
    const row = await this.destination(principal, id);
    const users = await this.prisma.alertRule.count({ where: { destinationIds: { has: id } } });
    if (users) throw new ApiError(409, 'destination_in_use', `Alert destination '${id}' is used by ${users} rule(s); delete or change them first`);
    await this.prisma.alertDestination.delete({ where: { id } });
    return row;
  }
}
