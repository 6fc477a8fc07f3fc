import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually } from '../support/eventually';
import { startOtlpReceiver } from '../support/otlp-receiver';
import { startE2eStack, type E2eStack } from '../support/e2e-stack';

jest.setTimeout(60_000);

const ORG_SECRET = 'org-own-provider-key-5d1c9876';
const ENCRYPTION_KEY = 'a3f1c2d4e5b60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9a';

describe('bring your own provider key', () => {
  let e2e: E2eStack;
  let acmeKey: string;
  let acmeAdmin: string;
  let otherKey: string;
  let simulator: string;
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;

  const put = (body: Record<string, unknown>, provider = 'primary') =>
    fetch(`${e2e.gatewayUrl}/api/v1/provider-credentials/${provider}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${acmeAdmin}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const chat = (key: string, extra: Record<string, unknown> = {}) =>
    fetch(`${e2e.gatewayUrl}/api/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], ...extra }),
    });
  const lastAuthorization = async () => {
    const { requests } = (await (await fetch(`${simulator}/_sim/requests`)).json()) as { requests: Array<{ path: string; headers: Record<string, string> }> };
    return requests.filter((request) => request.path.endsWith('/chat/completions')).at(-1)?.headers.authorization;
  };

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    e2e = await startE2eStack('byok', {
      env: { ALLTOKENS_ENCRYPTION_KEY: ENCRYPTION_KEY, ALLTOKENS_UPSTREAM_ALLOW_HOSTS: 'localhost', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '100' },
    });
    simulator = e2e.simulatorUrls[0]!.replace(/\/v1$/, '');
    acmeAdmin = (await e2e.createKey({ name: 'acme-admin', kind: 'management', org_id: 'acme' })).key;
    acmeKey = (await e2e.createKey({ name: 'acme-app', org_id: 'acme' })).key;
    otherKey = (await e2e.createKey({ name: 'other-app', org_id: 'other' })).key;
  });
  afterAll(async () => {
    await e2e?.stop();
    await receiver?.close();
  });

  it.each([
    ['loopback', 'http://127.0.0.1:8080/v1'],
    ['cloud metadata', 'http://169.254.169.254/latest'],
    ['decimal IPv4', 'http://2130706433/v1'],
    ['hex IPv4', 'http://0x7f000001/v1'],
    ['IPv6 loopback', 'http://[::1]:8080/v1'],
    ['IPv4-mapped IPv6', 'http://[::ffff:10.0.0.1]/v1'],
    ['private range', 'https://10.1.2.3/v1'],
    ['userinfo', 'https://user:pass@api.example.com/v1'],
  ])('refuses a %s base_url', async (_name, url) => {
    const res = await put({ api_key: ORG_SECRET, base_url: url });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unsafe_base_url');
  });

  it('accepts an operator-allowed host', async () => {
    const port = new URL(simulator).port;
    expect((await put({ api_key: ORG_SECRET, base_url: `http://localhost:${port}/v1` }, 'backup')).status).toBe(200);
    const res = await fetch(`${e2e.gatewayUrl}/api/v1/provider-credentials/backup`, { method: 'DELETE', headers: { authorization: `Bearer ${acmeAdmin}` } });
    expect(res.status).toBe(200);
  });

  it("uses the organisation's own key for its requests only, and never shows it", async () => {
    const res = await put({ api_key: ORG_SECRET });
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).not.toContain(ORG_SECRET);
    expect(JSON.parse(body).data).toMatchObject({ provider_id: 'primary', key_last_four: '9876', base_url: null });

    // The simulator only knows the operator's key, so the org's key is refused there (401) and the request fails over.
    const unauthorized = async () => ((await (await fetch(`${simulator}/_sim/stats`)).json()) as { statuses: Record<string, number> }).statuses['401'] ?? 0;
    const before = await unauthorized();
    const own = await chat(acmeKey);
    expect(own.status).toBe(200);
    expect(own.headers.get('x-alltokens-chosen-provider')).toBe('backup');
    expect(await unauthorized()).toBe(before + 1);

    const other = await chat(otherKey);
    expect(other.headers.get('x-alltokens-chosen-provider')).toBe('primary');
    expect(await lastAuthorization()).toBe('Bearer sim-key');

    const listed = await (await fetch(`${e2e.gatewayUrl}/api/v1/provider-credentials`, { headers: { authorization: `Bearer ${acmeAdmin}` } })).text();
    expect(listed).toContain('9876');
    expect(listed).not.toContain(ORG_SECRET);
  });

  it('ignores base URLs and keys smuggled in a request body', async () => {
    const res = await chat(otherKey, { base_url: 'http://169.254.169.254/', api_key: 'smuggled', api_base: 'http://169.254.169.254/' });
    expect(res.status).toBe(200);
    expect(await lastAuthorization()).toBe('Bearer sim-key');
  });

  it('keeps the secret out of the database dump, the audit log, every service log and every span', async () => {
    await eventually(async () => (receiver.spans.some((span) => span.service === 'alltokens-router') ? true : undefined));
    expect(JSON.stringify(receiver.spans)).not.toContain(ORG_SECRET);
    const dump = execFileSync('pg_dump', ['--data-only', e2e.databaseUrl], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(dump).toContain('provider_credentials');
    expect(dump).not.toContain(ORG_SECRET);
    const audit = await (await fetch(`${e2e.gatewayUrl}/api/v1/audit-logs`, { headers: { authorization: `Bearer ${acmeAdmin}` } })).text();
    expect(audit).toContain('provider_credential.put');
    expect(audit).not.toContain(ORG_SECRET);
    for (const file of readdirSync(e2e.logDir)) expect(readFileSync(join(e2e.logDir, file), 'utf8')).not.toContain(ORG_SECRET);
  });

  it('stops using the key once it is deleted', async () => {
    const res = await fetch(`${e2e.gatewayUrl}/api/v1/provider-credentials/primary`, { method: 'DELETE', headers: { authorization: `Bearer ${acmeAdmin}` } });
    expect(res.status).toBe(200);
    await eventually(async () => ((await chat(acmeKey)).headers.get('x-alltokens-chosen-provider') === 'primary' ? true : undefined), 10_000, 250);
  });
});
