import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { freePort, launchAll, type RunningService } from '@alltokens/stack';
import { launchBrowser, newContext } from '../support/browser';
import { startE2eStack, type E2eStack } from '../support/e2e-stack';
import { eventually } from '../support/eventually';

jest.setTimeout(90_000);

/** Single sign-on against a real OpenID provider (oidc-provider), and sessions shared by two gateway replicas. */
describe('console single sign-on (OpenID Connect, code + PKCE)', () => {
  let e2e: E2eStack;
  let browser: Browser;
  let provider: ChildProcess;
  let replica: RunningService;
  let replicaUrl: string;
  let issuer: string;

  /** Through the provider's own login and consent pages, back to the console. */
  async function signInWithSso(page: Page, login: string): Promise<void> {
    await page.goto('/dashboard/');
    await page.getByRole('link', { name: 'Sign in with single sign-on' }).click();
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('any');
    await page.locator('button[type="submit"]').click();
    await page.waitForURL((url) => url.pathname.startsWith('/dashboard/') || url.pathname.includes('/interaction/'));
    if (page.url().includes('/interaction/')) await page.locator('button[type="submit"]').click();
    await page.waitForURL((url) => url.pathname.startsWith('/dashboard/'));
  }

  beforeAll(async () => {
    const issuerPort = await freePort();
    issuer = `http://127.0.0.1:${issuerPort}`;
    const oidcEnv = {
      OIDC_ISSUER: issuer,
      OIDC_CLIENT_ID: 'alltokens-console',
      OIDC_CLIENT_SECRET: 'console-test-secret',
      OIDC_ROLE_CLAIM: 'groups',
      OIDC_ROLE_MAP: 'admin=admin,viewer=viewer',
    };
    [e2e, browser] = await Promise.all([startE2eStack('console-oidc', { env: oidcEnv }), launchBrowser()]);
    provider = spawn(process.execPath, [resolve(__dirname, '../support/oidc-provider.mjs'), String(issuerPort), `${e2e.gatewayUrl}/api/console/oidc/callback`], { stdio: 'ignore' });
    await eventually(async () => ((await fetch(`${oidcEnv.OIDC_ISSUER}/.well-known/openid-configuration`)).ok ? true : undefined));
    // A second gateway replica on the same Redis and database.
    const port = await freePort();
    replicaUrl = `http://127.0.0.1:${port}`;
    [replica] = await launchAll(
      [{ name: 'gateway-2', script: 'apps/gateway/src/main.js', env: { ...e2e.env, GATEWAY_PORT: String(port) }, readyUrl: `${replicaUrl}/health/ready` }],
      { root: resolve(__dirname, '../..'), logs: { dir: join(e2e.logDir) } },
    );
  });
  afterAll(async () => {
    await browser?.close();
    await replica?.stop();
    provider?.kill();
    await e2e?.stop();
  });

  it('maps an identity-provider group to a role: an admin signs in and may write', async () => {
    const context = await newContext(browser, e2e.gatewayUrl);
    const page = await context.newPage();
    await signInWithSso(page, 'admin.alice@example.com');
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await page.getByText('admin.alice@example.com').waitFor();
    await page.getByRole('link', { name: 'Keys' }).click();
    await page.getByRole('button', { name: 'Create key' }).waitFor();
    const members = (await (await e2e.admin('/api/v1/users')).json()) as { data: Array<{ email: string; role: string }> };
    expect(members.data).toContainEqual(expect.objectContaining({ email: 'admin.alice@example.com', role: 'admin' }));
    await context.close();
  });

  it('gives a mapped viewer a read-only console, enforced by the server', async () => {
    const context = await newContext(browser, e2e.gatewayUrl);
    const page = await context.newPage();
    await signInWithSso(page, 'viewer.bob@example.com');
    await page.getByRole('link', { name: 'Keys' }).click();
    await page.getByRole('heading', { name: 'Keys' }).waitFor();
    expect(await page.getByRole('button', { name: 'Create key' }).count()).toBe(0);
    const status = await page.evaluate(async () => {
      const { data } = (await (await fetch('/api/console/session')).json()) as { data: { csrf_token: string } };
      return (await fetch('/api/v1/keys', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': data.csrf_token }, body: '{"name":"nope"}' })).status;
    });
    expect(status).toBe(403);
    await context.close();
  });

  it('refuses someone who is neither a member nor mapped to a role', async () => {
    const context = await newContext(browser, e2e.gatewayUrl);
    const page = await context.newPage();
    await signInWithSso(page, 'carol@example.com');
    await page.getByRole('alert').filter({ hasText: 'not a member' }).waitFor();
    expect(await context.cookies()).not.toContainEqual(expect.objectContaining({ name: 'alltokens_console' }));
    await context.close();
  });

  it('follows an identity-provider group change at the next sign-in, and writes it to the audit log', async () => {
    for (const [login, role] of [['dave@example.com|admin', 'admin'], ['dave@example.com|viewer', 'viewer']] as const) {
      const context = await newContext(browser, e2e.gatewayUrl);
      const page = await context.newPage();
      await signInWithSso(page, login);
      await page.getByText(role, { exact: true }).waitFor();
      await context.close();
    }
    const members = (await (await e2e.admin('/api/v1/users')).json()) as { data: Array<{ id: string; email: string; role: string }> };
    const dave = members.data.find((member) => member.email === 'dave@example.com')!;
    expect(dave.role).toBe('viewer');
    const audit = (await (await e2e.admin('/api/v1/audit-logs?limit=50')).json()) as { data: Array<{ actor: string; action: string; targetId: string; before: unknown; after: unknown }> };
    const entries = audit.data.filter((entry) => entry.targetId === dave.id);
    expect(entries.map((entry) => entry.action)).toEqual(['user.role', 'user.add']);
    expect(entries[0]).toMatchObject({
      actor: `oidc:${issuer}`,
      before: { email: 'dave@example.com', role: 'admin' },
      after: { email: 'dave@example.com', role: 'viewer', claim: 'groups' },
    });
  });

  it('a session works on every replica, and signing out on one ends it on all, its live tails within 1 s', async () => {
    const context = await newContext(browser, e2e.gatewayUrl);
    const page = await context.newPage();
    await signInWithSso(page, 'admin.alice@example.com');
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    const cookie = (await context.cookies()).find((c) => c.name === 'alltokens_console')!;
    const headers = { cookie: `${cookie.name}=${cookie.value}` };
    const onReplica = () => fetch(`${replicaUrl}/api/console/session`, { headers });
    expect((await onReplica()).status).toBe(200);
    // A live tail held open on each replica by this session.
    const tails = await Promise.all([e2e.gatewayUrl, replicaUrl].map((base) => openTail(`${base}/api/console/tail`, headers)));
    await page.getByRole('button', { name: 'Sign out' }).click();
    const signedOut = Date.now();
    const closedAfterMs = await Promise.all(tails.map(async (tail) => (await tail.ended) - signedOut));
    for (const ms of closedAfterMs) expect(ms).toBeLessThan(1_000);
    await page.getByRole('heading', { name: 'Sign in to the console' }).waitFor();
    expect((await onReplica()).status).toBe(401);
    await context.close();
  });
});

/** An SSE stream read until the server ends it; `ended` resolves with the time it did. */
async function openTail(url: string, headers: Record<string, string>): Promise<{ ended: Promise<number> }> {
  const res = await fetch(url, { headers });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let seen = '';
  while (!seen.includes('event: ready')) {
    const { value, done } = await reader.read();
    if (done) throw new Error('the tail ended before it was ready');
    seen += decoder.decode(value);
  }
  const ended = (async () => {
    for (;;) if ((await reader.read()).done) return Date.now();
  })();
  return { ended };
}
