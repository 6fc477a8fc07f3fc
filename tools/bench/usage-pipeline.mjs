// Usage pipeline: synthetic usage events enqueued while the queue is paused, in batch jobs of 200 as
// routers send them, then timed from resume until analytics has written every one of them to Postgres.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { nowMs } from './stats.mjs';

const require = createRequire(import.meta.url);

function event(caller, index) {
  const now = Date.now();
  return {
    v: 1,
    requestId: `bench-${randomUUID()}`,
    trace: {},
    caller,
    kind: 'chat',
    requestedModel: 'openai/gpt-4o-mini',
    model: 'openai/gpt-4o-mini',
    providerId: 'mock',
    endpointId: 'mock/openai/gpt-4o-mini',
    streamed: index % 2 === 0,
    status: 'success',
    finishReason: 'stop',
    usage: { promptTokens: 20, completionTokens: 40, cachedTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
    usageSource: 'upstream',
    startedAt: now - 30,
    finishedAt: now,
    latencyMs: 30,
    ttftMs: 5,
    attempts: [{ providerId: 'mock', endpointId: 'mock/openai/gpt-4o-mini', httpStatus: 200, outcome: 'success', latencyMs: 28 }],
    error: null,
  };
}

async function countRows(pg) {
  const { rows } = await pg.query("SELECT count(*)::int AS n FROM generations WHERE id LIKE 'bench-%'");
  return rows[0].n;
}

export async function measureUsagePipeline(env, caller, { events }) {
  const { Queue } = require('bullmq');
  const { Client } = require('pg');
  const queue = new Queue('usage', { connection: { url: env.REDIS_URL, maxRetriesPerRequest: null }, prefix: env.ALLTOKENS_PREFIX });
  const pg = new Client({ connectionString: env.DATABASE_URL });
  await pg.connect();
  try {
    const start = await countRows(pg);
    await queue.pause();
    const perJob = 200;
    for (let i = 0; i < events; i += perJob) {
      const batch = Array.from({ length: Math.min(perJob, events - i) }, (_, j) => event(caller, i + j));
      await queue.add('usage-batch', { v: 1, events: batch }, { removeOnComplete: true, removeOnFail: 1000 });
    }
    const t0 = nowMs();
    await queue.resume();
    let written = 0;
    const deadline = Date.now() + 300_000;
    while (written < events && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      written = (await countRows(pg)) - start;
    }
    const seconds = (nowMs() - t0) / 1000;
    const out = { events, written, seconds, eventsPerSecond: written / seconds };
    console.log('usage pipeline:', JSON.stringify(out));
    return out;
  } finally {
    await queue.close();
    await pg.end();
  }
}
