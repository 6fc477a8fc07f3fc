import { Inject, Injectable } from '@nestjs/common';
import type { Generation, PrismaClient } from '@alltokens/db';
import { PRISMA } from '../../infra/tokens';

/** The stored generation a log row's detail opens. */
@Injectable()
export class RequestDetailRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /** Null when there is no such request in that organisation. */
  find(orgId: string, id: string): Promise<Generation | null> {
    return this.prisma.generation.findFirst({ where: { id, orgId } });
  }
}
