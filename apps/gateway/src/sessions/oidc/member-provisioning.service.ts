import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { ApiError } from '@alltokens/contracts';
import { ApiKeyRepository } from '../../auth/api-key.repository';
import { KeyCache } from '../../auth/key-cache.service';
import { AuditService } from '../../audit/audit.service';
import { GATEWAY_ENV, type GatewayEnv } from '../../config/gateway-env';
import { LOGGER } from '../../infra/tokens';
import { MemberProvisioningRepository } from './member-provisioning.repository';
import type { OidcIdentity } from './oidc.service';
import { parseRoleMap, roleFromClaims, type MemberRole } from './role-mapping';

/**
 * Maps a signed-in OIDC identity to a member of `OIDC_ORG_ID` by email. A role the claim mapping
 * yields is applied on every sign-in (the identity provider is the source of truth), except that an
 * owner is never demoted by it; without a mapped role the existing membership counts, else
 * `OIDC_DEFAULT_ROLE`, else the user is refused. Every role the sign-in sets is audited.
 */
@Injectable()
export class MemberProvisioning {
  private readonly roleMap: Map<string, MemberRole>;

  constructor(
    private readonly members: MemberProvisioningRepository,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly keys: ApiKeyRepository,
    private readonly keyCache: KeyCache,
    private readonly audit: AuditService,
  ) {
    this.roleMap = parseRoleMap(env.OIDC_ROLE_MAP);
  }

  async signIn(identity: OidcIdentity): Promise<{ userId: string; orgId: string; email: string; role: MemberRole }> {
    const orgId = this.env.OIDC_ORG_ID;
    const mapped = roleFromClaims(identity.claims, this.env.OIDC_ROLE_CLAIM, this.roleMap);
    const user = await this.members.find(identity.email, orgId);
    const current = user?.role ?? null;
    const role = current === 'owner' ? 'owner' : (mapped ?? current ?? this.env.OIDC_DEFAULT_ROLE ?? null);
    if (!role) {
      throw new ApiError(403, 'not_a_member', `${identity.email} is not a member of this organisation: ask an admin to add you`);
    }
    await this.members.ensureOrganization(orgId, orgId === 'default' ? 'Default organisation' : orgId);
    const userId = await this.members.ensureUser(identity.email, identity.name ?? undefined, Boolean(user?.name));
    if (role !== current) {
      await this.members.setRole(userId, orgId, role);
      // The member's own management keys act with the new role on every replica at once.
      for (const hash of await this.keys.hashesOfUser(userId, orgId)) await this.keyCache.invalidate(hash);
      await this.audit.recordAs(`oidc:${this.env.OIDC_ISSUER ?? ''}`, {
        action: current ? 'user.role' : 'user.add',
        targetType: 'user',
        targetId: userId,
        orgId,
        before: current ? { email: identity.email, role: current } : undefined,
        after: { email: identity.email, role, claim: this.env.OIDC_ROLE_CLAIM },
      });
      this.logger.info({ email: identity.email, orgId, from: current, to: role }, 'OIDC sign-in set the member role');
    }
    return { userId, orgId, email: identity.email, role };
  }
}
