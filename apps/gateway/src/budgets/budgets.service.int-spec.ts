import { ApiError } from '@alltokens/contracts';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import { TeamsRepository } from '../teams/teams.repository';
import { ADMIN, GatewayFixture, type KeyStack } from '../testing/gateway-fixture';
import type { CreateBudgetInput } from './budgets.dto';
import { BudgetsRepository } from './budgets.repository';
import { BudgetsService } from './budgets.service';

jest.setTimeout(60_000);

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
    expect(await budgets.orgOf(ADMIN, 'organization', 'org-a')).toBe('org-a');
    expect(await budgets.orgOf(ADMIN, 'team', team.id)).toBe('org-a');
    expect(await budgets.orgOf(ADMIN, 'key', key.id)).toBe('org-a');
    expect(await rejection(budgets.orgOf(ADMIN, 'team', 'no-team'))).toMatchObject({ status: 404, code: 'scope_not_found', message: "No team 'no-team'", param: 'scope_id' });
    expect(await rejection(budgets.orgOf(ADMIN, 'organization', 'no-org'))).toMatchObject({ status: 404 });
  });

  it('keeps one budget per scope and period: setting it again replaces the amount', async () => {
    const first = await budgets.create(ADMIN, budget({ scope: 'organization', scope_id: 'org-a', amount: 10, webhook_url: 'https://hooks.example.com/a' }));
    const again = await budgets.create(ADMIN, budget({ scope: 'organization', scope_id: 'org-a', amount: 25, thresholds: [90] }));
    expect(again.id).toBe(first.id);
    expect(again).toMatchObject({ thresholds: [90], webhookUrl: null });
    expect(again.amountUsd.toNumber()).toBe(25);
    const daily = await budgets.create(ADMIN, budget({ scope: 'organization', scope_id: 'org-a', period: 'daily' }));
    expect(daily.id).not.toBe(first.id);
  });

  it('keeps a management key to its own organisation’s budgets', async () => {
    const manager = await fixture.manager(gateway, 'org-m', 'admin');
    const theirs = await budgets.create(ADMIN, budget({ scope: 'organization', scope_id: 'org-a', period: 'weekly' }));
    expect(await rejection(budgets.create(manager, budget({ scope: 'organization', scope_id: 'org-a' })))).toMatchObject({ status: 404, code: 'scope_not_found' });
    const mine = await budgets.create(manager, budget({ scope: 'key', scope_id: manager.key.id, period: 'total', amount: 3 }));
    expect(mine.orgId).toBe('org-m');
    expect((await budgets.list(manager)).map((b) => b.id)).toEqual([mine.id]);
    expect(await rejection(budgets.remove(manager, theirs.id))).toMatchObject({ status: 404, code: 'budget_not_found' });
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
