import { Inject, Injectable } from '@nestjs/common';
import type { AuditLog, Prisma, PrismaClient } from '@alltokens/db';
import { PRISMA } from '../infra/tokens';

export interface AuditRow {
  actor: string;
  action: string;
  targetType: string;
  targetId: string | null;
  orgId: string | null;
  before?: Prisma.InputJsonValue;
  after?: Prisma.InputJsonValue;
}

@Injectable()
export class AuditRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  async insert(row: AuditRow): Promise<void> {
    await this.prisma.auditLog.create({ data: row });
  }

  /** Newest first, `limit` rows older than `beforeId`; every organisation's when `orgId` is undefined. */
  list(orgId: string | undefined, limit: number, beforeId?: bigint): Promise<AuditLog[]> {
    return this.prisma.auditLog.findMany({
      where: { ...(orgId ? { orgId } : {}), ...(beforeId ? { id: { lt: beforeId } } : {}) },
      orderBy: { id: 'desc' },
      take: limit,
    });
  }
}
