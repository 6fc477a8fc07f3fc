import { Inject, Injectable } from '@nestjs/common';
import type { MemberRole, PrismaClient } from '@alltokens/db';
import { PRISMA } from '../infra/tokens';

/** The memberships a console session acts through. */
@Injectable()
export class SessionsRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /** The member's role in the organisation, or null if they are not (or no longer) a member. */
  async roleOf(userId: string, orgId: string): Promise<MemberRole | null> {
    const membership = await this.prisma.membership.findUnique({ where: { userId_orgId: { userId, orgId } }, select: { role: true } });
    return membership?.role ?? null;
  }

  /** Every organisation the user is a member of, by name. */
  async organizationsOf(userId: string): Promise<Array<{ id: string; name: string; role: MemberRole }>> {
    const rows = await this.prisma.membership.findMany({ where: { userId }, select: { role: true, org: { select: { id: true, name: true } } }, orderBy: { org: { name: 'asc' } } });
    return rows.map((row) => ({ id: row.org.id, name: row.org.name, role: row.role }));
  }

  async organizationName(orgId: string): Promise<string | null> {
    return (await this.prisma.organization.findUnique({ where: { id: orgId }, select: { name: true } }))?.name ?? null;
  }

  /** Every organisation, by name (what the admin key may switch between). */
  allOrganizations(): Promise<Array<{ id: string; name: string }>> {
    return this.prisma.organization.findMany({ select: { id: true, name: true }, orderBy: { name: 'asc' } });
  }
}
