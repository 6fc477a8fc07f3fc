import type { Redis } from '@alltokens/platform';
import { RedisKeys } from '@alltokens/contracts';
import { describeFidelity, emptySample, FIDELITY_FIELDS, type EndpointFidelity, type FidelitySample } from './fidelity';

/** Buckets of five minutes, a window of an hour by default: fidelity moves slowly and needs samples. */
export const FIDELITY_BUCKET_MS = 5 * 60_000;
export const FIDELITY_WINDOW_MINUTES = 60;
const BUCKET_TTL_S = 2 * 60 * 60;

/** Adds the counters to one bucket and refreshes its expiry: one call per endpoint per flush. */
const ADD_SCRIPT = `
for i = 2, #ARGV, 2 do redis.call('HINCRBY', KEYS[1], ARGV[i], tonumber(ARGV[i + 1])) end
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[1]))
return 1`;

type FidelityRedis = Redis & { fidelityAdd(...args: Array<string | number>): Promise<unknown> };

/** Short field names in Redis, one per counter. */
const FIELD: Record<keyof FidelitySample, string> = {
  toolCalls: 'tc',
  brokenToolCalls: 'tcb',
  jsonAnswers: 'js',
  jsonViolations: 'jsb',
  answers: 'n',
  empty: 'e',
  truncated: 'tr',
  streams: 's',
  midStreamFailures: 'msf',
};

/**
 * Per-endpoint fidelity counters in Redis beside the health stats, shared by every router replica.
 * Samples are summed in memory and written once per endpoint per `flushMs` (like the health store's
 * successes), so the hot path costs a few additions.
 */
export class FidelityStore {
  private readonly redis: FidelityRedis;
  private readonly pending = new Map<string, { endpointId: string; bucket: number; counts: FidelitySample }>();
  private timer?: NodeJS.Timeout;

  constructor(
    redis: Redis,
    private readonly prefix: string,
    private readonly flushMs = 200,
  ) {
    this.redis = redis as FidelityRedis;
    if (!this.redis.fidelityAdd) redis.defineCommand('fidelityAdd', { numberOfKeys: 1, lua: ADD_SCRIPT });
  }

  private bucketKey(endpointId: string, bucket: number): string {
    return new RedisKeys(this.prefix).inSlot(`fidelity:${endpointId}`, bucket);
  }

  record(endpointId: string, sample: Partial<FidelitySample>, now = Date.now()): void {
    const bucket = Math.floor(now / FIDELITY_BUCKET_MS);
    const slot = `${endpointId}|${bucket}`;
    let entry = this.pending.get(slot);
    if (!entry) this.pending.set(slot, (entry = { endpointId, bucket, counts: emptySample() }));
    for (const field of FIDELITY_FIELDS) entry.counts[field] += sample[field] ?? 0;
    this.timer ??= setTimeout(() => void this.flush().catch(() => undefined), this.flushMs);
  }

  /** Writes the counts summed so far (also called on shutdown). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const entries = [...this.pending.values()];
    this.pending.clear();
    await Promise.all(
      entries.map(({ endpointId, bucket, counts }) => {
        const fields = FIDELITY_FIELDS.filter((field) => counts[field] > 0).flatMap((field) => [FIELD[field], counts[field]]);
        return fields.length ? this.redis.fidelityAdd(this.bucketKey(endpointId, bucket), BUCKET_TTL_S, ...fields) : undefined;
      }),
    );
  }

  /** Each endpoint's counts over the last `minutes`, read in one pipeline. */
  async snapshot(endpointIds: string[], minutes = FIDELITY_WINDOW_MINUTES, now = Date.now()): Promise<Map<string, EndpointFidelity>> {
    const current = Math.floor(now / FIDELITY_BUCKET_MS);
    const buckets = Math.max(1, Math.ceil((minutes * 60_000) / FIDELITY_BUCKET_MS));
    const read = (id: string) => {
      const pipeline = this.redis.pipeline();
      for (let b = 0; b < buckets; b += 1) pipeline.hgetall(this.bucketKey(id, current - b));
      return pipeline.exec();
    };
    const perEndpoint = await Promise.all(endpointIds.map(read));
    const out = new Map<string, EndpointFidelity>();
    endpointIds.forEach((id, index) => {
      const counts = emptySample();
      for (const [, value] of perEndpoint[index] ?? []) {
        const hash = (value ?? {}) as Record<string, string>;
        for (const field of FIDELITY_FIELDS) counts[field] += Number(hash[FIELD[field]] ?? 0);
      }
      out.set(id, describeFidelity(counts));
    });
    return out;
  }
}
