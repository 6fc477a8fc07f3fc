import { Inject, Injectable } from '@nestjs/common';
import type { Generation, PrismaClient } from '@alltokens/db';
import { PRISMA } from '../infra/tokens';

@Injectable()
export class GenerationsRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  findForOrg(id: string, orgId: string): Promise<Generation | null> {
    return this.prisma.generation.findFirst({ where: { id, orgId } });
  }
}
