import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query, UseGuards } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/auth.service';
import { CurrentPrincipal, ManagementKeyGuard } from '../auth/guards';
import { actingOrgId } from '../organizations/org-scope';
import { putCredentialSchema, toCredentialView } from './credentials.dto';
import { CredentialsService } from './credentials.service';

/** Bring your own key: an organisation's own provider credentials, sealed at rest (AES-256-GCM). */
@Controller(['api/v1', 'v1'])
@UseGuards(ManagementKeyGuard)
export class CredentialsController {
  constructor(
    private readonly credentials: CredentialsService,
    private readonly audit: AuditService,
  ) {}

  @Put('provider-credentials/:providerId')
  async put(@CurrentPrincipal() principal: Principal, @Param('providerId') providerId: string, @Body() body: unknown) {
    const input = putCredentialSchema.parse(body ?? {});
    const orgId = actingOrgId(principal, input.org_id);
    const view = toCredentialView(await this.credentials.put(orgId, providerId, input));
    await this.audit.record(principal, { action: 'provider_credential.put', targetType: 'provider_credential', targetId: providerId, orgId, after: view });
    return { data: view };
  }

  @Get('provider-credentials')
  async list(@CurrentPrincipal() principal: Principal, @Query('org_id') requestedOrg?: string) {
    return { data: (await this.credentials.list(actingOrgId(principal, requestedOrg))).map(toCredentialView) };
  }

  @Delete('provider-credentials/:providerId')
  @HttpCode(200)
  async remove(@CurrentPrincipal() principal: Principal, @Param('providerId') providerId: string, @Query('org_id') requestedOrg?: string) {
    const orgId = actingOrgId(principal, requestedOrg);
    await this.credentials.remove(orgId, providerId);
    await this.audit.record(principal, { action: 'provider_credential.delete', targetType: 'provider_credential', targetId: providerId, orgId });
    return { data: { provider_id: providerId, deleted: true } };
  }
}
