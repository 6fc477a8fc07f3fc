import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Catalog, type CatalogEndpoint, type EndpointOverride } from '@alltokens/catalog';
import { ApiError } from '@alltokens/contracts';
import { CatalogOverrides } from '@alltokens/routing';
import { ChannelSubscriber } from '../infra/channel-subscriber.service';
import type { EndpointEdit } from './routing.dto';

/**
 * Endpoint edits made through the management API (price, status), for every service at once: kept in
 * Redis, applied to this gateway's catalog at boot and whenever any replica announces a change.
 */
@Injectable()
export class CatalogEdits implements OnModuleInit {
  constructor(
    private readonly catalog: Catalog,
    private readonly overrides: CatalogOverrides,
    private readonly subscriber: ChannelSubscriber,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.overrides.apply(this.catalog);
    await this.subscriber.subscribe(this.overrides.channel, () => void this.overrides.apply(this.catalog).catch(() => undefined));
  }

  /** Merges the edit into the endpoint's override (an empty one is dropped) and returns before and after. */
  async edit(endpointId: string, input: EndpointEdit): Promise<{ before: EndpointOverride; after: EndpointOverride | null }> {
    this.endpoint(endpointId);
    const before = (await this.overrides.load())[endpointId] ?? {};
    const next = {
      ...before,
      ...(input.status ? { status: input.status } : {}),
      ...(input.pricing !== undefined ? { pricing: input.pricing ?? undefined } : {}),
    };
    const after = next.status === undefined && next.pricing === undefined ? null : next;
    await this.overrides.set(endpointId, after);
    await this.overrides.apply(this.catalog);
    return { before, after };
  }

  /** The endpoint as the catalog has it now; 404 if there is none. */
  endpoint(endpointId: string): CatalogEndpoint {
    const endpoint = this.catalog.endpoint(endpointId);
    if (!endpoint) throw new ApiError(404, 'endpoint_not_found', `No endpoint '${endpointId}'`);
    return endpoint;
  }
}
