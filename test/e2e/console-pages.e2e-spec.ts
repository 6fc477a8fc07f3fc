import type { Browser, Page } from 'playwright-core';
import { DESKTOP, launchBrowser, newContext, PHONE, screenshot, seriousViolations } from '../support/browser';
import { ADMIN_KEY, startE2eStack, type E2eStack } from '../support/e2e-stack';

jest.setTimeout(120_000);

const PAGES = [
  { name: 'overview', path: '/', heading: 'Overview' },
  { name: 'logs', path: '/logs', heading: 'Logs' },
  { name: 'request', path: '/logs/:id', heading: 'Request' },
  { name: 'keys', path: '/keys', heading: 'Keys' },
  { name: 'budgets', path: '/budgets', heading: 'Budgets & alerts' },
  { name: 'policies', path: '/policies', heading: 'Policies' },
  { name: 'guardrails', path: '/guardrails', heading: 'Guardrails' },
  { name: 'alerts', path: '/alerts', heading: 'Alerts' },
  { name: 'teams', path: '/teams', heading: 'Teams & members' },
  { name: 'credentials', path: '/credentials', heading: 'Provider credentials' },
  { name: 'models', path: '/models', heading: 'Models & providers' },
  { name: 'playground', path: '/playground', heading: 'Playground' },
  { name: 'audit', path: '/audit', heading: 'Audit log' },
] as const;

const VARIANTS = [
  { suffix: '', viewport: DESKTOP, scheme: 'light' },
  { suffix: '-dark', viewport: DESKTOP, scheme: 'dark' },
  { suffix: '-phone', viewport: PHONE, scheme: 'light' },
] as const;

/** Every page of the console, with data in it: no serious or critical axe violation, and a screenshot each. */
describe('console pages: accessibility and screenshots', () => {
  let e2e: E2eStack;
  let browser: Browser;
  let requestId: string;
  const pageErrors: string[] = [];

  /** Realistic contents for every page: keys, traffic (successes and failures), budget, policy, team, members, BYOK. */
  async function seed(): Promise<void> {
    const post = (path: string, body: unknown, method = 'POST') => e2e.admin(path, { method, body: JSON.stringify(body) });
    await post('/api/v1/teams', { name: 'research', rate_limits: { requests_per_minute: 600 } });
    const { key } = await e2e.createKey({ name: 'production', limit: 50, metadata: { owner: 'platform' } });
    await e2e.createKey({ name: 'staging', allowed_models: ['openai/gpt-4o-mini'] });
    await post('/api/v1/users', { email: 'alice@example.com', name: 'Alice', role: 'owner' });
    await post('/api/v1/users', { email: 'bob@example.com', name: 'Bob', role: 'viewer' });
    await post('/api/v1/budgets', { scope: 'organization', scope_id: 'default', amount: 200, period: 'monthly', webhook_url: 'https://hooks.example.com/budget' });
    await post('/api/v1/policies', { name: 'no-training', scope: 'organization', scope_id: 'default', deny_data_training: true });
    await post('/api/v1/provider-credentials/backup', { api_key: 'sk-byok-0123456789abcd' }, 'PUT');
    await post('/api/v1/guardrails', { name: 'pii', scope: 'organization', scope_id: 'default', prompt: [{ detector: 'email', action: 'mask' }, { detector: 'card_number', action: 'block' }], response: [{ name: 'codenames', words: ['Project Falcon'], action: 'redact' }] });
    const hook = (await (await post('/api/v1/alerts/destinations', { name: 'ops slack', kind: 'slack', url: 'https://hooks.slack.com/services/T0/B0/x' })).json()) as { data: { id: string } };
    await post('/api/v1/alerts/rules', { name: 'errors', type: 'error_rate', threshold: 0.2, destination_ids: [hook.data.id] });
    const client = e2e.client(key);
    for (let i = 0; i < 12; i += 1) {
      const { response } = await client.chat.completions
        .create({ model: i % 3 ? 'openai/gpt-4o-mini' : 'acme/solo', user: `user-${i % 2}`, messages: [{ role: 'user', content: `question ${i} from jane@example.com` }] }, { headers: { 'x-alltokens-tags': `feature:${i % 2 ? 'search' : 'chat'}` } })
        .withResponse();
      requestId = response.headers.get('x-request-id')!;
    }
    await client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'fail please' }], max_tokens: -1 }).catch(() => undefined);
    // Let analytics commit the batch so the overview and the log have it.
    await new Promise((resolve) => setTimeout(resolve, 500));
  }

  async function signedInPage(viewport: (typeof VARIANTS)[number]['viewport'], scheme: 'light' | 'dark'): Promise<Page> {
    const context = await newContext(browser, e2e.gatewayUrl, viewport, scheme);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto('/dashboard/sign-in');
    await page.getByLabel('Management key').fill(ADMIN_KEY);
    await page.getByRole('button', { name: 'Sign in with key' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    return page;
  }

  beforeAll(async () => {
    [e2e, browser] = await Promise.all([startE2eStack('console-pages', { env: { ALLTOKENS_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') } }), launchBrowser()]);
    await seed();
  });
  afterAll(async () => {
    await browser?.close();
    await e2e?.stop();
  });

  it.each(VARIANTS)('sign-in page$suffix', async ({ suffix, viewport, scheme }) => {
    const page = await (await newContext(browser, e2e.gatewayUrl, viewport, scheme)).newPage();
    await page.goto('/dashboard/');
    await page.getByRole('heading', { name: 'Sign in to the console' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, `sign-in${suffix}`);
    await page.context().close();
  });

  it.each(VARIANTS)('every page$suffix', async ({ suffix, viewport, scheme }) => {
    const page = await signedInPage(viewport, scheme);
    const problems: Record<string, string[]> = {};
    for (const { name, path, heading } of PAGES) {
      await page.goto(`/dashboard${path.replace(':id', requestId)}`);
      await page.getByRole('heading', { name: heading, exact: true }).waitFor();
      await page.locator('.loading').first().waitFor({ state: 'detached' });
      if (name === 'overview') await page.locator('.chart canvas').first().waitFor();
      if (name === 'request') await page.getByRole('heading', { name: 'Route proof' }).waitFor();
      const violations = await seriousViolations(page);
      if (violations.length) problems[name] = violations;
      await screenshot(page, `${name}${suffix}`);
    }
    expect(problems).toEqual({});
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });
});
