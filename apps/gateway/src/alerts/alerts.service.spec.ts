import { ApiError } from '@alltokens/contracts';
import type { AlertDestination, AlertRule } from '@alltokens/db';
import type { StoredKey } from '../auth/api-key.repository';
import type { Principal } from '../auth/auth.service';
import type { OrganizationsRepository } from '../organizations/organizations.repository';
import { createRuleSchema } from './alerts.dto';
import type { AlertsRepository, NewDestination, NewRule } from './alerts.repository';
import { AlertsService } from './alerts.service';
import type { WebhookUrlCheck } from './webhook-url-check';

const ADMIN: Principal = { kind: 'admin' };
const manager = (orgId: string): Principal => ({ kind: 'management', key: { id: `mk-${orgId}`, orgId } as StoredKey });
const at = new Date(0);

/** The service over a repository that keeps rows in arrays, recording what it is asked. */
function setup() {
  const calls: string[] = [];
  const destinations: AlertDestination[] = [];
  const rules: AlertRule[] = [];
  const repository = {
    createDestination: async (d: NewDestination) => {
      const created = { ...d, id: `d${destinations.length + 1}`, createdAt: at, updatedAt: at };
      destinations.push(created);
      return created;
    },
    listDestinations: async (orgId: string) => (calls.push(`destinations ${orgId}`), destinations.filter((d) => d.orgId === orgId)),
    findDestination: async (id: string) => destinations.find((d) => d.id === id) ?? null,
    countDestinations: async (orgId: string, ids: string[]) => destinations.filter((d) => d.orgId === orgId && ids.includes(d.id)).length,
    removeDestination: async (id: string) => void calls.push(`remove destination ${id}`),
    createRule: async (r: NewRule) => {
      const created = { ...r, id: `r${rules.length + 1}`, createdAt: at, updatedAt: at };
      rules.push(created);
      return created;
    },
    listRules: async (orgId: string) => (calls.push(`rules ${orgId}`), rules.filter((r) => r.orgId === orgId)),
    findRule: async (id: string) => rules.find((r) => r.id === id) ?? null,
    countRulesUsing: async (id: string) => rules.filter((r) => r.destinationIds.includes(id)).length,
    setRuleEnabled: async (id: string, enabled: boolean) => ({ ...rules.find((r) => r.id === id)!, enabled }),
    removeRule: async (id: string) => void calls.push(`remove rule ${id}`),
    recentEvents: async (orgId: string, limit: number) => (calls.push(`events ${orgId} ${limit}`), []),
  } as unknown as AlertsRepository;
  const organizations = { ensure: async (id: string) => void calls.push(`ensure ${id}`) } as unknown as OrganizationsRepository;
  const webhooks = {
    assertAllowed: async (url: string, param: string) => {
      calls.push(`check ${url}`);
      if (url.includes('169.254.169.254')) throw new ApiError(400, 'webhook_url_not_allowed', `${param} is not allowed`, param);
    },
  } as unknown as WebhookUrlCheck;
  return { calls, destinations, rules, service: new AlertsService(repository, organizations, webhooks) };
}

const rejection = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as ApiError);
const rule = (fields: Record<string, unknown>) => createRuleSchema.parse({ name: 'r', type: 'breaker_open', ...fields });

describe('AlertsService', () => {
  it('gives a webhook a signing secret (returned once) and a Slack URL none, creating the organisation first', async () => {
    const { service, calls } = setup();
    const hook = await service.createDestination(manager('org-a'), { name: 'pager', kind: 'webhook', url: 'https://hooks.example.com/a' });
    expect(hook.secret).toMatch(/^whsec_[\w-]{43}$/);
    expect(hook.row).toMatchObject({ orgId: 'org-a', kind: 'webhook', secret: hook.secret });
    const slack = await service.createDestination(ADMIN, { name: 'ops', kind: 'slack', url: 'https://hooks.slack.com/x' });
    expect(slack).toMatchObject({ secret: null, row: { orgId: 'default', secret: null } });
    expect(calls).toEqual(['check https://hooks.example.com/a', 'ensure org-a', 'check https://hooks.slack.com/x', 'ensure default']);
  });

  it('refuses a management key naming another organisation before looking at the URL, and a refused URL creates nothing', async () => {
    const { service, calls, destinations } = setup();
    const foreign = await rejection(service.createDestination(manager('org-a'), { name: 'x', kind: 'webhook', url: 'https://a.example', org_id: 'org-b' }));
    expect(foreign).toMatchObject({ status: 404, code: 'org_not_found', message: "No organisation 'org-b'", param: 'org_id' });
    expect(await rejection(service.listRules(manager('org-a'), 'org-b'))).toMatchObject({ status: 404, code: 'org_not_found' });
    expect(await rejection(service.createDestination(ADMIN, { name: 'm', kind: 'webhook', url: 'http://169.254.169.254/latest' }))).toMatchObject({ status: 400, code: 'webhook_url_not_allowed' });
    expect(calls).toEqual(['check http://169.254.169.254/latest']);
    expect(destinations).toEqual([]);
  });

  it('lists and reads events in the organisation the caller acts for', async () => {
    const { service, calls } = setup();
    await service.listDestinations(manager('org-a'), 'org-a');
    await service.listRules(ADMIN, 'org-b');
    await service.events(ADMIN, undefined, 7);
    expect(calls).toEqual(['destinations org-a', 'rules org-b', 'events default 7']);
  });

  it('stores a rule with each destination once, the latency percentile defaulting to p95, and refuses foreign destinations', async () => {
    const { service } = setup();
    const mine = (await service.createDestination(manager('org-a'), { name: 'a', kind: 'slack', url: 'https://a.example' })).row;
    const theirs = (await service.createDestination(manager('org-b'), { name: 'b', kind: 'slack', url: 'https://b.example' })).row;
    const latency = await service.createRule(manager('org-a'), rule({ type: 'latency', threshold: 800, destination_ids: [mine.id, mine.id] }));
    expect(latency).toMatchObject({ orgId: 'org-a', destinationIds: [mine.id], percentile: 95, threshold: 800, endpointId: null, windowSeconds: 300, minRequests: 20, enabled: true });
    expect(await service.createRule(manager('org-a'), rule({ destination_ids: [mine.id] }))).toMatchObject({ percentile: null, threshold: null });
    const refused = await rejection(service.createRule(manager('org-a'), rule({ destination_ids: [mine.id, theirs.id] })));
    expect(refused).toMatchObject({ status: 404, code: 'destination_not_found', param: 'destination_ids' });
  });

  it('keeps a destination while a rule sends to it (409), and hides other organisations’ rows behind 404s', async () => {
    const { service, calls } = setup();
    const hook = (await service.createDestination(manager('org-a'), { name: 'a', kind: 'webhook', url: 'https://a.example' })).row;
    const created = await service.createRule(manager('org-a'), rule({ destination_ids: [hook.id] }));
    expect(await rejection(service.removeDestination(manager('org-a'), hook.id))).toMatchObject({
      status: 409, code: 'destination_in_use', message: `Alert destination '${hook.id}' is used by 1 rule(s); delete or change them first`,
    });
    expect(await rejection(service.removeDestination(manager('org-b'), hook.id))).toMatchObject({ status: 404, code: 'destination_not_found', message: `No alert destination '${hook.id}'` });
    expect(await rejection(service.setRuleEnabled(manager('org-b'), created.id, false))).toMatchObject({ status: 404, code: 'rule_not_found', message: `No alert rule '${created.id}'` });
    expect(await rejection(service.removeRule(ADMIN, 'missing'))).toMatchObject({ status: 404, code: 'rule_not_found' });
    const { before, after } = await service.setRuleEnabled(manager('org-a'), created.id, false);
    expect([before.enabled, after.enabled]).toEqual([true, false]);
    expect((await service.removeRule(manager('org-a'), created.id)).id).toBe(created.id);
    expect(calls.filter((c) => c.startsWith('remove'))).toEqual([`remove rule ${created.id}`]);
  });
});
