// Usage pipeline: synthetic usage events enqueued while the queue is paused, in batch jobs of 200 as
// routers send them, then timed from resume until analytics has written every one of them to Postgres.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { groupCpuMs } from './proc-cpu.mjs';
import { nowMs } from './stats.mjs';

const require = createRequire(import.meta.url);
// The built contracts and producer (`npm run bench` builds first): the same job names, versions and options as the routers.
const { JobName, QueueName, USAGE_BATCH_VERSION, USAGE_EVENT_VERSION } = require('../../dist/libs/contracts/src');
const { JobProducer } = require('../../dist/libs/jobs/src');

// What the routers send for the bench catalog's endpoint (see peers.mjs): its id and the cost they priced.
const ENDPOINT_ID = 'mock:openai/gpt-4o-mini';
const COST_USD = (20 * 0.15 + 40 * 0.6) / 1_000_000;

/** `caller` is the bench key's: it has no budget, so its gateway reserves none (see `budgetReserved`). */
function event(caller, index) {
  const now = Date.now();
  return {
    v: USAGE_EVENT_VERSION,
    requestId: `bench-${randomUUID()}`,
    trace: {},
    caller: { ...caller, budgetReserved: false },
    kind: JobName.Chat,
    requestedModel: 'openai/gpt-4o-mini',
    model: 'openai/gpt-4o-mini',
    providerId: 'mock',
    endpointId: ENDPOINT_ID,
    streamed: index % 2 === 0,
    status: 'success',
    finishReason: 'stop',
    usage: { promptTokens: 20, completionTokens: 40, cachedTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
    usageSource: 'upstream',
    startedAt: now - 30,
    finishedAt: now,
    latencyMs: 30,
    ttftMs: 5,
    attempts: [{ providerId: 'mock', endpointId: ENDPOINT_ID, httpStatus: 200, outcome: 'success', latencyMs: 28 }],
    error: null,
    costUsd: COST_USD,
  };
}

async function countRows(pg) {
  const { rows } = await pg.query("SELECT count(*)::int AS n FROM generations WHERE id LIKE 'bench-%'");
  return rows[0].n;
}

/** Enqueues `events` while the queue is paused; resolves with the seconds from resume until all are in Postgres. */
async function drain(usage, pg, caller, events) {
  const start = await countRows(pg);
  await usage.queue.pause();
  const perJob = 200;
  for (let i = 0; i < events; i += perJob) {
    const batch = Array.from({ length: Math.min(perJob, events - i) }, (_, j) => event(caller, i + j));
    await usage.enqueue(JobName.UsageBatch, { v: USAGE_BATCH_VERSION, events: batch });
  }
  const t0 = nowMs();
  await usage.queue.resume();
  // Analytics acknowledges a job only after its events are committed (and BullMQ then deletes it), so an
  // empty queue means everything is in Postgres. Watching the queue costs Redis a few commands; counting
  // rows every 50 ms made Postgres scan the table under the inserts it was timing.
  const deadline = Date.now() + 300_000;
  while (!(await drained(usage)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  const seconds = (nowMs() - t0) / 1000;
  return { written: (await countRows(pg)) - start, seconds };
}

async function drained(usage) {
  const counts = await usage.queue.getJobCounts('waiting', 'paused', 'active', 'delayed', 'prioritized');
  return Object.values(counts).every((n) => n === 0);
}

/**
 * `warmup` events first, untimed (a cold analytics process compiles its hot paths on the first batches).
 * `cpuGroups` (name → processes): their CPU ms per 1,000 events, steadier than events/s on a shared host.
 */
export async function measureUsagePipeline(env, caller, { events, warmup = 0, cpuGroups = {} }) {
  const { Client } = require('pg');
  const usage = new JobProducer(QueueName.Usage, { connection: { url: env.REDIS_URL, maxRetriesPerRequest: null }, prefix: env.ALLTOKENS_PREFIX });
  const pg = new Client({ connectionString: env.DATABASE_URL });
  await pg.connect();
  try {
    if (warmup) await drain(usage, pg, caller, warmup);
    const cpuBefore = Object.fromEntries(Object.entries(cpuGroups).map(([name, group]) => [name, groupCpuMs(group)]));
    const { written, seconds } = await drain(usage, pg, caller, events);
    const cpuMsPer1000 = Object.fromEntries(Object.entries(cpuGroups).map(([name, group]) => [name, +(((groupCpuMs(group) - cpuBefore[name]) * 1000) / written).toFixed(1)]));
    const out = { events, warmup, written, seconds, eventsPerSecond: written / seconds, cpuMsPer1000 };
    console.log('usage pipeline:', JSON.stringify(out));
    return out;
  } finally {
    await usage.close();
    await pg.end();
  }
}
