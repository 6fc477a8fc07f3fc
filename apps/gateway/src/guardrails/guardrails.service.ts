import { Injectable } from '@nestjs/common';
import { ApiError } from '@alltokens/contracts';
import type { Guardrail } from '@alltokens/db';
import type { Principal } from '../auth/auth.service';
import { BudgetsService } from '../budgets/budgets.service';
import type { CreateGuardrailInput, UpdateGuardrailInput } from './guardrails.dto';
import { GuardrailsRepository } from './guardrails.repository';
import { KeyGuardrails } from './key-guardrails.service';

/** Guardrails on an organisation, team or key; every change reaches every gateway's cache at once. */
@Injectable()
export class GuardrailsService {
  constructor(
    private readonly guardrails: GuardrailsRepository,
    private readonly scopes: BudgetsService,
    private readonly keyGuardrails: KeyGuardrails,
  ) {}

  async create(principal: Principal, input: CreateGuardrailInput): Promise<Guardrail> {
    const orgId = await this.scopes.orgOf(principal, input.scope, input.scope_id);
    const row = await this.guardrails.create(orgId, input);
    await this.keyGuardrails.changed();
    return row;
  }

  list(principal: Principal): Promise<Guardrail[]> {
    return this.guardrails.list(principal.kind === 'management' ? principal.key.orgId : undefined);
  }

  /** A guardrail of the caller's organisation (the admin key: any); others look absent. */
  async get(principal: Principal, id: string): Promise<Guardrail> {
    const row = await this.guardrails.find(id);
    if (!row || (principal.kind === 'management' && row.orgId !== principal.key.orgId)) throw new ApiError(404, 'guardrail_not_found', `No guardrail '${id}'`);
    return row;
  }

  async update(principal: Principal, id: string, changes: UpdateGuardrailInput): Promise<{ before: Guardrail; after: Guardrail }> {
    const before = await this.get(principal, id);
    const after = await this.guardrails.update(id, changes);
    await this.keyGuardrails.changed();
    return { before, after };
  }

  /** Removes a guardrail of the caller's organisation and returns it. */
  async remove(principal: Principal, id: string): Promise<Guardrail> {
    const row = await this.get(principal, id);
    await this.guardrails.remove(id);
    await this.keyGuardrails.changed();
    return row;
  }
}
