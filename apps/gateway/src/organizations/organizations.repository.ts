import { Inject, Injectable } from '@nestjs/common';
import type { PrismaClient } from '@alltokens/db';
import { PRISMA } from '../infra/tokens';
import { DEFAULT_ORG_ID } from './org-scope';

/** Organisations come into being the first time something is created in them. */
@Injectable()
export class OrganizationsRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  async ensure(id: string): Promise<void> {
    const name = id === DEFAULT_ORG_ID ? 'Default organisation' : id;
    await this.prisma.organization.upsert({ where: { id }, update: {}, create: { id, name } });
  }
}
