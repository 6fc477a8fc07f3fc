import { Injectable } from '@nestjs/common';
import type { Prisma } from '@alltokens/db';
import type { Principal } from '../auth/auth.service';
import { AuditRepository } from './audit.repository';

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
  constructor(private readonly repository: AuditRepository) {}

  async record(principal: Principal, entry: AuditEntry): Promise<void> {
    await this.recordAs(principal.kind === 'admin' ? 'admin' : `key:${principal.key.id}`, { ...entry, orgId: entry.orgId ?? (principal.kind === 'admin' ? null : principal.key.orgId) });
  }

  /** An entry whose actor is not a caller's key (e.g. `oidc:<issuer>` when a sign-in applies the identity provider's role). */
  async recordAs(actor: string, entry: AuditEntry): Promise<void> {
    await this.repository.insert({
      actor,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId ?? null,
      orgId: entry.orgId ?? null,
      before: json(entry.before),
      after: json(entry.after),
    });
  }

  /** The audit log a caller may read: a management key its organisation's, the admin key any (or all). */
  list(principal: Principal, requestedOrg: string | undefined, limit: number, beforeId?: bigint) {
    return this.repository.list(principal.kind === 'management' ? principal.key.orgId : requestedOrg, limit, beforeId);
  }
}
