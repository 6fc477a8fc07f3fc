import { Injectable } from '@nestjs/common';
import { ApiError } from '@alltokens/contracts';
import type { StoredKey } from '../auth/api-key.repository';
import { AuthService, type Principal } from '../auth/auth.service';
import { SessionsRepository } from './sessions.repository';
import type { SessionSubject } from './session.store';

/** The audit actor and key id of a signed-in member: `user:<id>`, never mistaken for a key. */
export const memberActorId = (userId: string) => `user:${userId}`;

/**
 * A member signed in through OIDC acts like a management key bound to them: same organisation scope,
 * same role checks (read from the membership on every request, so a role change or removal applies at once).
 */
function memberKey(userId: string, orgId: string, email: string, role: StoredKey['role']): StoredKey {
  const now = new Date();
  return {
    id: memberActorId(userId),
    orgId,
    kind: 'management',
    name: email,
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

/** Turns a stored session into the principal every guard and service already understands. */
@Injectable()
export class SessionPrincipals {
  constructor(
    private readonly auth: AuthService,
    private readonly repository: SessionsRepository,
  ) {}

  async resolve(subject: SessionSubject): Promise<Principal> {
    if (subject.kind === 'admin') return { kind: 'admin' };
    if (subject.kind === 'key') return this.auth.authenticateHash(subject.hash);
    const role = await this.repository.roleOf(subject.userId, subject.orgId);
    if (!role) throw new ApiError(401, 'session_revoked', 'You are no longer a member of this organisation');
    return { kind: 'management', key: memberKey(subject.userId, subject.orgId, subject.email, role) };
  }
}
