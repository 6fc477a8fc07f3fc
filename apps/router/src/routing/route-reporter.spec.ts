import { Catalog, catalogConfigSchema } from '@alltokens/catalog';
import { JobName, QueueName } from '@alltokens/contracts';
import type { JobProducer } from '@alltokens/jobs';
import { createLogger } from '@alltokens/platform';
import type { HealthStore, RouteRecordStore } from '@alltokens/routing';
import { RouteReporter } from './route-reporter';

const catalog = new Catalog(catalogConfigSchema.parse({ providers: [{ id: 'p', base_url: 'http://127.0.0.1:1/v1', models: [{ model: 'openai/gpt-4o-mini' }] }] }));

describe('RouteReporter breaker signals', () => {
  it('enqueues one breaker-opened job when a failure opened the breaker, none otherwise', async () => {
    const opened = [null, { failures: 5, openUntil: 123_456 }];
    const health = { record: jest.fn(async () => opened.shift() ?? null) } as unknown as HealthStore;
    const enqueued: Array<{ name: string; payload: unknown }> = [];
    const alerts = { enqueue: jest.fn(async (name: string, payload: unknown) => void enqueued.push({ name, payload })) } as unknown as JobProducer<typeof QueueName.Alerts>;
    const reporter = new RouteReporter(health, {} as RouteRecordStore, createLogger('test', 'silent'), { catalog, jobs: alerts });
    reporter.failure('p:openai/gpt-4o-mini', false, 12);
    reporter.failure('p:openai/gpt-4o-mini', true, 30_000);
    await new Promise((resolve) => setImmediate(resolve));
    expect(enqueued).toEqual([
      { name: JobName.BreakerOpened, payload: { v: 1, endpointId: 'p:openai/gpt-4o-mini', providerId: 'p', modelId: 'openai/gpt-4o-mini', failures: 5, openUntil: 123_456, at: expect.any(Number) } },
    ]);
  });
});
