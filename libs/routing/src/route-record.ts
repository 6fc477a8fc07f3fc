import type { Redis } from 'ioredis';
import type { Attempt } from '@alltokens/contracts';
import type { CandidateReport, DecisionReason, RouteMode } from './route-plan';

/** The full routing decision of one request, kept for `GET /api/v1/route/explain`. */
export interface RouteRecord {
  generationId: string;
  orgId: string;
  requestedModel: string;
  mode: RouteMode;
  decisionReason: DecisionReason;
  objective: string | null;
  chosen: { model: string; provider: string } | null;
  candidates: CandidateReport[];
  attempts: Array<Attempt & { costUsd: number }>;
  createdAt: string;
}

const TTL_SECONDS = 7 * 24 * 3600;

export class RouteRecordStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(generationId: string): string {
    return `${this.prefix}:route:${generationId}`;
  }

  async save(record: RouteRecord): Promise<void> {
    await this.redis.set(this.key(record.generationId), JSON.stringify(record), 'EX', TTL_SECONDS);
  }

  async load(generationId: string): Promise<RouteRecord | null> {
    const raw = await this.redis.get(this.key(generationId));
    return raw ? (JSON.parse(raw) as RouteRecord) : null;
  }
}
