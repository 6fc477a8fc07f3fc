import { Injectable } from '@nestjs/common';
import { ApiError } from '@alltokens/contracts';
import { RouteRecordStore } from '@alltokens/routing';
import type { Principal } from '../auth/auth.service';

/** The routing decision of one request, for its organisation (or the admin key). */
@Injectable()
export class RouteExplainService {
  constructor(private readonly records: RouteRecordStore) {}

  async explain(principal: Principal, generationId: string) {
    const record = await this.records.load(generationId);
    const visible = record && (principal.kind === 'admin' || record.orgId === principal.key.orgId);
    if (!visible) throw new ApiError(404, 'generation_not_found', `No route record for '${generationId}'`, 'generation_id');
    const { orgId: _org, ...decision } = record;
    return decision;
  }
}
