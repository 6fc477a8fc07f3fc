import type { Redis } from '@alltokens/platform';
import { RedisKeys, type Attempt } from '@alltokens/contracts';
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

/**
 * Route records in Redis (7 days). With `flushMs` > 0 records are written in one pipeline per
 * interval instead of one command each: `/route/explain` sees a record that much later.
 */
export class RouteRecordStore {
  private pending: RouteRecord[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly flushMs = 0,
  ) {}

  private key(generationId: string): string {
    return new RedisKeys(this.prefix).key('route', generationId);
  }

  async save(record: RouteRecord): Promise<void> {
    if (this.flushMs <= 0) {
      await this.redis.set(this.key(record.generationId), JSON.stringify(record), 'EX', TTL_SECONDS);
      return;
    }
    this.pending.push(record);
    this.timer ??= setTimeout(() => void this.flush().catch(() => undefined), this.flushMs);
  }

  /** Writes the records waiting for the next interval (also called on shutdown). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const records = this.pending;
    this.pending = [];
    if (!records.length) return;
    // Each record has a slot of its own on a Cluster: sent together (auto-pipelined per node), not as one pipeline.
    await Promise.all(records.map((record) => this.redis.set(this.key(record.generationId), JSON.stringify(record), 'EX', TTL_SECONDS)));
  }

  async load(generationId: string): Promise<RouteRecord | null> {
    const raw = await this.redis.get(this.key(generationId));
    return raw ? (JSON.parse(raw) as RouteRecord) : null;
  }
}
