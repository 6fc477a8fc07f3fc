import { Body, Controller, Param, Patch, UseGuards } from '@nestjs/common';
import { ApiError } from '@alltokens/contracts';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/auth.service';
import { CurrentPrincipal, ManagementKeyGuard } from '../auth/guards';
import { CatalogEdits } from './catalog-edits.service';
import { endpointEditSchema } from './routing.dto';

/** Edits an endpoint of the catalog (price, status) for every service at once; the admin key only. */
@Controller(['api/v1', 'v1'])
export class EndpointAdminController {
  constructor(
    private readonly edits: CatalogEdits,
    private readonly audit: AuditService,
  ) {}

  @Patch('models/:author/:slug/endpoints/:provider')
  @UseGuards(ManagementKeyGuard)
  async edit(@CurrentPrincipal() principal: Principal, @Param('author') author: string, @Param('slug') slug: string, @Param('provider') provider: string, @Body() body: unknown) {
    if (principal.kind !== 'admin') throw new ApiError(403, 'admin_key_required', 'The catalog is deployment-wide: use the admin key');
    const id = `${provider}:${author}/${slug}`;
    this.edits.endpoint(id);
    const { before, after } = await this.edits.edit(id, endpointEditSchema.parse(body ?? {}));
    const endpoint = this.edits.endpoint(id);
    await this.audit.record(principal, { action: 'endpoint.update', targetType: 'endpoint', targetId: id, before, after });
    return { data: { id, status: endpoint.status, pricing: endpoint.pricing } };
  }
}
