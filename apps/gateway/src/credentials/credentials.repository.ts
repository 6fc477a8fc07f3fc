import { Inject, Injectable } from '@nestjs/common';
import type { PrismaClient } from '@alltokens/db';
import { PRISMA } from '../infra/tokens';
import type { CredentialRow } from './credentials.dto';

const VIEW_FIELDS = { providerId: true, baseUrl: true, lastFour: true, createdAt: true, updatedAt: true } as const;

export interface SealedCredential {
  providerId: string;
  sealed: string;
  baseUrl: string | null;
}

/** Organisations' own provider keys, stored sealed (the repository never sees them in the clear). */
@Injectable()
export class CredentialsRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  put(orgId: string, providerId: string, data: { sealed: string; baseUrl: string | null; lastFour: string }): Promise<CredentialRow> {
    return this.prisma.providerCredential.upsert({
      where: { orgId_providerId: { orgId, providerId } },
      create: { orgId, providerId, ...data },
      update: data,
      select: VIEW_FIELDS,
    });
  }

  list(orgId: string): Promise<CredentialRow[]> {
    return this.prisma.providerCredential.findMany({ where: { orgId }, select: VIEW_FIELDS, orderBy: { providerId: 'asc' } });
  }

  /** Whether there was one to delete. */
  async remove(orgId: string, providerId: string): Promise<boolean> {
    return (await this.prisma.providerCredential.deleteMany({ where: { orgId, providerId } })).count > 0;
  }

  sealedFor(orgId: string): Promise<SealedCredential[]> {
    return this.prisma.providerCredential.findMany({ where: { orgId }, select: { providerId: true, sealed: true, baseUrl: true } });
  }
}
