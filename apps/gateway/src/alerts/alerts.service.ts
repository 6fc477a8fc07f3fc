import { Injectable } from '@nestjs/common';
import { ApiError } from '@alltokens/contracts';
import type { AlertDestination, AlertEventRecord, AlertRule } from '@alltokens/db';
import type { Principal } from '../auth/auth.service';
import { actingOrgId } from '../organizations/org-scope';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import type { CreateDestinationInput, CreateRuleInput } from './alerts.dto';
import { AlertsRepository } from './alerts.repository';
import { newWebhookSecret, WebhookUrlCheck } from './webhook-url-check';

/** Alert destinations and rules of an organisation (management keys: their own; the admin key names `org_id`). */
@Injectable()
export class AlertsService {
  constructor(
    private readonly alerts: AlertsRepository,
    private readonly organizations: OrganizationsRepository,
    private readonly webhooks: WebhookUrlCheck,
  ) {}

  /** A webhook gets a signing secret, returned here once; a Slack URL signs nothing. */
  async createDestination(principal: Principal, input: CreateDestinationInput): Promise<{ row: AlertDestination; secret: string | null }> {
    const orgId = this.orgOf(principal, input.org_id);
    await this.webhooks.assertAllowed(input.url, 'url');
    await this.organizations.ensure(orgId);
    const secret = input.kind === 'webhook' ? newWebhookSecret() : null;
    const row = await this.alerts.createDestination({ orgId, name: input.name, kind: input.kind, url: input.url, secret });
    return { row, secret };
  }

  async listDestinations(principal: Principal, orgId?: string): Promise<AlertDestination[]> {
    return this.alerts.listDestinations(this.orgOf(principal, orgId));
  }

  /** A destination still named by a rule cannot go: the rule would alert nobody. */
  async removeDestination(principal: Principal, id: string): Promise<AlertDestination> {
    const row = await this.destination(principal, id);
    const users = await this.alerts.countRulesUsing(id);
    if (users) throw new ApiError(409, 'destination_in_use', `Alert destination '${id}' is used by ${users} rule(s); delete or change them first`);
    await this.alerts.removeDestination(id);
    return row;
  }

  async createRule(principal: Principal, input: CreateRuleInput): Promise<AlertRule> {
    const orgId = this.orgOf(principal, input.org_id);
    const destinationIds = [...new Set(input.destination_ids)];
    if ((await this.alerts.countDestinations(orgId, destinationIds)) !== destinationIds.length) {
      throw new ApiError(404, 'destination_not_found', 'Every destination_id must be a destination of this organisation', 'destination_ids');
    }
    return this.alerts.createRule({
      orgId,
      name: input.name,
      type: input.type,
      destinationIds,
      endpointId: input.endpoint_id ?? null,
      threshold: input.threshold ?? null,
      percentile: input.type === 'latency' ? (input.percentile ?? 95) : null,
      windowSeconds: input.window_seconds,
      minRequests: input.min_requests,
      enabled: input.enabled,
    });
  }

  async listRules(principal: Principal, orgId?: string): Promise<AlertRule[]> {
    return this.alerts.listRules(this.orgOf(principal, orgId));
  }

  async setRuleEnabled(principal: Principal, id: string, enabled: boolean): Promise<{ before: AlertRule; after: AlertRule }> {
    const before = await this.rule(principal, id);
    return { before, after: await this.alerts.setRuleEnabled(id, enabled) };
  }

  /** Removes a rule of the caller's organisation and returns it. */
  async removeRule(principal: Principal, id: string): Promise<AlertRule> {
    const row = await this.rule(principal, id);
    await this.alerts.removeRule(id);
    return row;
  }

  /** Alerts that fired, newest first. */
  async events(principal: Principal, orgId: string | undefined, limit: number): Promise<AlertEventRecord[]> {
    return this.alerts.recentEvents(this.orgOf(principal, orgId), limit);
  }

  private orgOf(principal: Principal, requested?: string): string {
    if (principal.kind === 'management' && requested && requested !== principal.key.orgId) throw new ApiError(404, 'org_not_found', `No organisation '${requested}'`, 'org_id');
    return actingOrgId(principal, requested);
  }

  private async destination(principal: Principal, id: string): Promise<AlertDestination> {
    const row = await this.alerts.findDestination(id);
    if (!row || (principal.kind === 'management' && row.orgId !== principal.key.orgId)) throw new ApiError(404, 'destination_not_found', `No alert destination '${id}'`);
    return row;
  }

  private async rule(principal: Principal, id: string): Promise<AlertRule> {
    const row = await this.alerts.findRule(id);
    if (!row || (principal.kind === 'management' && row.orgId !== principal.key.orgId)) throw new ApiError(404, 'rule_not_found', `No alert rule '${id}'`);
    return row;
  }
}
