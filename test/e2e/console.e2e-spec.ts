import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newContext } from '../support/browser';
import { ADMIN_KEY, startE2eStack, type E2eStack } from '../support/e2e-stack';
import { eventually } from '../support/eventually';

jest.setTimeout(90_000);

/** The web console in Chromium: key sign-in, keys, the live tail, policies, roles, keyboard use. */
describe('console at /dashboard', () => {
  let e2e: E2eStack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  const signIn = async (target: Page, key: string) => {
    await target.goto('/dashboard/');
    await target.getByLabel('Management key').fill(key);
    await target.getByRole('button', { name: 'Sign in with key' }).click();
    await target.getByRole('heading', { name: 'Overview' }).waitFor();
  };
  const chat = (key: string, model = 'openai/gpt-4o-mini') =>
    fetch(`${e2e.gatewayUrl}/api/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hello console' }] }),
    });

  beforeAll(async () => {
    [e2e, browser] = await Promise.all([startE2eStack('console'), launchBrowser()]);
    context = await newContext(browser, e2e.gatewayUrl);
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });
  afterAll(async () => {
    await browser?.close();
    await e2e?.stop();
  });

  it('serves the SPA with long-cached hashed assets and falls back to index.html on deep links', async () => {
    const index = await fetch(`${e2e.gatewayUrl}/dashboard/keys`);
    expect(index.status).toBe(200);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await index.text();
    const asset = /\/dashboard\/assets\/[^"]+\.js/.exec(html)![0];
    const script = await fetch(`${e2e.gatewayUrl}${asset}`);
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${e2e.gatewayUrl}/dashboard/assets/missing-abc123.js`)).status).toBe(404);
  });

  it('refuses a wrong key, signs in with the admin key into an HttpOnly SameSite=Lax session', async () => {
    await page.goto('/dashboard/');
    await page.getByLabel('Management key').fill('at-admin-wrong-0000000000');
    await page.getByRole('button', { name: 'Sign in with key' }).click();
    await page.getByRole('alert').filter({ hasText: 'Invalid API key' }).waitFor();
    await signIn(page, ADMIN_KEY);
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: 'alltokens_console', httpOnly: true, sameSite: 'Lax' });
    // The cookie alone cannot change anything: a state-changing call without the CSRF token is refused.
    const forged = await page.evaluate(() => fetch('/api/v1/teams', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"forged"}' }).then((r) => r.status));
    expect(forged).toBe(403);
  });

  it('creates a key (secret shown once, copyable) that works, then revokes it and it stops working', async () => {
    await page.getByRole('link', { name: 'Keys' }).click();
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByLabel('Name').fill('console-made');
    await page.getByLabel('Spend limit (USD)').fill('5');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    const secret = (await page.getByTestId('new-secret').textContent())!;
    expect(secret).toMatch(/^sk-at-v1-/);
    await page.getByRole('button', { name: 'Copy' }).waitFor();
    await page.getByRole('button', { name: 'Done' }).click();
    await page.locator('tr[data-key-name="console-made"]').waitFor();
    expect((await chat(secret)).status).toBe(200);

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Revoke console-made' }).click();
    await page.locator('tr[data-key-name="console-made"]').waitFor({ state: 'detached' });
    expect((await chat(secret)).status).toBe(401);
  });

  it('shows a new request in the live tail within 1 s of its answer, pushed over one SSE connection', async () => {
    const { key } = await e2e.createKey({ name: 'tail' });
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.getByRole('link', { name: 'Logs' }).click();
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
    const res = await chat(key);
    expect(res.status).toBe(200);
    const answered = Date.now();
    const id = res.headers.get('x-request-id')!;
    await page.locator(`tr[data-request-id="${id}"]`).waitFor({ timeout: 5_000 });
    const shownAfterMs = Date.now() - answered;
    expect(shownAfterMs).toBeLessThan(1_000);
    // Never polling: one tail stream, no repeated request-log reads.
    expect(requests.filter((url) => url.includes('/api/console/tail'))).toHaveLength(1);
    expect(requests.filter((url) => url.includes('/api/v1/analytics/requests'))).toHaveLength(1);

    await page.locator(`tr[data-request-id="${id}"] a`).click();
    await page.getByRole('heading', { name: 'Route proof' }).waitFor();
    await page.getByText('primary:openai/gpt-4o-mini').first().waitFor();
    await page.getByText('Trace id').waitFor();
  });

  it('adds a policy in the console and the next request is refused by it', async () => {
    const { key } = await e2e.createKey({ name: 'policy' });
    expect((await chat(key, 'acme/solo')).status).toBe(200);
    await page.getByRole('link', { name: 'Policies' }).click();
    await page.getByLabel('Name').fill('no-solo');
    await page.getByLabel('Denied models').fill('acme/solo');
    await page.getByRole('button', { name: 'Create policy' }).click();
    await page.getByRole('cell', { name: 'no-solo', exact: true }).waitFor();
    const refused = await eventually(async () => {
      const res = await chat(key, 'acme/solo');
      return res.status === 403 ? ((await res.json()) as { error: { code: string; message: string } }).error : undefined;
    }, 10_000, 250);
    expect(refused.code).toBe('policy_denied');
    expect(refused.message).toContain('no-solo');
  });

  it('gives a viewer a read-only console and a 403 from every write endpoint it calls', async () => {
    const member = await e2e.admin('/api/v1/users', { method: 'POST', body: JSON.stringify({ email: 'viewer@example.com', role: 'viewer' }) });
    const userId = ((await member.json()) as { data: { id: string } }).data.id;
    const { key: viewerKey } = await e2e.createKey({ name: 'viewer-mgmt', kind: 'management', user_id: userId });
    const viewer = await newContext(browser, e2e.gatewayUrl);
    const viewerPage = await viewer.newPage();
    await signIn(viewerPage, viewerKey);
    await viewerPage.getByText('viewer', { exact: true }).waitFor();
    await viewerPage.getByRole('link', { name: 'Keys' }).click();
    await viewerPage.getByRole('heading', { name: 'Keys' }).waitFor();
    expect(await viewerPage.getByRole('button', { name: 'Create key' }).count()).toBe(0);
    const statuses = await viewerPage.evaluate(async () => {
      const { data } = (await (await fetch('/api/console/session')).json()) as { data: { csrf_token: string } };
      const write = (method: string, path: string, body?: unknown) =>
        fetch(path, { method, headers: { 'content-type': 'application/json', 'x-csrf-token': data.csrf_token }, body: body === undefined ? undefined : JSON.stringify(body) }).then((r) => r.status);
      return {
        createKey: await write('POST', '/api/v1/keys', { name: 'x' }),
        editKey: await write('PATCH', '/api/v1/keys/any', { name: 'y' }),
        rotateKey: await write('POST', '/api/v1/keys/any/rotate', {}),
        revokeKey: await write('DELETE', '/api/v1/keys/any'),
        budget: await write('POST', '/api/v1/budgets', { scope: 'organization', scope_id: 'default', amount: 1, period: 'daily' }),
        editBudget: await write('PATCH', '/api/v1/budgets/any', { amount: 2 }),
        deleteBudget: await write('DELETE', '/api/v1/budgets/any'),
        policy: await write('POST', '/api/v1/policies', { name: 'p', scope: 'organization', scope_id: 'default' }),
        deletePolicy: await write('DELETE', '/api/v1/policies/any'),
        team: await write('POST', '/api/v1/teams', { name: 't' }),
        member: await write('POST', '/api/v1/users', { email: 'x@example.com' }),
        role: await write('PATCH', '/api/v1/users/any', { role: 'admin' }),
        removeMember: await write('DELETE', '/api/v1/users/any'),
        credential: await write('PUT', '/api/v1/provider-credentials/primary', { api_key: 'sk-x' }),
        deleteCredential: await write('DELETE', '/api/v1/provider-credentials/primary'),
        endpoint: await write('PATCH', '/api/v1/models/openai/gpt-4o-mini/endpoints/primary', { status: 'disabled' }),
        playground: await write('POST', '/api/console/playground/chat', { key_id: 'any', model: 'router', messages: [] }),
      };
    });
    for (const [write, status] of Object.entries(statuses)) expect([write, status]).toEqual([write, 403]);
    await viewer.close();
  });

  it('is usable with the keyboard alone: skip link, navigation, dialogs close on Escape', async () => {
    await page.goto('/dashboard/');
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').textContent()).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.locator(':focus').getAttribute('id')).toBe('main');
    const keysLink = page.getByRole('link', { name: 'Keys' });
    await keysLink.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Keys' }).waitFor();
    await page.getByRole('button', { name: 'Create key' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Create key' }).waitFor();
    expect(await page.locator('dialog :focus').count()).toBe(1);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
  });

  it('streams a playground request to the router as a chosen key, route proof first, and logs it', async () => {
    await page.getByRole('link', { name: 'Playground' }).click();
    await page.getByLabel('As key').selectOption({ label: (await page.getByLabel('As key').locator('option', { hasText: 'tail' }).textContent())! });
    await page.getByLabel('Model').selectOption('router');
    await page.getByLabel('Objective').selectOption('cheapest');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('chosen-model').waitFor();
    await eventually(async () => ((await page.getByTestId('playground-output').textContent())?.length ? true : undefined));
    await page.getByRole('link', { name: 'Open this request in the log' }).click();
    await page.getByRole('heading', { name: 'Route proof' }).waitFor();
    await page.getByText('cheapest', { exact: false }).first().waitFor();
  });

  it("shows budgets with this period's spend from the ledger", async () => {
    const created = await e2e.admin('/api/v1/budgets', { method: 'POST', body: JSON.stringify({ scope: 'organization', scope_id: 'default', amount: 100, period: 'monthly' }) });
    expect(created.status).toBe(201);
    await page.getByRole('link', { name: 'Budgets & alerts' }).click();
    await page.getByRole('cell', { name: /of \$100\.00/ }).waitFor();
    const [budget] = ((await (await page.context().request.get('/api/console/budgets')).json()) as { data: Array<{ spent: number }> }).data;
    expect(budget!.spent).toBeGreaterThan(0);
  });

  it('edits a budget in place through PATCH: a webhook added gets its secret once, later edits keep it', async () => {
    const edit = async (fields: Record<string, string>) => {
      await page.getByRole('button', { name: 'Edit budget organization default monthly' }).click();
      const dialog = page.getByRole('dialog', { name: 'Edit budget' });
      for (const [label, value] of Object.entries(fields)) await dialog.getByLabel(label).fill(value);
      const [response] = await Promise.all([page.waitForResponse((res) => res.request().method() === 'PATCH' && res.url().includes('/api/v1/budgets/')), dialog.getByRole('button', { name: 'Save' }).click()]);
      expect(response.status()).toBe(200);
      return (await response.json()) as { data: { amount: number; webhook_url: string | null; webhook_signed: boolean }; webhook_secret?: string };
    };
    const first = await edit({ 'Amount (USD)': '150', 'Webhook URL': 'https://hooks.example.com/console-budget' });
    expect(first.data).toMatchObject({ amount: 150, webhook_url: 'https://hooks.example.com/console-budget', webhook_signed: true });
    expect(await page.getByTestId('webhook-secret').textContent()).toBe(first.webhook_secret);
    expect(first.webhook_secret).toMatch(/^whsec_/);
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('cell', { name: /of \$150\.00/ }).waitFor();
    const second = await edit({ 'Amount (USD)': '175', 'Alert thresholds (%)': '90' });
    expect(second.webhook_secret).toBeUndefined();
    expect(second.data).toMatchObject({ amount: 175, webhook_signed: true });
    await page.getByRole('cell', { name: /of \$175\.00/ }).waitFor();
    expect(await page.getByRole('dialog').count()).toBe(0);
    const strict = await page.evaluate(async () => {
      const { data } = (await (await fetch('/api/console/session')).json()) as { data: { csrf_token: string } };
      const [row] = ((await (await fetch('/api/console/budgets')).json()) as { data: Array<{ id: string }> }).data;
      const res = await fetch(`/api/v1/budgets/${row!.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json', 'x-csrf-token': data.csrf_token }, body: '{"period":"daily"}' });
      return { status: res.status, body: (await res.json()) as { error: { code: string } } };
    });
    expect(strict.status).toBe(400);
  });

  it('switches organisation: a member of two acts in each with its role there, every call scoped server-side', async () => {
    const added = await e2e.admin('/api/v1/users', { method: 'POST', body: JSON.stringify({ email: 'two-orgs@example.com', role: 'admin' }) });
    const userId = ((await added.json()) as { data: { id: string } }).data.id;
    expect((await e2e.admin('/api/v1/users', { method: 'POST', body: JSON.stringify({ email: 'two-orgs@example.com', role: 'viewer', org_id: 'acme' }) })).status).toBe(201);
    await e2e.createKey({ name: 'acme-only', org_id: 'acme' });
    const { key } = await e2e.createKey({ name: 'two-orgs-mgmt', kind: 'management', user_id: userId });
    const member = await newContext(browser, e2e.gatewayUrl);
    const memberPage = await member.newPage();
    await signIn(memberPage, key);
    await memberPage.getByText('admin', { exact: true }).waitFor();
    const keyNames = () => memberPage.evaluate(async () => ((await (await fetch('/api/v1/keys')).json()) as { data: Array<{ name: string }> }).data.map((k) => k.name));
    expect(await keyNames()).not.toContain('acme-only');
    await memberPage.getByLabel('Organisation').selectOption('acme');
    await memberPage.getByText('viewer', { exact: true }).waitFor();
    expect(await keyNames()).toEqual(['acme-only']);
    await memberPage.getByRole('link', { name: 'Keys' }).click();
    await memberPage.locator('tr[data-key-name="acme-only"]').waitFor();
    expect(await memberPage.getByRole('button', { name: 'Create key' }).count()).toBe(0);
    const refused = await memberPage.evaluate(async () => {
      const { data } = (await (await fetch('/api/console/session')).json()) as { data: { csrf_token: string; org_id: string } };
      const write = await fetch('/api/v1/teams', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': data.csrf_token }, body: '{"name":"not-as-viewer"}' });
      const elsewhere = await fetch('/api/console/session/organization', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': data.csrf_token }, body: '{"org_id":"not-mine"}' });
      return { org: data.org_id, write: write.status, elsewhere: elsewhere.status };
    });
    expect(refused).toEqual({ org: 'acme', write: 403, elsewhere: 404 });
    await memberPage.getByLabel('Organisation').selectOption('default');
    await memberPage.getByText('admin', { exact: true }).waitFor();
    expect(await keyNames()).not.toContain('acme-only');
    await member.close();

    // The admin key acts deployment-wide, or inside one organisation as its owner.
    await page.goto('/dashboard/keys');
    await page.getByLabel('Organisation').selectOption('acme');
    await page.locator('tr[data-key-name="acme-only"]').waitFor();
    expect(await page.locator('tr[data-key-name="tail"]').count()).toBe(0);
    await page.getByLabel('Organisation').selectOption('');
    await page.locator('tr[data-key-name="tail"]').waitFor();
  });

  it('raised no error in the page', () => {
    expect(pageErrors).toEqual([]);
  });

  it('signs out: the session is gone from Redis, the old cookie no longer works', async () => {
    const [cookie] = await context.cookies();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to the console' }).waitFor();
    const replay = await fetch(`${e2e.gatewayUrl}/api/v1/keys`, { headers: { cookie: `${cookie!.name}=${cookie!.value}` } });
    expect(replay.status).toBe(401);
  });
});
