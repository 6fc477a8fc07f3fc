import { Inject, Injectable } from '@nestjs/common';
import type { PrismaClient } from '@alltokens/db';
import { PRISMA } from '../infra/tokens';

@Injectable()
export class GenerationRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  findForOrg(id: string, orgId: string) {
    return this.prisma.generation.findFirst({ where: { id, orgId } });
  }
}
