import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/auth.service';
import { CurrentPrincipal, ManagementKeyGuard } from '../auth/guards';
import { createDestinationSchema, createRuleSchema, listEventsQuerySchema, toDestinationView, toEventView, toRuleView, updateRuleSchema } from './alerts.dto';
import { AlertsService } from './alerts.service';

/** Alert destinations (signed webhooks, Slack), rules (budget thresholds, error rate, latency, breakers) and what fired. */
@Controller(['api/v1', 'v1'])
@UseGuards(ManagementKeyGuard)
export class AlertsController {
  constructor(
    private readonly alerts: AlertsService,
    private readonly audit: AuditService,
  ) {}

  @Post('alerts/destinations')
  @HttpCode(201)
  async createDestination(@CurrentPrincipal() principal: Principal, @Body() body: unknown) {
    const { row, secret } = await this.alerts.createDestination(principal, createDestinationSchema.parse(body ?? {}));
    const view = toDestinationView(row);
    await this.audit.record(principal, { action: 'alert_destination.create', targetType: 'alert_destination', targetId: row.id, orgId: row.orgId, after: view });
    return { data: view, ...(secret ? { secret } : {}) };
  }

  @Get('alerts/destinations')
  async listDestinations(@CurrentPrincipal() principal: Principal, @Query('org_id') orgId?: string) {
    return { data: (await this.alerts.listDestinations(principal, orgId)).map(toDestinationView) };
  }

  @Delete('alerts/destinations/:id')
  async removeDestination(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    const row = await this.alerts.removeDestination(principal, id);
    await this.audit.record(principal, { action: 'alert_destination.delete', targetType: 'alert_destination', targetId: id, orgId: row.orgId, before: toDestinationView(row) });
    return { deleted: true, id };
  }

  @Post('alerts/rules')
  @HttpCode(201)
  async createRule(@CurrentPrincipal() principal: Principal, @Body() body: unknown) {
    const row = await this.alerts.createRule(principal, createRuleSchema.parse(body ?? {}));
    await this.audit.record(principal, { action: 'alert_rule.create', targetType: 'alert_rule', targetId: row.id, orgId: row.orgId, after: toRuleView(row) });
    return { data: toRuleView(row) };
  }

  @Get('alerts/rules')
  async listRules(@CurrentPrincipal() principal: Principal, @Query('org_id') orgId?: string) {
    return { data: (await this.alerts.listRules(principal, orgId)).map(toRuleView) };
  }

  @Patch('alerts/rules/:id')
  async updateRule(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: unknown) {
    const { enabled } = updateRuleSchema.parse(body ?? {});
    const { before, after } = await this.alerts.setRuleEnabled(principal, id, enabled);
    await this.audit.record(principal, { action: 'alert_rule.update', targetType: 'alert_rule', targetId: id, orgId: after.orgId, before: toRuleView(before), after: toRuleView(after) });
    return { data: toRuleView(after) };
  }

  @Delete('alerts/rules/:id')
  async removeRule(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    const row = await this.alerts.removeRule(principal, id);
    await this.audit.record(principal, { action: 'alert_rule.delete', targetType: 'alert_rule', targetId: id, orgId: row.orgId, before: toRuleView(row) });
    return { deleted: true, id };
  }

  /** Alerts that fired, newest first (each once per condition and window). */
  @Get('alerts/events')
  async events(@CurrentPrincipal() principal: Principal, @Query() query: unknown) {
    const { limit, org_id } = listEventsQuerySchema.parse(query);
    return { data: (await this.alerts.events(principal, org_id, limit)).map(toEventView) };
  }
}
