import { ApiError } from '@alltokens/contracts';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import { TeamsRepository } from '../teams/teams.repository';
import { ADMIN, GatewayFixture, type KeyStack } from '../testing/gateway-fixture';
import type { Budget } from '@alltokens/db';
import type { CreateBudgetInput } from './budgets.dto';
import { BudgetsRepository } from './budgets.repository';
import { BudgetsService } from './budgets.service';

jest.setTimeout(60_000);

const created = async (promise: Promise<{ budget: Budget }>) => (await promise).budget;
const budget = (fields: Partial<CreateBudgetInput> & Pick<CreateBudgetInput, 'scope' | 'scope_id'>): CreateBudgetInput => ({ amount: 10, period: 'monthly', thresholds: [50, 80, 100], ...fields });

describe('BudgetsService: budgets and credits (real Postgres)', () => {
  let fixture: GatewayFixture;
  let gateway: KeyStack;
  let budgets: BudgetsService;

  beforeAll(async () => {
    fixture = await GatewayFixture.start('budgets');
    gateway = await fixture.keyStack();
    budgets = new BudgetsService(new BudgetsRepository(fixture.prisma));
    await new OrganizationsRepository(fixture.prisma).ensure('org-a');
  });
  afterAll(async () => fixture?.stop());

  const rejection = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as ApiError);

  it('finds the organisation of an organisation, team or key scope, and refuses scopes that do not exist', async () => {
    const team = await new TeamsRepository(fixture.prisma).create({ orgId: 'org-a', name: 't', rateLimitRpm: null, rateLimitTpm: null, maxConcurrency: null });
    const { key } = await fixture.createKey(gateway, { org_id: 'org-a' });
    expect(await budgets.bindingScope(ADMIN, 'organization', 'org-a')).toEqual({ orgId: 'org-a', scopeId: 'org-a' });
    expect(await budgets.bindingScope(ADMIN, 'team', team.id)).toEqual({ orgId: 'org-a', scopeId: team.id });
    expect(await budgets.bindingScope(ADMIN, 'key', key.id)).toEqual({ orgId: 'org-a', scopeId: key.id });
    // A rotated key's rules are stored under its lineage's first key, so they follow later rotations.
    const { replacement } = await gateway.keys.rotate(ADMIN, key.id, 60);
    const { replacement: third } = await gateway.keys.rotate(ADMIN, replacement.id, 60);
    expect(await budgets.bindingScope(ADMIN, 'key', third.id)).toEqual({ orgId: 'org-a', scopeId: key.id });
    expect(await rejection(budgets.bindingScope(ADMIN, 'team', 'no-team'))).toMatchObject({ status: 404, code: 'scope_not_found', message: "No team 'no-team'", param: 'scope_id' });
    expect(await rejection(budgets.bindingScope(ADMIN, 'organization', 'no-org'))).toMatchObject({ status: 404 });
  });

  it('keeps one budget per scope and period: setting it again replaces the amount', async () => {
    const first = await created(budgets.create(ADMIN, budget({ scope: 'organization', scope_id: 'org-a', amount: 10, webhook_url: 'https://hooks.example.com/a' })));
    const again = await created(budgets.create(ADMIN, budget({ scope: 'organization', scope_id: 'org-a', amount: 25, thresholds: [90] })));
    expect(again.id).toBe(first.id);
    expect(again).toMatchObject({ thresholds: [90], webhookUrl: null });
    expect(again.amountUsd.toNumber()).toBe(25);
    const daily = await created(budgets.create(ADMIN, budget({ scope: 'organization', scope_id: 'org-a', period: 'daily' })));
    expect(daily.id).not.toBe(first.id);
  });

  it('keeps a webhook signing secret across edits and replacements, and makes one only when a webhook is first set', async () => {
    const url = 'https://hooks.example.com/keep';
    const first = await budgets.create(ADMIN, budget({ scope: 'organization', scope_id: 'org-a', period: 'total', webhook_url: url }));
    expect(first.newSecret).toMatch(/.{20,}/);
    expect(first.budget.webhookSecret).toBe(first.newSecret);
    const replaced = await budgets.create(ADMIN, budget({ scope: 'organization', scope_id: 'org-a', period: 'total', amount: 40, webhook_url: `${url}/v2` }));
    expect(replaced).toMatchObject({ newSecret: null, budget: { id: first.budget.id, webhookSecret: first.newSecret, webhookUrl: `${url}/v2` } });
    const edited = await budgets.update(ADMIN, first.budget.id, { amount: 55, thresholds: [75] });
    expect(edited.newSecret).toBeNull();
    expect(edited.before.amountUsd.toNumber()).toBe(40);
    expect(edited.budget).toMatchObject({ id: first.budget.id, thresholds: [75], webhookUrl: `${url}/v2`, webhookSecret: first.newSecret });
    expect(edited.budget.amountUsd.toNumber()).toBe(55);
    const moved = await budgets.update(ADMIN, first.budget.id, { webhook_url: `${url}/v3` });
    expect(moved).toMatchObject({ newSecret: null, budget: { webhookUrl: `${url}/v3`, webhookSecret: first.newSecret, thresholds: [75] } });
    // Removing the webhook drops its secret; setting one again makes a new secret.
    expect((await budgets.update(ADMIN, first.budget.id, { webhook_url: null })).budget).toMatchObject({ webhookUrl: null, webhookSecret: null });
    const again = await budgets.update(ADMIN, first.budget.id, { webhook_url: url });
    expect(again.newSecret).toMatch(/.{20,}/);
    expect(again.newSecret).not.toBe(first.newSecret);
    expect(again.budget.webhookSecret).toBe(again.newSecret);
  });

  it('keeps a management key to its own organisation’s budgets', async () => {
    const manager = await fixture.manager(gateway, 'org-m', 'admin');
    const theirs = await created(budgets.create(ADMIN, budget({ scope: 'organization', scope_id: 'org-a', period: 'weekly' })));
    expect(await rejection(budgets.create(manager, budget({ scope: 'organization', scope_id: 'org-a' })))).toMatchObject({ status: 404, code: 'scope_not_found' });
    const mine = await created(budgets.create(manager, budget({ scope: 'key', scope_id: manager.key.id, period: 'total', amount: 3 })));
    expect(mine.orgId).toBe('org-m');
    expect((await budgets.list(manager)).map((b) => b.id)).toEqual([mine.id]);
    expect(await rejection(budgets.remove(manager, theirs.id))).toMatchObject({ status: 404, code: 'budget_not_found' });
    expect(await rejection(budgets.update(manager, theirs.id, { amount: 1 }))).toMatchObject({ status: 404, code: 'budget_not_found' });
    expect((await budgets.update(manager, mine.id, { amount: 4 })).budget.amountUsd.toNumber()).toBe(4);
    await budgets.remove(manager, mine.id);
    expect(await budgets.list(manager)).toEqual([]);
    expect(await rejection(budgets.remove(ADMIN, mine.id))).toMatchObject({ status: 404 });
  });

  it('adds prepaid credits to the caller’s organisation and reports them beside the ledger’s usage', async () => {
    const { key } = await fixture.createKey(gateway, { org_id: 'org-c' });
    await fixture.prisma.ledgerEntry.create({ data: { generationId: 'gen-1', orgId: 'org-c', keyId: key.id, amountUsd: 0.75 } });
    expect(await budgets.credits('org-c')).toEqual({ total_credits: 0, total_usage: 0.75 });
    expect(await budgets.topUp(ADMIN, 'org-c', 5, 'first')).toEqual({ orgId: 'org-c', balance: { total_credits: 5, total_usage: 0.75 } });
    const manager = await fixture.manager(gateway, 'org-c', 'owner');
    expect((await budgets.topUp(manager, undefined, 2.5)).balance.total_credits).toBe(7.5);
    expect(await rejection(budgets.topUp(manager, 'org-a', 1))).toMatchObject({ status: 403, code: 'forbidden' });
    expect((await budgets.credits('org-a')).total_credits).toBe(0);
  });
});
