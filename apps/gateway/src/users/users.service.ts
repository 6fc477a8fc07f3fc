import { Injectable } from '@nestjs/common';
import { ApiError } from '@alltokens/contracts';
import type { MemberRole } from '@alltokens/db';
import { ApiKeyRepository } from '../auth/api-key.repository';
import type { Principal } from '../auth/auth.service';
import { KeyCache } from '../auth/key-cache.service';
import { actingOrgId } from '../organizations/org-scope';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import { toMemberView } from './users.dto';
import { UsersRepository } from './users.repository';

/** Members of organisations and their roles: who may grant what, and an organisation always keeps an owner. */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly organizations: OrganizationsRepository,
    private readonly keys: ApiKeyRepository,
    private readonly cache: KeyCache,
  ) {}

  orgOf(principal: Principal, requested?: string): string {
    return actingOrgId(principal, requested);
  }

  async add(principal: Principal, orgId: string, input: { email: string; name?: string; role: MemberRole }) {
    this.assertMayGrant(principal, input.role);
    await this.organizations.ensure(orgId);
    const user = await this.users.upsertUser(input.email, input.name);
    if (await this.users.findMember(orgId, user.id)) throw new ApiError(409, 'already_member', `${input.email} is already a member of '${orgId}'`, 'email');
    return toMemberView(await this.users.addMember(orgId, user.id, input.role));
  }

  async list(orgId: string) {
    return (await this.users.listMembers(orgId)).map(toMemberView);
  }

  async get(orgId: string, userId: string) {
    const row = await this.users.findMember(orgId, userId);
    if (!row) throw new ApiError(404, 'user_not_found', `No member '${userId}' in organisation '${orgId}'`);
    return toMemberView(row);
  }

  async changeRole(principal: Principal, orgId: string, userId: string, role: MemberRole) {
    const before = await this.get(orgId, userId);
    this.assertMayGrant(principal, role);
    if (before.role === 'owner') this.assertMayGrant(principal, 'owner');
    if (before.role === 'owner' && role !== 'owner') await this.assertNotLastOwner(orgId);
    const after = toMemberView(await this.users.setRole(orgId, userId, role));
    await this.refreshKeys(userId, orgId);
    return { before, after };
  }

  /** Removing a member revokes every key they hold in the organisation. */
  async remove(principal: Principal, orgId: string, userId: string) {
    const before = await this.get(orgId, userId);
    if (before.role === 'owner') {
      this.assertMayGrant(principal, 'owner');
      await this.assertNotLastOwner(orgId);
    }
    await this.users.removeMember(orgId, userId);
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
    if ((await this.users.countOwners(orgId)) <= 1) throw new ApiError(409, 'last_owner', 'An organisation must keep at least one owner');
  }

  /** Roles travel with cached keys: drop them everywhere so every replica reloads. */
  private async refreshKeys(userId: string, orgId: string): Promise<void> {
    for (const hash of await this.keys.hashesOfUser(userId, orgId)) await this.cache.invalidate(hash);
  }
}
