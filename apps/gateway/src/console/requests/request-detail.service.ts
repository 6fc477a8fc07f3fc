import { Injectable } from '@nestjs/common';
import { ApiError } from '@alltokens/contracts';
import { RouteRecordStore } from '@alltokens/routing';
import { toGenerationView } from '../../generations/generations.dto';
import { RequestDetailRepository } from './request-detail.repository';

/** One request with its routing decision; the route proof only when it is the organisation's own. */
@Injectable()
export class RequestDetailService {
  constructor(
    private readonly repository: RequestDetailRepository,
    private readonly routes: RouteRecordStore,
  ) {}

  async detail(orgId: string, id: string) {
    const row = await this.repository.find(orgId, id);
    if (!row) throw new ApiError(404, 'generation_not_found', `No request '${id}' in this organisation`);
    const record = await this.routes.load(id);
    const route = record && record.orgId === orgId ? (({ orgId: _org, ...decision }) => decision)(record) : null;
    return { ...toGenerationView(row), route_mode: row.routeMode, decision_reason: row.decisionReason, cache_hit: row.cacheHit, key_id: row.keyId, route };
  }
}
