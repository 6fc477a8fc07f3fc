import { Inject, Injectable } from '@nestjs/common';
import { ApiError } from '@alltokens/contracts';
import type { MemberRole, PrismaClient } from '@alltokens/db';
import { ApiKeyRepository } from '../auth/api-key.repository';
import type { Principal } from '../auth/auth.service';
import { KeyCache } from '../auth/key-cache.service';
import { PRISMA } from '../infra/tokens';
import { DEFAULT_ORG_ID, KeysService } from '../keys/keys.service';
import { toMemberView, type MemberRow } from './users.dto';

const MEMBER_SELECT = { role: true, createdAt: true, orgId: true, user: { select: { id: true, email: true, name: true, createdAt: true } } } as const;

/** Users and their memberships (with a role) in organisations. */
@Injectable()
export class UsersService {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    private readonly keys: KeysService,
    private readonly repository: ApiKeyRepository,
    private readonly cache: KeyCache,
  ) {}

  orgOf(principal: Principal, requested?: string): string {
    return this.keys.orgScope(principal, requested) ?? DEFAULT_ORG_ID;
  }

  async add(principal: Principal, orgId: string, input: { email: string; name?: string; role: MemberRole }) {
    this.assertMayGrant(principal, input.role);
    await this.repository.ensureOrganization(orgId, orgId === DEFAULT_ORG_ID ? 'Default organisation' : orgId);
    const user = await this.prisma.user.upsert({
      where: { email: input.email.toLowerCase() },
      update: input.name ? { name: input.name } : {},
      create: { email: input.email.toLowerCase(), name: input.name ?? null },
    });
    const existing = await this.prisma.membership.findUnique({ where: { userId_orgId: { userId: user.id, orgId } } });
    if (existing) throw new ApiError(409, 'already_member', `${input.email} is already a member of '${orgId}'`, 'email');
    const row = await this.prisma.membership.create({ data: { userId: user.id, orgId, role: input.role }, select: MEMBER_SELECT });
    return toMemberView(row as MemberRow);
  }

  async list(orgId: string) {
    const rows = await this.prisma.membership.findMany({ where: { orgId }, select: MEMBER_SELECT, orderBy: { createdAt: 'asc' } });
    return rows.map((row) => toMemberView(row as MemberRow));
  }

  async get(orgId: string, userId: string) {
    const row = await this.prisma.membership.findUnique({ where: { userId_orgId: { userId, orgId } }, select: MEMBER_SELECT });
    if (!row) throw new ApiError(404, 'user_not_found', `No member '${userId}' in organisation '${orgId}'`);
    return toMemberView(row as MemberRow);
  }

  async changeRole(principal: Principal, orgId: string, userId: string, role: MemberRole) {
    const before = await this.get(orgId, userId);
    this.assertMayGrant(principal, role);
    if (before.role === 'owner') this.assertMayGrant(principal, 'owner');
    if (before.role === 'owner' && role !== 'owner') await this.assertNotLastOwner(orgId);
    const row = await this.prisma.membership.update({ where: { userId_orgId: { userId, orgId } }, data: { role }, select: MEMBER_SELECT });
    await this.refreshKeys(userId, orgId);
    return { before, after: toMemberView(row as MemberRow) };
  }

  /** Removing a member revokes every key they hold in the organisation. */
  async remove(principal: Principal, orgId: string, userId: string) {
    const before = await this.get(orgId, userId);
    if (before.role === 'owner') {
      this.assertMayGrant(principal, 'owner');
      await this.assertNotLastOwner(orgId);
    }
    await this.prisma.$transaction([
      this.prisma.apiKey.updateMany({ where: { userId, orgId, revokedAt: null }, data: { revokedAt: new Date() } }),
      this.prisma.membership.delete({ where: { userId_orgId: { userId, orgId } } }),
    ]);
    await this.refreshKeys(userId, orgId);
    return before;
  }

  /** `member`s may create keys only for themselves. */
  assertMayActFor(principal: Principal, userId: string): void {
    if (principal.kind === 'management' && principal.key.role === 'member' && principal.key.userId !== userId) {
      throw new ApiError(403, 'insufficient_role', 'Members can create keys only for themselves');
    }
  }

  /** Only owners (and the admin key, and unowned management keys) hand out or take away ownership. */
  private assertMayGrant(principal: Principal, role: MemberRole): void {
    if (role !== 'owner' || principal.kind === 'admin') return;
    if (principal.kind === 'management' && principal.key.role !== null && principal.key.role !== 'owner') {
      throw new ApiError(403, 'insufficient_role', 'Only an owner can grant or remove the owner role');
    }
  }

  private async assertNotLastOwner(orgId: string): Promise<void> {
    if ((await this.prisma.membership.count({ where: { orgId, role: 'owner' } })) <= 1) {
      throw new ApiError(409, 'last_owner', 'An organisation must keep at least one owner');
    }
  }

  /** Roles travel with cached keys: drop them everywhere so every replica reloads. */
  private async refreshKeys(userId: string, orgId: string): Promise<void> {
    for (const hash of await this.repository.hashesOfUser(userId, orgId)) await this.cache.invalidate(hash);
  }
}
