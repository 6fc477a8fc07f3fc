import { Inject, Injectable } from '@nestjs/common';
import type { PrismaClient, Team } from '@alltokens/db';
import { PRISMA } from '../infra/tokens';

export interface NewTeam {
  orgId: string;
  name: string;
  rateLimitRpm: number | null;
  rateLimitTpm: number | null;
  maxConcurrency: number | null;
}

@Injectable()
export class TeamsRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  create(team: NewTeam): Promise<Team> {
    return this.prisma.team.create({ data: team });
  }

  /** Oldest first; every organisation's when `orgId` is undefined. */
  list(orgId: string | undefined): Promise<Team[]> {
    return this.prisma.team.findMany({ where: orgId ? { orgId } : {}, orderBy: { createdAt: 'asc' } });
  }
}
