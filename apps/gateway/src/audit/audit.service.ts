import { Inject, Injectable } from '@nestjs/common';
import type { Prisma, PrismaClient } from '@alltokens/db';
import type { Principal } from '../auth/auth.service';
import { PRISMA } from '../infra/tokens';

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId?: string | null;
  orgId?: string | null;
  /** Views as returned by the API: never secrets. */
  before?: unknown;
  after?: unknown;
}

const json = (value: unknown) => (value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue));

/** Who did what to what, and when, with before/after views; every admin action writes one row. */
@Injectable()
export class AuditService {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  static actorOf(principal: Principal): string {
    return principal.kind === 'admin' ? 'admin' : `key:${principal.key.id}`;
  }

  async record(principal: Principal, entry: AuditEntry): Promise<void> {
    await this.prisma.auditLog.create({
      data: {
        actor: AuditService.actorOf(principal),
        action: entry.action,
        targetType: entry.targetType,
        targetId: entry.targetId ?? null,
        orgId: entry.orgId ?? (principal.kind === 'admin' ? null : principal.key.orgId),
        before: json(entry.before),
        after: json(entry.after),
      },
    });
  }

  list(orgId: string | undefined, limit: number, beforeId?: bigint) {
    return this.prisma.auditLog.findMany({
      where: { ...(orgId ? { orgId } : {}), ...(beforeId ? { id: { lt: beforeId } } : {}) },
      orderBy: { id: 'desc' },
      take: limit,
    });
  }
}
