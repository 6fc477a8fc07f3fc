import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Put, Query, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { Catalog } from '@alltokens/catalog';
import { ApiError } from '@alltokens/contracts';
import type { PrismaClient } from '@alltokens/db';
import { assertPublicUrl, credentialAad, secretBoxFromEnv, ssrfOptionsFromEnv, SsrfError, type SecretBox } from '@alltokens/platform';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/auth.service';
import { CurrentPrincipal, ManagementKeyGuard } from '../auth/guards';
import { GATEWAY_ENV, type GatewayEnv } from '../config/gateway-env';
import { PRISMA } from '../infra/tokens';
import { DEFAULT_ORG_ID, KeysService } from '../keys/keys.service';
import { CredentialStore } from './credential.store';

const putCredentialSchema = z.strictObject({
  api_key: z.string().min(1).max(8192),
  /** Optional own endpoint (e.g. an Azure resource or a private vLLM), checked against SSRF. */
  base_url: z.url({ protocol: /^https?$/ }).nullish(),
  org_id: z.string().min(1).max(100).optional(),
});

interface CredentialRow {
  providerId: string;
  baseUrl: string | null;
  lastFour: string;
  createdAt: Date;
  updatedAt: Date;
}

/** Never the key: only its last four characters. */
const toView = (row: CredentialRow) => ({
  provider_id: row.providerId,
  base_url: row.baseUrl,
  key_last_four: row.lastFour,
  created_at: row.createdAt.toISOString(),
  updated_at: row.updatedAt.toISOString(),
});
const SELECT = { providerId: true, baseUrl: true, lastFour: true, createdAt: true, updatedAt: true } as const;

/** Bring your own key: an organisation's own provider credentials, sealed at rest (AES-256-GCM). */
@Controller(['api/v1', 'v1'])
@UseGuards(ManagementKeyGuard)
export class CredentialsController {
  private readonly box: SecretBox | null;

  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
    private readonly catalog: Catalog,
    private readonly keys: KeysService,
    private readonly store: CredentialStore,
    private readonly audit: AuditService,
  ) {
    this.box = secretBoxFromEnv(env);
  }

  @Put('provider-credentials/:providerId')
  async put(@CurrentPrincipal() principal: Principal, @Param('providerId') providerId: string, @Body() body: unknown) {
    const input = putCredentialSchema.parse(body ?? {});
    const box = this.requireBox();
    if (!this.catalog.provider(providerId)) throw new ApiError(404, 'provider_not_found', `No provider '${providerId}' in this gateway's catalog`);
    const orgId = this.keys.orgScope(principal, input.org_id) ?? DEFAULT_ORG_ID;
    if (input.base_url) await this.assertReachable(input.base_url);
    const data = { sealed: box.seal(input.api_key, credentialAad(orgId, providerId)), baseUrl: input.base_url?.replace(/\/+$/, '') ?? null, lastFour: input.api_key.slice(-4) };
    await this.prisma.organization.upsert({ where: { id: orgId }, update: {}, create: { id: orgId, name: orgId } });
    const row = await this.prisma.providerCredential.upsert({
      where: { orgId_providerId: { orgId, providerId } },
      create: { orgId, providerId, ...data },
      update: data,
      select: SELECT,
    });
    this.store.forget(orgId);
    await this.audit.record(principal, { action: 'provider_credential.put', targetType: 'provider_credential', targetId: providerId, orgId, after: toView(row) });
    return { data: toView(row) };
  }

  @Get('provider-credentials')
  async list(@CurrentPrincipal() principal: Principal, @Query('org_id') requestedOrg?: string) {
    const orgId = this.keys.orgScope(principal, requestedOrg) ?? DEFAULT_ORG_ID;
    const rows = await this.prisma.providerCredential.findMany({ where: { orgId }, select: SELECT, orderBy: { providerId: 'asc' } });
    return { data: rows.map(toView) };
  }

  @Delete('provider-credentials/:providerId')
  @HttpCode(200)
  async remove(@CurrentPrincipal() principal: Principal, @Param('providerId') providerId: string, @Query('org_id') requestedOrg?: string) {
    const orgId = this.keys.orgScope(principal, requestedOrg) ?? DEFAULT_ORG_ID;
    const deleted = await this.prisma.providerCredential.deleteMany({ where: { orgId, providerId } });
    if (!deleted.count) throw new ApiError(404, 'credential_not_found', `No credential for '${providerId}' in '${orgId}'`);
    this.store.forget(orgId);
    await this.audit.record(principal, { action: 'provider_credential.delete', targetType: 'provider_credential', targetId: providerId, orgId });
    return { data: { provider_id: providerId, deleted: true } };
  }

  private requireBox(): SecretBox {
    if (!this.box) throw new ApiError(501, 'byok_disabled', 'Provider credentials need ALLTOKENS_ENCRYPTION_KEY on the gateway and routers');
    return this.box;
  }

  private async assertReachable(url: string): Promise<void> {
    try {
      await assertPublicUrl(url, ssrfOptionsFromEnv(this.env));
    } catch (error) {
      if (error instanceof SsrfError) throw new ApiError(400, 'unsafe_base_url', `base_url refused: ${error.message}`, 'base_url');
      throw new ApiError(400, 'unresolvable_base_url', `base_url cannot be resolved: ${(error as Error).message}`, 'base_url');
    }
  }
}
