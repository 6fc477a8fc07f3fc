import { Inject, Injectable } from '@nestjs/common';
import { Prisma, type ApiKeyKind, type MemberRole, type PrismaClient } from '@alltokens/db';
import { PRISMA } from '../infra/tokens';

export interface StoredKey {
  id: string;
  orgId: string;
  kind: ApiKeyKind;
  name: string;
  prefix: string;
  lastFour: string;
  limitUsd: number | null;
  /** The limit applies per UTC day, week or month; null = over the key's lifetime. */
  limitReset: 'daily' | 'weekly' | 'monthly' | null;
  usageUsd: number;
  disabled: boolean;
  expiresAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  rateLimitRpm: number | null;
  rateLimitTpm: number | null;
  maxConcurrency: number | null;
  teamId: string | null;
  cacheEnabled: boolean;
  /** A stream broken mid-answer may be continued on another endpoint. */
  streamContinuation: boolean;
  allowedModels: string[];
  /** Set on a rotated key: it keeps working until then. */
  graceUntil: Date | null;
  team: { rateLimitRpm: number | null; rateLimitTpm: number | null; maxConcurrency: number | null } | null;
  /** The user this key belongs to, if any, and that user's role in the key's organisation. */
  userId: string | null;
  role: MemberRole | null;
  metadata: Record<string, string> | null;
  /** Default tags of every request made with the key. */
  tags: string[];
  /** The first key of its rotation lineage (null: this key is the first). */
  lineageId: string | null;
}

const KEY_FIELDS = {
  id: true,
  orgId: true,
  kind: true,
  name: true,
  prefix: true,
  lastFour: true,
  limitUsd: true,
  limitReset: true,
  usageUsd: true,
  disabled: true,
  expiresAt: true,
  revokedAt: true,
  createdAt: true,
  updatedAt: true,
  rateLimitRpm: true,
  rateLimitTpm: true,
  maxConcurrency: true,
  teamId: true,
  cacheEnabled: true,
  streamContinuation: true,
  allowedModels: true,
  graceUntil: true,
  userId: true,
  metadata: true,
  tags: true,
  lineageId: true,
  team: { select: { rateLimitRpm: true, rateLimitTpm: true, maxConcurrency: true } },
  user: { select: { memberships: { select: { orgId: true, role: true } } } },
} as const;

type Row = { limitUsd: { toNumber(): number } | null; usageUsd: { toNumber(): number } } & Omit<StoredKey, 'limitUsd' | 'usageUsd' | 'role' | 'metadata'> & {
    user: { memberships: Array<{ orgId: string; role: MemberRole }> } | null;
    metadata: unknown;
  };

function toStoredKey({ user, ...row }: Row): StoredKey {
  const role = user?.memberships.find((membership) => membership.orgId === row.orgId)?.role ?? null;
  const metadata = row.metadata && typeof row.metadata === 'object' ? (row.metadata as Record<string, string>) : null;
  return { ...row, role, metadata, limitUsd: row.limitUsd?.toNumber() ?? null, usageUsd: row.usageUsd.toNumber() };
}

@Injectable()
export class ApiKeyRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  async findByHash(hash: string): Promise<StoredKey | null> {
    const row = await this.prisma.apiKey.findUnique({ where: { hash }, select: KEY_FIELDS });
    return row ? toStoredKey(row) : null;
  }

  async findById(id: string): Promise<(StoredKey & { hash: string }) | null> {
    const row = await this.prisma.apiKey.findUnique({ where: { id }, select: { ...KEY_FIELDS, hash: true } });
    return row ? { ...toStoredKey(row), hash: row.hash } : null;
  }

  async list(orgId: string | undefined, offset: number, limit: number): Promise<Array<StoredKey & { hash: string }>> {
    const rows = await this.prisma.apiKey.findMany({
      where: { revokedAt: null, ...(orgId ? { orgId } : {}) },
      select: { ...KEY_FIELDS, hash: true },
      orderBy: { createdAt: 'desc' },
      skip: offset,
      take: limit,
    });
    return rows.map((row) => ({ ...toStoredKey(row), hash: row.hash }));
  }

  async create(data: {
    orgId: string;
    kind: ApiKeyKind;
    name: string;
    hash: string;
    prefix: string;
    lastFour: string;
    limitUsd: number | null;
    limitReset?: 'daily' | 'weekly' | 'monthly' | null;
    tags?: string[];
    lineageId?: string | null;
    expiresAt: Date | null;
    teamId?: string | null;
    userId?: string | null;
    metadata?: Record<string, string>;
    rateLimitRpm?: number | null;
    rateLimitTpm?: number | null;
    maxConcurrency?: number | null;
    cacheEnabled?: boolean;
    streamContinuation?: boolean;
    allowedModels?: string[];
  }): Promise<StoredKey & { hash: string }> {
    const row = await this.prisma.apiKey.create({ data, select: { ...KEY_FIELDS, hash: true } });
    return { ...toStoredKey(row), hash: row.hash };
  }

  async revoke(id: string): Promise<string | null> {
    const result = await this.prisma.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
    if (result.count === 0) return null;
    const row = await this.prisma.apiKey.findUnique({ where: { id }, select: { hash: true } });
    return row?.hash ?? null;
  }

  async update(
    id: string,
    data: Partial<{
      name: string;
      disabled: boolean;
      limitUsd: number | null;
      limitReset: 'daily' | 'weekly' | 'monthly' | null;
      tags: string[];
      allowedModels: string[];
      streamContinuation: boolean;
      expiresAt: Date | null;
      graceUntil: Date;
      replacedById: string;
      metadata: Record<string, string> | typeof Prisma.DbNull;
    }>,
  ): Promise<StoredKey & { hash: string }> {
    const row = await this.prisma.apiKey.update({ where: { id }, data, select: { ...KEY_FIELDS, hash: true } });
    return { ...toStoredKey(row), hash: row.hash };
  }

  async memberOf(userId: string, orgId: string): Promise<boolean> {
    return (await this.prisma.membership.count({ where: { userId, orgId } })) > 0;
  }

  async hashesOfUser(userId: string, orgId: string): Promise<string[]> {
    const rows = await this.prisma.apiKey.findMany({ where: { userId, orgId }, select: { hash: true } });
    return rows.map((row) => row.hash);
  }

  async teamInOrg(teamId: string, orgId: string): Promise<boolean> {
    return (await this.prisma.team.count({ where: { id: teamId, orgId } })) > 0;
  }
}
