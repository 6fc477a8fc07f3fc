import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { ApiError } from '@alltokens/contracts';
import type { PrismaClient } from '@alltokens/db';
import { ApiKeyRepository } from '../../auth/api-key.repository';
import { KeyCache } from '../../auth/key-cache.service';
import { GATEWAY_ENV, type GatewayEnv } from '../../config/gateway-env';
import { LOGGER, PRISMA } from '../../infra/tokens';
import type { OidcIdentity } from './oidc.service';
import { parseRoleMap, roleFromClaims, type MemberRole } from './role-mapping';

/**
 * Maps a signed-in OIDC identity to a member of `OIDC_ORG_ID` by email. A role the claim mapping
 * yields is applied on every sign-in (the identity provider is the source of truth), except that an
 * owner is never demoted by it; without a mapped role the existing membership counts, else
 * `OIDC_DEFAULT_ROLE`, else the user is refused.
 */
@Injectable()
export class MemberProvisioning {
  private readonly roleMap: Map<string, MemberRole>;

  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly keys: ApiKeyRepository,
    private readonly keyCache: KeyCache,
  ) {
    this.roleMap = parseRoleMap(env.OIDC_ROLE_MAP);
  }

  async signIn(identity: OidcIdentity): Promise<{ userId: string; orgId: string; email: string; role: MemberRole }> {
    const orgId = this.env.OIDC_ORG_ID;
    const mapped = roleFromClaims(identity.claims, this.env.OIDC_ROLE_CLAIM, this.roleMap);
    const user = await this.prisma.user.findUnique({ where: { email: identity.email }, include: { memberships: { where: { orgId } } } });
    const current = user?.memberships[0]?.role ?? null;
    const role = current === 'owner' ? 'owner' : (mapped ?? current ?? this.env.OIDC_DEFAULT_ROLE ?? null);
    if (!role) {
      throw new ApiError(403, 'not_a_member', `${identity.email} is not a member of this organisation: ask an admin to add you`);
    }
    await this.prisma.organization.upsert({ where: { id: orgId }, update: {}, create: { id: orgId, name: orgId === 'default' ? 'Default organisation' : orgId } });
    const member = await this.prisma.user.upsert({
      where: { email: identity.email },
      update: identity.name && !user?.name ? { name: identity.name } : {},
      create: { email: identity.email, name: identity.name },
    });
    if (role !== current) {
      await this.prisma.membership.upsert({ where: { userId_orgId: { userId: member.id, orgId } }, update: { role }, create: { userId: member.id, orgId, role } });
      // The member's own management keys act with the new role on every replica at once.
      for (const hash of await this.keys.hashesOfUser(member.id, orgId)) await this.keyCache.invalidate(hash);
      this.logger.info({ email: identity.email, orgId, from: current, to: role }, 'OIDC sign-in set the member role');
    }
    return { userId: member.id, orgId, email: identity.email, role };
  }
}
