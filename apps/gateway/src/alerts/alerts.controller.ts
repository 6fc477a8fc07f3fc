import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import type { PrismaClient } from '@alltokens/db';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/auth.service';
import { CurrentPrincipal, ManagementKeyGuard } from '../auth/guards';
import { PRISMA } from '../infra/tokens';
import { createDestinationSchema, createRuleSchema, listEventsQuerySchema, toDestinationView, toEventView, toRuleView, updateRuleSchema } from './alerts.dto';
import { AlertsService } from './alerts.service';

/** Alert destinations (signed webhooks, Slack), rules (budget thresholds, error rate, latency, breakers) and what fired. */
@Controller(['api/v1', 'v1'])
@UseGuards(ManagementKeyGuard)
export class AlertsController {
  constructor(
    private readonly alerts: AlertsService,
    private readonly audit: AuditService,
    @Inject(PRISMA) private readonly prisma: PrismaClient,
  ) {}

  @Post('alerts/destinations')
  @HttpCode(201)
  async createDestination(@CurrentPrincipal() principal: Principal, @Body() body: unknown) {
    const input = createDestinationSchema.parse(body ?? {});
    const { row, secret } = await this.alerts.createDestination(this.alerts.orgOf(principal, input.org_id), input);
    const view = toDestinationView(row);
    await this.audit.record(principal, { action: 'alert_destination.create', targetType: 'alert_destination', targetId: row.id, orgId: row.orgId, after: view });
    return { data: view, ...(secret ? { secret } : {}) };
  }

  @Get('alerts/destinations')
  async listDestinations(@CurrentPrincipal() principal: Principal, @Query('org_id') orgId?: string) {
    const rows = await this.prisma.alertDestination.findMany({ where: { orgId: this.alerts.orgOf(principal, orgId) }, orderBy: { createdAt: 'asc' } });
    return { data: rows.map(toDestinationView) };
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
    const input = createRuleSchema.parse(body ?? {});
    const row = await this.alerts.createRule(this.alerts.orgOf(principal, input.org_id), input);
    await this.audit.record(principal, { action: 'alert_rule.create', targetType: 'alert_rule', targetId: row.id, orgId: row.orgId, after: toRuleView(row) });
    return { data: toRuleView(row) };
  }

  @Get('alerts/rules')
  async listRules(@CurrentPrincipal() principal: Principal, @Query('org_id') orgId?: string) {
    const rows = await this.prisma.alertRule.findMany({ where: { orgId: this.alerts.orgOf(principal, orgId) }, orderBy: { createdAt: 'asc' } });
    return { data: rows.map(toRuleView) };
  }

  @Patch('alerts/rules/:id')
  async updateRule(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: unknown) {
    const { enabled } = updateRuleSchema.parse(body ?? {});
    const before = await this.alerts.rule(principal, id);
    const after = await this.prisma.alertRule.update({ where: { id }, data: { enabled } });
    await this.audit.record(principal, { action: 'alert_rule.update', targetType: 'alert_rule', targetId: id, orgId: after.orgId, before: toRuleView(before), after: toRuleView(after) });
    return { data: toRuleView(after) };
  }

  @Delete('alerts/rules/:id')
  async removeRule(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    const row = await this.alerts.rule(principal, id);
    await this.prisma.alertRule.delete({ where: { id } });
    await this.audit.record(principal, { action: 'alert_rule.delete', targetType: 'alert_rule', targetId: id, orgId: row.orgId, before: toRuleView(row) });
    return { deleted: true, id };
  }

  /** Alerts that fired, newest first (each once per condition and window). */
  @Get('alerts/events')
  async events(@CurrentPrincipal() principal: Principal, @Query() query: unknown) {
    const { limit, org_id } = listEventsQuerySchema.parse(query);
    const rows = await this.prisma.alertEventRecord.findMany({ where: { orgId: this.alerts.orgOf(principal, org_id) }, orderBy: { createdAt: 'desc' }, take: limit });
    return { data: rows.map(toEventView) };
  }
}
