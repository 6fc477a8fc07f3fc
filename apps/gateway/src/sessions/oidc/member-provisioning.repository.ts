import { Inject, Injectable } from '@nestjs/common';
import type { MemberRole, PrismaClient } from '@alltokens/db';
import { PRISMA } from '../../infra/tokens';

/** The users and memberships an OIDC sign-in reads and provisions. */
@Injectable()
export class MemberProvisioningRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /** The user with that email and their role in the organisation (null role: not a member). */
  async find(email: string, orgId: string): Promise<{ id: string; name: string | null; role: MemberRole | null } | null> {
    const user = await this.prisma.user.findUnique({ where: { email }, include: { memberships: { where: { orgId } } } });
    return user ? { id: user.id, name: user.name, role: user.memberships[0]?.role ?? null } : null;
  }

  async ensureOrganization(orgId: string, name: string): Promise<void> {
    await this.prisma.organization.upsert({ where: { id: orgId }, update: {}, create: { id: orgId, name } });
  }

  /** The user's id, creating them if new; `name` is only set when they have none yet. */
  async ensureUser(email: string, name: string | undefined, hasName: boolean): Promise<string> {
    const user = await this.prisma.user.upsert({ where: { email }, update: name && !hasName ? { name } : {}, create: { email, name } });
    return user.id;
  }

  async setRole(userId: string, orgId: string, role: MemberRole): Promise<void> {
    await this.prisma.membership.upsert({ where: { userId_orgId: { userId, orgId } }, update: { role }, create: { userId, orgId, role } });
  }
}
