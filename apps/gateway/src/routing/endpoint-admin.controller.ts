import { Body, Controller, Param, Patch, UseGuards, type OnModuleInit } from '@nestjs/common';
import { z } from 'zod';
import { Catalog, endpointStatusSchema, priceConfigSchema } from '@alltokens/catalog';
import { ApiError } from '@alltokens/contracts';
import { CatalogOverrides } from '@alltokens/routing';
import type { Principal } from '../auth/auth.service';
import { CurrentPrincipal, ManagementKeyGuard } from '../auth/guards';
import { ChannelSubscriber } from '../infra/channel-subscriber.service';
import { AuditService } from '../audit/audit.service';

const editSchema = z.object({
  status: endpointStatusSchema.optional(),
  /** USD per million tokens; `null` returns to the configured price. */
  pricing: priceConfigSchema.nullable().optional(),
});

/** Edits an endpoint of the catalog (price, status) for every service at once; the admin key only. */
@Controller(['api/v1', 'v1'])
export class EndpointAdminController implements OnModuleInit {
  constructor(
    private readonly catalog: Catalog,
    private readonly overrides: CatalogOverrides,
    private readonly subscriber: ChannelSubscriber,
    private readonly audit: AuditService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.overrides.apply(this.catalog);
    await this.subscriber.subscribe(this.overrides.channel, () => void this.overrides.apply(this.catalog).catch(() => undefined));
  }

  @Patch('models/:author/:slug/endpoints/:provider')
  @UseGuards(ManagementKeyGuard)
  async edit(@CurrentPrincipal() principal: Principal, @Param('author') author: string, @Param('slug') slug: string, @Param('provider') provider: string, @Body() body: unknown) {
    if (principal.kind !== 'admin') throw new ApiError(403, 'admin_key_required', 'The catalog is deployment-wide: use the admin key');
    const id = `${provider}:${author}/${slug}`;
    if (!this.catalog.endpoint(id)) throw new ApiError(404, 'endpoint_not_found', `No endpoint '${id}'`);
    const input = editSchema.parse(body ?? {});
    const current = (await this.overrides.load())[id] ?? {};
    const next = {
      ...current,
      ...(input.status ? { status: input.status } : {}),
      ...(input.pricing !== undefined ? { pricing: input.pricing ?? undefined } : {}),
    };
    const empty = next.status === undefined && next.pricing === undefined;
    await this.overrides.set(id, empty ? null : next);
    await this.overrides.apply(this.catalog);
    const endpoint = this.catalog.endpoint(id)!;
    await this.audit.record(principal, { action: 'endpoint.update', targetType: 'endpoint', targetId: id, before: current, after: empty ? null : next });
    return { data: { id, status: endpoint.status, pricing: endpoint.pricing } };
  }
}
