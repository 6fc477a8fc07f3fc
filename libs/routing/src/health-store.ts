import type { Redis } from '@alltokens/platform';
import type { EndpointFidelity } from './fidelity/fidelity';
import { RedisKeys, histogramPercentile, LATENCY_BUCKETS, latencyBucket } from '@alltokens/contracts';

const BUCKET_MS = 60_000;
const BUCKET_TTL_S = 35 * 60;
const FAILURE_THRESHOLD = 5;
const COOLDOWN_MS = 30_000;

export interface AttemptSample {
  ok: boolean;
  timeout: boolean;
  latencyMs: number;
  ttftMs: number | null;
  completionTokens: number;
  /** Time spent generating after the first token, for throughput. */
  generationMs: number;
}

export interface EndpointHealth {
  requests: number;
  errors: number;
  uptime: number | null;
  latencyP50: number | null;
  latencyP95: number | null;
  ttftAvg: number | null;
  ttftP50: number | null;
  ttftP95: number | null;
  tokensPerSecond: number | null;
  /** Breaker open: recent consecutive failures; avoid until `openUntil` (then one probe may pass). */
  breakerOpen: boolean;
  openUntil: number;
  /** Measured fidelity over its own, longer window (FidelityStore), when the reader merged it in. */
  fidelity?: EndpointFidelity;
}

/** Updates one minute bucket and the endpoint's breaker atomically; returns 2 when this failure opened the breaker. */
const RECORD_SCRIPT = `
local bucket, breaker = KEYS[1], KEYS[2]
local ok, timeout, latency, ttft, tokens, genms, lb, now, threshold, cooldown, ttl, tb =
  tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]),
  ARGV[7], tonumber(ARGV[8]), tonumber(ARGV[9]), tonumber(ARGV[10]), tonumber(ARGV[11]), ARGV[12]
redis.call('HINCRBY', bucket, 'n', 1)
if ok == 1 then
  redis.call('HINCRBY', bucket, 'lat', latency)
  redis.call('HINCRBY', bucket, lb, 1)
  if ttft >= 0 then
    redis.call('HINCRBY', bucket, 'ttft', ttft); redis.call('HINCRBY', bucket, 'ttftn', 1); redis.call('HINCRBY', bucket, tb, 1)
  end
  if genms > 0 then redis.call('HINCRBY', bucket, 'tok', tokens); redis.call('HINCRBY', bucket, 'genms', genms) end
  redis.call('HSET', breaker, 'fails', 0, 'open_until', 0)
else
  redis.call('HINCRBY', bucket, 'err', 1)
  if timeout == 1 then redis.call('HINCRBY', bucket, 'timeouts', 1) end
  local was = tonumber(redis.call('HGET', breaker, 'open_until') or '0')
  local fails = redis.call('HINCRBY', breaker, 'fails', 1)
  if fails >= threshold then
    redis.call('HSET', breaker, 'open_until', now + cooldown)
    if was <= now then
      redis.call('EXPIRE', bucket, ttl)
      redis.call('EXPIRE', breaker, 3600)
      return 2
    end
  end
end
redis.call('EXPIRE', bucket, ttl)
redis.call('EXPIRE', breaker, 3600)
return 1`;

/** Adds many successes' counters to one minute bucket at once, and closes the breaker. */
const RECORD_SUCCESSES_SCRIPT = `
local bucket, breaker = KEYS[1], KEYS[2]
for i = 2, #ARGV, 2 do redis.call('HINCRBY', bucket, ARGV[i], tonumber(ARGV[i + 1])) end
redis.call('HSET', breaker, 'fails', 0, 'open_until', 0)
redis.call('EXPIRE', bucket, tonumber(ARGV[1]))
redis.call('EXPIRE', breaker, 3600)
return 1`;

type HealthRedis = Redis & {
  healthRecord(...args: Array<string | number>): Promise<unknown>;
  healthRecordSuccesses(...args: Array<string | number>): Promise<unknown>;
};

/**
 * Live per-endpoint stats and circuit breakers in Redis, shared by every router replica. With
 * `successFlushMs` > 0, successes are summed in memory and written once per endpoint per interval
 * (one script call instead of one per request); failures are always written at once, since they
 * drive the breaker.
 */
export class HealthStore {
  private readonly redis: HealthRedis;
  private readonly pending = new Map<string, { endpointId: string; minute: number; fields: Map<string, number> }>();
  private timer?: NodeJS.Timeout;

  constructor(
    redis: Redis,
    private readonly prefix: string,
    private readonly successFlushMs = 0,
  ) {
    this.redis = redis as HealthRedis;
    if (!this.redis.healthRecord) {
      redis.defineCommand('healthRecord', { numberOfKeys: 2, lua: RECORD_SCRIPT });
      redis.defineCommand('healthRecordSuccesses', { numberOfKeys: 2, lua: RECORD_SUCCESSES_SCRIPT });
    }
  }

  private bucketKey(endpointId: string, minute: number): string {
    return new RedisKeys(this.prefix).inSlot(`health:${endpointId}`, minute);
  }

  private breakerKey(endpointId: string): string {
    return new RedisKeys(this.prefix).inSlot(`health:${endpointId}`, 'breaker');
  }

  /** Returns the breaker's new state when this sample opened it (so a router can raise an alert), else null. */
  async record(endpointId: string, sample: AttemptSample, now = Date.now()): Promise<{ failures: number; openUntil: number } | null> {
    const minute = Math.floor(now / BUCKET_MS);
    const bucket = this.bucketKey(endpointId, minute);
    const lb = `l${latencyBucket(sample.latencyMs)}`;
    const tb = `t${latencyBucket(sample.ttftMs ?? 0)}`;
    if (sample.ok && this.successFlushMs > 0) {
      this.addSuccess(endpointId, minute, sample, lb, tb);
      return null;
    }
    const result = await this.redis.healthRecord(
      bucket, this.breakerKey(endpointId),
      sample.ok ? 1 : 0, sample.timeout ? 1 : 0, Math.round(sample.latencyMs), sample.ttftMs === null ? -1 : Math.round(sample.ttftMs),
      sample.completionTokens, Math.round(sample.generationMs), lb, now, FAILURE_THRESHOLD, COOLDOWN_MS, BUCKET_TTL_S, tb,
    );
    return Number(result) === 2 ? { failures: FAILURE_THRESHOLD, openUntil: now + COOLDOWN_MS } : null;
  }

  /** Writes the successes summed so far (also called on shutdown). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const entries = [...this.pending.values()];
    this.pending.clear();
    await Promise.all(
      entries.map(({ endpointId, minute, fields }) =>
        this.redis.healthRecordSuccesses(this.bucketKey(endpointId, minute), this.breakerKey(endpointId), BUCKET_TTL_S, ...[...fields].flat()),
      ),
    );
  }

  private addSuccess(endpointId: string, minute: number, sample: AttemptSample, lb: string, tb: string): void {
    const slot = `${endpointId}|${minute}`;
    let entry = this.pending.get(slot);
    if (!entry) this.pending.set(slot, (entry = { endpointId, minute, fields: new Map() }));
    const add = (field: string, value: number) => entry.fields.set(field, (entry.fields.get(field) ?? 0) + value);
    add('n', 1);
    add('lat', Math.round(sample.latencyMs));
    add(lb, 1);
    if (sample.ttftMs !== null) {
      add('ttft', Math.round(sample.ttftMs));
      add('ttftn', 1);
      add(tb, 1);
    }
    if (sample.generationMs > 0) {
      add('tok', sample.completionTokens);
      add('genms', Math.round(sample.generationMs));
    }
    this.timer ??= setTimeout(() => void this.flush().catch(() => undefined), this.successFlushMs);
  }

  /** Stats over the last `minutes` for each endpoint: one pipeline per endpoint (its slot), all sent at once. */
  async snapshot(endpointIds: string[], minutes = 5, now = Date.now()): Promise<Map<string, EndpointHealth>> {
    const current = Math.floor(now / BUCKET_MS);
    const read = async (id: string): Promise<[string, EndpointHealth]> => {
      const pipeline = this.redis.pipeline();
      for (let m = 0; m < minutes; m += 1) pipeline.hgetall(this.bucketKey(id, current - m));
      pipeline.hgetall(this.breakerKey(id));
      const results = (await pipeline.exec()) ?? [];
      const buckets = results.slice(0, minutes).map(([, value]) => (value ?? {}) as Record<string, string>);
      const breaker = (results[minutes]?.[1] ?? {}) as Record<string, string>;
      return [id, summarise(buckets, breaker, now)];
    };
    return new Map(await Promise.all(endpointIds.map(read)));
  }
}

function summarise(buckets: Array<Record<string, string>>, breaker: Record<string, string>, now: number): EndpointHealth {
  const sum = (field: string) => buckets.reduce((total, bucket) => total + Number(bucket[field] ?? 0), 0);
  const requests = sum('n');
  const errors = sum('err');
  const histogram = Array.from({ length: LATENCY_BUCKETS }, (_, i) => sum(`l${i}`));
  const ttftHistogram = Array.from({ length: LATENCY_BUCKETS }, (_, i) => sum(`t${i}`));
  const ttftCount = sum('ttftn');
  const genMs = sum('genms');
  const openUntil = Number(breaker.open_until ?? 0);
  return {
    requests,
    errors,
    uptime: requests ? (requests - errors) / requests : null,
    latencyP50: histogramPercentile(histogram, 0.5),
    latencyP95: histogramPercentile(histogram, 0.95),
    ttftAvg: ttftCount ? sum('ttft') / ttftCount : null,
    ttftP50: histogramPercentile(ttftHistogram, 0.5),
    ttftP95: histogramPercentile(ttftHistogram, 0.95),
    tokensPerSecond: genMs ? (sum('tok') / genMs) * 1000 : null,
    breakerOpen: openUntil > now,
    openUntil,
  };
}
