import { createPrismaClient, type PrismaClient } from '@alltokens/db';
import { createTestDatabase, type TestDatabase } from '@alltokens/db/testing';
import { createLogger } from '@alltokens/platform';
import { ThresholdAlerts } from './threshold-alerts';

describe('ThresholdAlerts (real Postgres)', () => {
  let database: TestDatabase;
  let prisma: PrismaClient;

  beforeAll(async () => {
    database = await createTestDatabase('alerts');
    prisma = createPrismaClient(database.url, { max: 2 });
    await prisma.organization.create({ data: { id: 'o', name: 'o' } });
    await prisma.apiKey.create({ data: { id: 'k', orgId: 'o', name: 'k', hash: 'x'.repeat(64), prefix: 'p', lastFour: '0000' } });
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await database?.drop();
  });

  it('fires each crossed threshold once per period', async () => {
    const budget = await prisma.budget.create({ data: { orgId: 'o', scope: 'key', scopeId: 'k', amountUsd: 1, period: 'monthly', thresholds: [50, 80, 100], webhookUrl: 'http://hook.test/x' } });
    const sent: Array<{ threshold: number }> = [];
    const alerts = new ThresholdAlerts(prisma, createLogger('test', 'silent'), async (_url, body) => void sent.push(body as { threshold: number }));
    const spend = async (id: string, amount: number) => {
      await prisma.ledgerEntry.create({ data: { generationId: id, orgId: 'o', keyId: 'k', amountUsd: amount } });
      (alerts as unknown as { lastChecked: Map<string, number> }).lastChecked.clear();
      await alerts.check([{ id, key_id: 'k', org_id: 'o', cost_usd: amount }]);
    };
    await spend('g1', 0.3);
    expect(sent).toEqual([]);
    await spend('g2', 0.3);
    expect(sent.map((e) => e.threshold)).toEqual([50]);
    await spend('g3', 0.3);
    await spend('g4', 0.01);
    expect(sent.map((e) => e.threshold)).toEqual([50, 80]);
    expect(await prisma.budgetAlert.count({ where: { budgetId: budget.id } })).toBe(2);
  });
});
