import { Injectable } from '@nestjs/common';
import { ApiError } from '@alltokens/contracts';
import type { Generation } from '@alltokens/db';
import type { Principal } from '../auth/auth.service';
import { GenerationsRepository } from './generations.repository';

/** The stored record of a request, for a key of the organisation that made it. */
@Injectable()
export class GenerationsService {
  constructor(private readonly generations: GenerationsRepository) {}

  async find(principal: Principal, id: string): Promise<Generation> {
    if (principal.kind === 'admin') throw new ApiError(403, 'key_required', 'Ask with the API key that made the request');
    const row = await this.generations.findForOrg(id, principal.key.orgId);
    if (!row) throw new ApiError(404, 'generation_not_found', `Generation '${id}' not found (records appear shortly after the request ends)`, 'id');
    return row;
  }
}
