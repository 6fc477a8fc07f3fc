// The routing benchmark's fidelity case: real traffic through the whole stack, where the cheaper of two
// endpoints breaks 20 % of its tool calls (simulator `SIM_BROKEN_TOOL_RATE`). Counts the broken tool calls
// clients receive with fidelity routing on and off (ROUTER_FIDELITY_ROUTING), default load balancing.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { ADMIN_KEY, createDatabase, createKey, freePort, MOCK_KEY, MODEL } from './peers.mjs';
import { mapLimit } from './stats.mjs';

const require = createRequire(import.meta.url);
const ROOT = resolve(import.meta.dirname, '../..');
export const BROKEN_RATE = 0.2;
const RATE = 20;

const catalog = (sloppy, careful) => `providers:
  - id: sloppy
    base_url: http://127.0.0.1:${sloppy}/v1
    api_key: ${MOCK_KEY}
    models:
      - { model: ${MODEL}, pricing: { prompt: 0.15, completion: 0.6 } }
  - id: careful
    base_url: http://127.0.0.1:${careful}/v1
    api_key: ${MOCK_KEY}
    models:
      - { model: ${MODEL}, pricing: { prompt: 0.3, completion: 1.2 } }
`;

const schema = { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' } }, required: ['city', 'days'], additionalProperties: false };
const request = JSON.stringify({
  model: MODEL,
  messages: [{ role: 'user', content: 'What will the weather be in Paris?' }],
  tools: [{ type: 'function', function: { name: 'forecast', parameters: schema } }],
});

/** What a client would check: JSON arguments with a string city, an integer days and nothing else. */
function broken(args) {
  try {
    const value = JSON.parse(args);
    return !(typeof value.city === 'string' && Number.isInteger(value.days) && Object.keys(value).length === 2);
  } catch {
    return true;
  }
}

/** One stack, `count` tool requests at RATE a second: the share of broken tool calls received, and where they went. */
async function run(fidelity, count) {
  const { startStack } = require(join(ROOT, 'dist/tools/stack/stack.js'));
  const { clearRedisPrefix } = require(join(ROOT, 'dist/tools/stack/clear-prefix.js'));
  const dir = mkdtempSync(join(tmpdir(), 'alltokens-fidelity-'));
  const ports = { gateway: await freePort(), router: await freePort(), analytics: await freePort(), simulators: [await freePort(), await freePort()] };
  const database = await createDatabase();
  const prefix = `bench-fidelity-${process.pid}-${Date.now().toString(36)}`;
  const config = join(dir, 'alltokens.yaml');
  writeFileSync(config, catalog(ports.simulators[0], ports.simulators[1]));
  const env = { DATABASE_URL: database.url, REDIS_URL: 'redis://127.0.0.1:6379', ALLTOKENS_PREFIX: prefix, ALLTOKENS_CONFIG: config, ALLTOKENS_ADMIN_KEY: ADMIN_KEY, SIM_API_KEY: MOCK_KEY, LOG_LEVEL: 'warn', ROUTER_FIDELITY_ROUTING: fidelity ? 'on' : 'off' };
  mkdirSync(join(dir, 'logs'), { recursive: true });
  const stack = await startStack({ root: ROOT, logs: { dir: join(dir, 'logs') }, env, ports });
  try {
    await fetch(`http://127.0.0.1:${ports.simulators[0]}/_sim/config`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ brokenToolRate: BROKEN_RATE }) });
    const { key } = await createKey(stack.gatewayUrl);
    const started = Date.now();
    const answers = await mapLimit(count, 4, async (i) => {
      // A steady RATE requests a second, as traffic arrives: fidelity is reread every 5 s, not per request.
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + (i * 1000) / RATE - Date.now())));
      const res = await fetch(`${stack.gatewayUrl}/api/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: request });
      const body = await res.json();
      if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${JSON.stringify(body)}`);
      return { provider: res.headers.get('x-alltokens-chosen-provider'), broken: broken(body.choices[0].message.tool_calls[0].function.arguments) };
    });
    const share = (list) => list.filter((answer) => answer.broken).length / list.length;
    const lastHalf = answers.slice(Math.floor(count / 2));
    return {
      broken: share(answers),
      brokenLastHalf: share(lastHalf),
      sloppyShare: answers.filter((answer) => answer.provider === 'sloppy').length / count,
      sloppyShareLastHalf: lastHalf.filter((answer) => answer.provider === 'sloppy').length / lastHalf.length,
    };
  } finally {
    await stack.stop();
    await database.drop();
    await clearRedisPrefix(env.REDIS_URL, prefix);
  }
}

/** The case's table rows (markdown), fidelity routing off then on. */
export async function fidelityCase(count) {
  const off = await run(false, count);
  const on = await run(true, count);
  const pct = (x) => `${(x * 100).toFixed(1)} %`;
  return {
    results: { count, brokenRate: BROKEN_RATE, off, on },
    lines: [
      '## Fidelity routing: an endpoint that breaks 20 % of its tool calls',
      '',
      `Two endpoints serve ${MODEL} (price-weighted load balancing, the production default): \`sloppy\` at half the price breaks ${pct(BROKEN_RATE)} of its tool calls (invalid JSON or arguments off the tool's schema), \`careful\` none. ${count} tool-calling requests through the whole stack (gateway, router, analytics), ${RATE} a second; the client checks each tool call's arguments against the schema. Fidelity routing excludes an endpoint for tool requests once ≥ 20 measured calls show adherence under 90 % (routers reread fidelity every 5 s).`,
      '',
      '| fidelity routing | broken tool calls received | … in the second half | requests served by `sloppy` | … in the second half |',
      '| --- | --- | --- | --- | --- |',
      `| off | ${pct(off.broken)} | ${pct(off.brokenLastHalf)} | ${pct(off.sloppyShare)} | ${pct(off.sloppyShareLastHalf)} |`,
      `| on | ${pct(on.broken)} | ${pct(on.brokenLastHalf)} | ${pct(on.sloppyShare)} | ${pct(on.sloppyShareLastHalf)} |`,
      '',
    ],
  };
}
