import { Inject, Injectable } from '@nestjs/common';
import type { MemberRole, PrismaClient } from '@alltokens/db';
import { PRISMA } from '../infra/tokens';
import type { MemberRow } from './users.dto';

const MEMBER_SELECT = { role: true, createdAt: true, orgId: true, user: { select: { id: true, email: true, name: true, createdAt: true } } } as const;

/** Users and their memberships (with a role) in organisations. */
@Injectable()
export class UsersRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /** The user with this email (lower-cased), created if new; a given name replaces the stored one. */
  async upsertUser(email: string, name?: string): Promise<{ id: string }> {
    const address = email.toLowerCase();
    return this.prisma.user.upsert({ where: { email: address }, update: name ? { name } : {}, create: { email: address, name: name ?? null }, select: { id: true } });
  }

  findMember(orgId: string, userId: string): Promise<MemberRow | null> {
    return this.prisma.membership.findUnique({ where: { userId_orgId: { userId, orgId } }, select: MEMBER_SELECT });
  }

  addMember(orgId: string, userId: string, role: MemberRole): Promise<MemberRow> {
    return this.prisma.membership.create({ data: { userId, orgId, role }, select: MEMBER_SELECT });
  }

  listMembers(orgId: string): Promise<MemberRow[]> {
    return this.prisma.membership.findMany({ where: { orgId }, select: MEMBER_SELECT, orderBy: { createdAt: 'asc' } });
  }

  setRole(orgId: string, userId: string, role: MemberRole): Promise<MemberRow> {
    return this.prisma.membership.update({ where: { userId_orgId: { userId, orgId } }, data: { role }, select: MEMBER_SELECT });
  }

  /** Removes the membership and revokes every key the user holds in the organisation, atomically. */
  async removeMember(orgId: string, userId: string): Promise<void> {
    await this.prisma.$transaction([
      this.prisma.apiKey.updateMany({ where: { userId, orgId, revokedAt: null }, data: { revokedAt: new Date() } }),
      this.prisma.membership.delete({ where: { userId_orgId: { userId, orgId } } }),
    ]);
  }

  countOwners(orgId: string): Promise<number> {
    return this.prisma.membership.count({ where: { orgId, role: 'owner' } });
  }
}
