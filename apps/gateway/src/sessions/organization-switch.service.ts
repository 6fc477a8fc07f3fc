import { Injectable } from '@nestjs/common';
import { ApiError } from '@alltokens/contracts';
import { AuthService } from '../auth/auth.service';
import { SessionsRepository } from './sessions.repository';
import { SessionStore, type ConsoleSession } from './session.store';

export interface OrganizationChoice {
  id: string;
  name: string;
  /** The role the session has there. */
  role: string;
}

/**
 * Which organisations a console session may act in, and switching between them: the admin key any
 * (as owner); a member, signed in through OIDC or with a management key of theirs, those they belong to;
 * a key bound to no member only its own.
 */
@Injectable()
export class OrganizationSwitch {
  constructor(
    private readonly auth: AuthService,
    private readonly repository: SessionsRepository,
    private readonly sessions: SessionStore,
  ) {}

  async choices(session: ConsoleSession): Promise<OrganizationChoice[]> {
    const { subject } = session;
    if (subject.kind === 'admin') return (await this.repository.allOrganizations()).map((org) => ({ ...org, role: 'owner' }));
    if (subject.kind === 'member') return this.repository.organizationsOf(subject.userId);
    const principal = await this.auth.authenticateHash(subject.hash);
    if (principal.kind !== 'management') return [];
    const { userId, orgId, role } = principal.key;
    if (userId) return this.repository.organizationsOf(userId);
    return [{ id: orgId, name: (await this.repository.organizationName(orgId)) ?? orgId, role: role ?? 'admin' }];
  }

  /**
   * The session acts in `orgId` from its next request on, on every replica; null returns it to its
   * subject's own organisation (for the admin key: to acting deployment-wide).
   */
  async switchTo(session: ConsoleSession & { id: string }, orgId: string | null): Promise<ConsoleSession> {
    if (orgId !== null && !(await this.choices(session)).some((org) => org.id === orgId)) {
      throw new ApiError(404, 'organization_not_found', `No organisation '${orgId}' this session may act in`, 'org_id');
    }
    const switched = await this.sessions.switchOrganization(session.id, orgId ?? undefined);
    if (!switched) throw new ApiError(401, 'not_signed_in', 'Not signed in to the console');
    return switched;
  }
}
