import type { Browser } from 'playwright-core';
import { DESKTOP, launchBrowser, newContext, PHONE, screenshot, seriousViolations } from '../support/browser';
import { ADMIN_KEY, startE2eStack, type E2eStack } from '../support/e2e-stack';

jest.setTimeout(240_000);

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
    const ids = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const { response } = await client.chat.completions
          .create({ model: i % 3 ? 'openai/gpt-4o-mini' : 'acme/solo', user: `user-${i % 2}`, messages: [{ role: 'user', content: `question ${i} from jane@example.com` }] }, { headers: { 'x-alltokens-tags': `feature:${i % 2 ? 'search' : 'chat'}` } })
          .withResponse();
        return response.headers.get('x-request-id')!;
      }),
    );
    requestId = ids.at(-1)!;
    await client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'fail please' }], max_tokens: -1 }).catch(() => undefined);
    // Let analytics commit the batch so the overview and the log have it.
    await new Promise((resolve) => setTimeout(resolve, 500));
  }

  beforeAll(async () => {
    [e2e, browser] = await Promise.all([startE2eStack('console-pages', { env: { ALLTOKENS_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') } }), launchBrowser()]);
    await seed();
  });
  afterAll(async () => {
    await browser?.close();
    await e2e?.stop();
  });

  /** One variant: the sign-in page, then every page signed in; what axe finds, by screenshot name. */
  async function checkVariant({ suffix, viewport, scheme }: (typeof VARIANTS)[number]): Promise<Record<string, string[]>> {
    const context = await newContext(browser, e2e.gatewayUrl, viewport, scheme);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const problems: Record<string, string[]> = {};
    const check = async (name: string) => {
      const violations = await seriousViolations(page);
      if (violations.length) problems[`${name}${suffix}`] = violations;
      await screenshot(page, `${name}${suffix}`);
    };
    await page.goto('/dashboard/');
    await page.getByRole('heading', { name: 'Sign in to the console' }).waitFor();
    await check('sign-in');
    await page.getByLabel('Management key').fill(ADMIN_KEY);
    await page.getByRole('button', { name: 'Sign in with key' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    for (const { name, path, heading } of PAGES) {
      await page.goto(`/dashboard${path.replace(':id', requestId)}`);
      await page.getByRole('heading', { name: heading, exact: true }).waitFor();
      await page.locator('.loading').first().waitFor({ state: 'detached' });
      if (name === 'overview') await page.locator('.chart canvas').first().waitFor();
      if (name === 'request') await page.getByRole('heading', { name: 'Route proof' }).waitFor();
      await check(name);
    }
    await context.close();
    return problems;
  }

  // The three variants run side by side, each in its own context of the one browser.
  it('the sign-in page and every page, in light, dark and at phone width: no serious violation, a screenshot each', async () => {
    const problems = await Promise.all(VARIANTS.map(checkVariant));
    expect(Object.assign({}, ...problems)).toEqual({});
    expect(pageErrors).toEqual([]);
  });
});
