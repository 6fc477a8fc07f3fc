import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { eventually } from '../support/eventually';
import { startOtlpReceiver } from '../support/otlp-receiver';
import { CHAOS_ADMIN_KEY, SIM_KEY, startChaosStack, type ChaosStack } from './support/chaos-stack';
import { report } from './support/figures';
import { send } from './support/load';

const run = promisify(execFile);
jest.setTimeout(180_000);

const BYOK_SECRET = 'sk-byok-chaos-sentinel-77c1e0a9';
const ENCRYPTION_KEY = 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00';

describe('secret sentinels: no admin, inference, provider or BYOK key in logs, spans, metrics, the database or error bodies', () => {
  let chaos: ChaosStack;
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    chaos = await startChaosStack('secrets', { env: { ALLTOKENS_ENCRYPTION_KEY: ENCRYPTION_KEY, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '100', LOG_LEVEL: 'debug' } });
  });
  afterAll(async () => {
    await chaos?.stop();
    await receiver?.close();
  });

  it('finds 0 occurrences of any sentinel after traffic that succeeds, fails and is refused', async () => {
    const app = await chaos.createKey({ name: 'app' });
    const orgAdmin = await chaos.createKey({ name: 'acme-admin', kind: 'management', org_id: 'acme' });
    const byokApp = await chaos.createKey({ name: 'acme-app', org_id: 'acme' });
    const put = await fetch(`${chaos.gatewayUrl}/api/v1/provider-credentials/primary`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${orgAdmin.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ api_key: BYOK_SECRET }),
    });
    expect(put.status).toBe(200);
    const sentinels = { admin: CHAOS_ADMIN_KEY, inference: app.key, management: orgAdmin.key, byok_inference: byokApp.key, provider: SIM_KEY, byok: BYOK_SECRET };

    const chat = (key: string, content: string, extra: Record<string, unknown> = {}) => send(chaos.gatewayUrl, { key, body: { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content }], ...extra } });
    const bodies: string[] = [];
    const traffic = [
      chat(app.key, 'hello'),
      chat(app.key, 'streamed', { stream: true }),
      chat(app.key, 'upstream fails [sim:status=500]'),
      chat(app.key, 'bad request', { temperature: 'hot' }),
      // The BYOK key is not the one the simulator accepts: the upstream answers 401 (and may quote the key).
      chat(byokApp.key, 'with the org key'),
      chat(byokApp.key, 'with the org key, streamed', { stream: true }),
      // Near misses of real keys, and keys in the wrong place.
      chat(`${app.key}x`, 'near miss'),
      chat(app.key.slice(0, -1), 'truncated'),
      chat(CHAOS_ADMIN_KEY, 'admin key on inference'),
      chat(`${CHAOS_ADMIN_KEY}0`, 'admin near miss'),
      chat(app.key, `the key in the prompt is not a secret leak, but ${BYOK_SECRET.slice(0, 8)} is half of one`),
      send(chaos.gatewayUrl, { key: `${CHAOS_ADMIN_KEY}0`, path: '/api/v1/keys', body: { name: 'x' } }),
      send(chaos.gatewayUrl, { key: app.key, path: '/api/v1/keys', body: { name: 'x' } }),
    ];
    const outcomes = await Promise.all(traffic);
    for (const outcome of outcomes) bodies.push(outcome.text);
    // The org's own key went upstream (the simulator accepts only the operator's, so it refused the request).
    expect(outcomes[4]!.status).toBeGreaterThanOrEqual(400);
    expect(outcomes[0]!.status).toBe(200);
    for (const path of ['/api/v1/keys', '/api/v1/provider-credentials', '/api/v1/audit-logs']) {
      bodies.push(await (await fetch(`${chaos.gatewayUrl}${path}`, { headers: { authorization: `Bearer ${orgAdmin.key}` } })).text());
    }
    await eventually(async () => (receiver.spans.some((span) => span.service === 'alltokens-router') && receiver.spans.some((span) => span.service === 'alltokens-analytics') ? true : undefined), 20_000).catch(() => undefined);

    const metrics = (await Promise.all(['gateway', 'router', 'analytics'].map(async (name) => (await fetch(`${chaos.url(name)}/metrics`)).text()))).join('\n');
    const logs = readdirSync(chaos.logDir).map((file) => readFileSync(join(chaos.logDir, file), 'utf8')).join('\n');
    const { stdout: dump } = await run(join(process.env.ALLTOKENS_PG_BIN ?? '/usr/lib/postgresql/15/bin', 'pg_dump'), [chaos.databaseUrl], { maxBuffer: 256 * 1024 * 1024 });
    const sinks = { logs, spans: JSON.stringify(receiver.spans), metrics, database_dump: dump, response_bodies: bodies.join('\n') };

    const found: string[] = [];
    const counts: Record<string, number> = {};
    for (const [sink, text] of Object.entries(sinks)) {
      counts[sink] = 0;
      for (const [name, secret] of Object.entries(sentinels)) {
        const n = text.split(secret).length - 1;
        counts[sink] += n;
        if (n) found.push(`${name} key ×${n} in ${sink}`);
      }
    }
    report('secret-sentinels', { statuses: outcomes.map((o) => o.status).join('/'), sentinels: Object.keys(sentinels).length, log_bytes: logs.length, spans: receiver.spans.length, dump_bytes: dump.length, bodies: bodies.length, ...Object.fromEntries(Object.entries(counts).map(([sink, n]) => [`in_${sink}`, n])) });
    // The sinks were really searched: the dump holds the sealed credential, the logs and spans are not empty.
    expect(dump).toContain('provider_credentials');
    expect(receiver.spans.length).toBeGreaterThan(0);
    expect(logs.length).toBeGreaterThan(0);
    expect(found).toEqual([]);
  });
});
