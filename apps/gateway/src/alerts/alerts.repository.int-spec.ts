import type { PrismaClient } from '@alltokens/db';
import { createTestPrisma, type TestPrisma } from '@alltokens/db/testing';
import { AlertsRepository, type NewRule } from './alerts.repository';

jest.setTimeout(60_000);

const rule = (orgId: string, destinationIds: string[], fields: Partial<NewRule> = {}): NewRule => ({
  orgId, name: 'r', type: 'breaker_open', destinationIds, endpointId: null, threshold: null, percentile: null, windowSeconds: 300, minRequests: 20, enabled: true, ...fields,
});

describe('AlertsRepository (real Postgres)', () => {
  let postgres: TestPrisma;
  let prisma: PrismaClient;
  let alerts: AlertsRepository;

  beforeAll(async () => {
    postgres = await createTestPrisma('gateway_alerts');
    prisma = postgres.prisma;
    alerts = new AlertsRepository(prisma);
    await prisma.organization.createMany({ data: [{ id: 'org-a', name: 'A' }, { id: 'org-b', name: 'B' }] });
  });
  afterAll(async () => postgres?.stop());

  it('keeps destinations per organisation, oldest first, and counts only the organisation’s own among given ids', async () => {
    const hook = await alerts.createDestination({ orgId: 'org-a', name: 'hook', kind: 'webhook', url: 'https://a.example/hook', secret: 'whsec_a' });
    const slack = await alerts.createDestination({ orgId: 'org-a', name: 'slack', kind: 'slack', url: 'https://hooks.slack.com/a', secret: null });
    const foreign = await alerts.createDestination({ orgId: 'org-b', name: 'b', kind: 'webhook', url: 'https://b.example', secret: 'whsec_b' });
    expect(hook).toMatchObject({ orgId: 'org-a', kind: 'webhook', secret: 'whsec_a' });
    expect((await alerts.listDestinations('org-a')).map((d) => d.id)).toEqual([hook.id, slack.id]);
    expect(await alerts.countDestinations('org-a', [hook.id, slack.id, foreign.id, 'missing'])).toBe(2);
    expect(await alerts.findDestination(foreign.id)).toMatchObject({ orgId: 'org-b' });
    await alerts.removeDestination(slack.id);
    expect(await alerts.findDestination(slack.id)).toBeNull();
  });

  it('counts the rules that send to a destination, toggles a rule and removes it', async () => {
    const [d1, d2] = await Promise.all(['one', 'two'].map((name) => alerts.createDestination({ orgId: 'org-a', name, kind: 'slack', url: `https://${name}.example`, secret: null })));
    const first = await alerts.createRule(rule('org-a', [d1!.id, d2!.id], { name: 'latency', type: 'latency', threshold: 800, percentile: 95, endpointId: 'p:m' }));
    const second = await alerts.createRule(rule('org-a', [d1!.id]));
    await alerts.createRule(rule('org-b', ['elsewhere']));
    expect(first).toMatchObject({ type: 'latency', threshold: 800, percentile: 95, endpointId: 'p:m', destinationIds: [d1!.id, d2!.id] });
    expect(await alerts.countRulesUsing(d1!.id)).toBe(2);
    expect(await alerts.countRulesUsing(d2!.id)).toBe(1);
    expect((await alerts.listRules('org-a')).map((r) => r.id)).toEqual([first.id, second.id]);
    const paused = await alerts.setRuleEnabled(first.id, false);
    expect(paused).toMatchObject({ id: first.id, enabled: false, threshold: 800 });
    expect((await alerts.findRule(first.id))?.enabled).toBe(false);
    await alerts.removeRule(second.id);
    expect(await alerts.countRulesUsing(d1!.id)).toBe(1);
    expect(await alerts.findRule(second.id)).toBeNull();
  });

  it('returns an organisation’s fired alerts newest first, at most `limit`', async () => {
    const base = Date.UTC(2026, 2, 9);
    await prisma.alertEventRecord.createMany({
      data: [0, 1, 2, 3].map((i) => ({ id: `ev-${i}`, orgId: i === 3 ? 'org-b' : 'org-a', type: 'endpoint.error_rate', summary: `s${i}`, data: { i }, createdAt: new Date(base + i * 60_000) })),
    });
    expect((await alerts.recentEvents('org-a', 10)).map((e) => e.id)).toEqual(['ev-2', 'ev-1', 'ev-0']);
    expect((await alerts.recentEvents('org-a', 2)).map((e) => e.id)).toEqual(['ev-2', 'ev-1']);
    expect((await alerts.recentEvents('org-b', 10)).map((e) => e.data)).toEqual([{ i: 3 }]);
  });
});
