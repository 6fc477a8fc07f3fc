import fc from 'fast-check';
import { chatCompletionRequestSchema, embeddingsRequestSchema } from '@alltokens/contracts';
import { CHAOS_ADMIN_KEY, startChaosStack, type ChaosStack } from './support/chaos-stack';
import { FULL, report } from './support/figures';
import { pool } from './support/load';
import { requestBodies } from './support/schema-arbitrary';

const TOTAL = FULL ? 10_000 : 500;
const SEED = Number(process.env.CHAOS_FUZZ_SEED ?? 1515);
const HANG_MS = 15_000;
jest.setTimeout(FULL ? 1_800_000 : 240_000);

/**
 * Every public inference endpoint with the schema its bodies are drawn from. The gateway's own schemas
 * for Messages, Responses and legacy completions live in the app (tests may only import libs), so those
 * endpoints get chat-shaped bodies: mostly wrong for them, which is what a fuzzer is for.
 */
const ENDPOINTS = [
  { path: '/api/v1/chat/completions', schema: chatCompletionRequestSchema },
  { path: '/v1/chat/completions', schema: chatCompletionRequestSchema },
  { path: '/api/v1/completions', schema: chatCompletionRequestSchema },
  { path: '/api/v1/embeddings', schema: embeddingsRequestSchema },
  { path: '/api/v1/responses', schema: chatCompletionRequestSchema },
  { path: '/api/v1/messages', schema: chatCompletionRequestSchema },
  { path: '/api/v1/messages/count_tokens', schema: chatCompletionRequestSchema },
  { path: '/api/v1/keys', schema: embeddingsRequestSchema, admin: true },
];

const isOpenAiError = (body: any) => typeof body?.error?.message === 'string' && typeof body.error.type === 'string' && 'code' in body.error;
const isAnthropicError = (body: any) => body?.type === 'error' && typeof body.error?.type === 'string' && typeof body.error.message === 'string';

describe(`fuzz: ${TOTAL} bodies from the zod schemas to every public endpoint (seed ${SEED})`, () => {
  let chaos: ChaosStack;
  beforeAll(async () => {
    chaos = await startChaosStack('fuzz');
  });
  afterAll(async () => chaos?.stop());

  it('answers every body without a 5xx, a hang, or an error outside the API\'s error shape', async () => {
    process.stdout.write(`[chaos] fuzz seed ${SEED} (CHAOS_FUZZ_SEED=${SEED} reproduces it)\n`);
    const { key } = await chaos.createKey({ name: 'fuzz' });
    const perEndpoint = Math.ceil(TOTAL / ENDPOINTS.length);
    const cases = ENDPOINTS.flatMap((endpoint, i) => fc.sample(requestBodies(endpoint.schema, 'openai/gpt-4o-mini'), { numRuns: perEndpoint, seed: SEED + i }).map((body) => ({ ...endpoint, body })));
    const failures: string[] = [];
    const statuses: Record<string, number> = {};
    const started = Date.now();
    await pool(cases.length, 8, async (i) => {
      const { path, body, admin } = cases[i]!;
      const auth = admin ? CHAOS_ADMIN_KEY : key;
      let status = 0;
      let text = '';
      try {
        const res = await fetch(`${chaos.gatewayUrl}${path}`, { method: 'POST', headers: { authorization: `Bearer ${auth}`, 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(HANG_MS) });
        status = res.status;
        text = await res.text();
      } catch (error) {
        failures.push(`${path} hung or failed (${String(error)}): ${body.slice(0, 300)}`);
        return;
      }
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status >= 500) failures.push(`${path} ${status}: ${body.slice(0, 300)} -> ${text.slice(0, 300)}`);
      if (status >= 400) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = undefined;
        }
        const shaped = path.includes('/messages') ? isAnthropicError(parsed) : isOpenAiError(parsed);
        if (!shaped) failures.push(`${path} ${status} not in the error shape: ${text.slice(0, 300)} for ${body.slice(0, 200)}`);
      }
    });
    report('fuzz', { seed: SEED, bodies: cases.length, endpoints: ENDPOINTS.length, statuses: Object.entries(statuses).map(([s, n]) => `${s}:${n}`).join(','), failures: failures.length, s: ((Date.now() - started) / 1000).toFixed(1) });
    expect(failures.slice(0, 20)).toEqual([]);
  });
});
