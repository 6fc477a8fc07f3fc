import { Inject, Injectable } from '@nestjs/common';
import type { Guardrail, PrismaClient } from '@alltokens/db';
import type { StoredKey } from '../auth/api-key.repository';
import { PRISMA } from '../infra/tokens';
import type { CreateGuardrailInput, UpdateGuardrailInput } from './guardrails.dto';

@Injectable()
export class GuardrailsRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  create(orgId: string, input: CreateGuardrailInput): Promise<Guardrail> {
    return this.prisma.guardrail.create({
      data: { orgId, name: input.name, scope: input.scope, scopeId: input.scope_id, prompt: input.prompt, response: input.response, enabled: input.enabled },
    });
  }

  /** Oldest first; every organisation's when `orgId` is undefined. */
  list(orgId: string | undefined): Promise<Guardrail[]> {
    return this.prisma.guardrail.findMany({ where: orgId ? { orgId } : {}, orderBy: { createdAt: 'asc' } });
  }

  find(id: string): Promise<Guardrail | null> {
    return this.prisma.guardrail.findUnique({ where: { id } });
  }

  update(id: string, changes: UpdateGuardrailInput): Promise<Guardrail> {
    return this.prisma.guardrail.update({ where: { id }, data: changes });
  }

  async remove(id: string): Promise<void> {
    await this.prisma.guardrail.delete({ where: { id } });
  }

  /** The enabled guardrails on a key (or the key it was rotated from), on its team and on its organisation, oldest first. */
  bindingKey(key: Pick<StoredKey, 'id' | 'orgId' | 'teamId' | 'lineageId'>): Promise<Guardrail[]> {
    return this.prisma.guardrail.findMany({
      where: {
        enabled: true,
        OR: [
          { scope: 'organization', scopeId: key.orgId },
          { scope: 'key', scopeId: key.id },
          ...(key.lineageId ? [{ scope: 'key' as const, scopeId: key.lineageId }] : []),
          ...(key.teamId ? [{ scope: 'team' as const, scopeId: key.teamId }] : []),
        ],
      },
      orderBy: { createdAt: 'asc' },
    });
  }
}
