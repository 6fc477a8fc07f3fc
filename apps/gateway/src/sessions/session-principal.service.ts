import { Injectable } from '@nestjs/common';
import { ApiError } from '@alltokens/contracts';
import type { StoredKey } from '../auth/api-key.repository';
import { AuthService, type Principal } from '../auth/auth.service';
import { SessionsRepository } from './sessions.repository';
import type { ConsoleSession } from './session.store';

/** The audit actor and key id of a signed-in member: `user:<id>`, never mistaken for a key. */
export const memberActorId = (userId: string) => `user:${userId}`;

/**
 * A member signed in through OIDC (or a session switched into another organisation) acts like a
 * management key bound to them: same organisation scope, same role checks (read from the membership on
 * every request, so a role change or removal applies at once).
 */
function actingKey(id: string, orgId: string, name: string, role: StoredKey['role'], userId: string | null): StoredKey {
  const now = new Date();
  return {
    id,
    orgId,
    kind: 'management',
    name,
    prefix: '',
    lastFour: '',
    limitUsd: null,
    limitReset: null,
    usageUsd: 0,
    disabled: false,
    expiresAt: null,
    revokedAt: null,
    createdAt: now,
    updatedAt: now,
    rateLimitRpm: null,
    rateLimitTpm: null,
    maxConcurrency: null,
    teamId: null,
    cacheEnabled: false,
    streamContinuation: true,
    allowedModels: [],
    graceUntil: null,
    team: null,
    userId,
    role,
    metadata: null,
    tags: [],
    lineageId: null,
  };
}

/** The audit actor and key id of the admin key acting inside one organisation (as its owner). */
export const ADMIN_IN_ORG_ID = 'admin';

/** Turns a stored session into the principal every guard and service already understands. */
@Injectable()
export class SessionPrincipals {
  constructor(
    private readonly auth: AuthService,
    private readonly repository: SessionsRepository,
  ) {}

  /**
   * The session's principal in the organisation it acts in: its subject's own, or the one it switched to
   * (the admin key acts there as owner; a key's member or an OIDC member with their role there).
   */
  async resolve(session: Pick<ConsoleSession, 'subject' | 'orgId'>): Promise<Principal> {
    const { subject, orgId } = session;
    if (subject.kind === 'admin') {
      return orgId ? { kind: 'management', key: actingKey(ADMIN_IN_ORG_ID, orgId, 'Admin key', 'owner', null) } : { kind: 'admin' };
    }
    if (subject.kind === 'key') {
      const principal = await this.auth.authenticateHash(subject.hash);
      if (!orgId || principal.kind !== 'management' || orgId === principal.key.orgId) return principal;
      return this.member(principal.key.userId, orgId, principal.key.name);
    }
    return this.member(subject.userId, orgId ?? subject.orgId, subject.email);
  }

  private async member(userId: string | null, orgId: string, name: string): Promise<Principal> {
    const role = userId ? await this.repository.roleOf(userId, orgId) : null;
    if (!userId || !role) throw new ApiError(401, 'session_revoked', 'You are no longer a member of this organisation');
    return { kind: 'management', key: actingKey(memberActorId(userId), orgId, name, role, userId) };
  }
}
