import { Inject, Injectable } from '@nestjs/common';
import type { AlertDestination, AlertEventRecord, AlertRule, PrismaClient } from '@alltokens/db';
import { PRISMA } from '../infra/tokens';

export type NewDestination = Pick<AlertDestination, 'orgId' | 'name' | 'kind' | 'url' | 'secret'>;
export type NewRule = Pick<AlertRule, 'orgId' | 'name' | 'type' | 'destinationIds' | 'endpointId' | 'threshold' | 'percentile' | 'windowSeconds' | 'minRequests' | 'enabled'>;

/** Alert destinations, rules and the events analytics recorded when one fired. */
@Injectable()
export class AlertsRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  createDestination(destination: NewDestination): Promise<AlertDestination> {
    return this.prisma.alertDestination.create({ data: destination });
  }

  /** Oldest first. */
  listDestinations(orgId: string): Promise<AlertDestination[]> {
    return this.prisma.alertDestination.findMany({ where: { orgId }, orderBy: { createdAt: 'asc' } });
  }

  findDestination(id: string): Promise<AlertDestination | null> {
    return this.prisma.alertDestination.findUnique({ where: { id } });
  }

  /** How many of `ids` are destinations of the organisation. */
  countDestinations(orgId: string, ids: string[]): Promise<number> {
    return this.prisma.alertDestination.count({ where: { orgId, id: { in: ids } } });
  }

  async removeDestination(id: string): Promise<void> {
    await this.prisma.alertDestination.delete({ where: { id } });
  }

  createRule(rule: NewRule): Promise<AlertRule> {
    return this.prisma.alertRule.create({ data: rule });
  }

  /** Oldest first. */
  listRules(orgId: string): Promise<AlertRule[]> {
    return this.prisma.alertRule.findMany({ where: { orgId }, orderBy: { createdAt: 'asc' } });
  }

  findRule(id: string): Promise<AlertRule | null> {
    return this.prisma.alertRule.findUnique({ where: { id } });
  }

  /** How many rules send to the destination. */
  countRulesUsing(destinationId: string): Promise<number> {
    return this.prisma.alertRule.count({ where: { destinationIds: { has: destinationId } } });
  }

  setRuleEnabled(id: string, enabled: boolean): Promise<AlertRule> {
    return this.prisma.alertRule.update({ where: { id }, data: { enabled } });
  }

  async removeRule(id: string): Promise<void> {
    await this.prisma.alertRule.delete({ where: { id } });
  }

  /** Newest first. */
  recentEvents(orgId: string, limit: number): Promise<AlertEventRecord[]> {
    return this.prisma.alertEventRecord.findMany({ where: { orgId }, orderBy: { createdAt: 'desc' }, take: limit });
  }
}
