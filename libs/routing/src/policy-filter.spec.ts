import { Catalog, catalogConfigSchema } from '@alltokens/catalog';
import { routingPolicySchema } from '@alltokens/contracts';
import { policyExclusion } from './policy-filter';

const catalog = new Catalog(
  catalogConfigSchema.parse({
    providers: [
      { id: 'us', base_url: 'http://a/v1', region: 'us', trains_on_data: true, models: [{ model: 'openai/gpt-4o', pricing: { prompt: 2.5, completion: 10 } }] },
      { id: 'ru', base_url: 'http://b/v1', region: 'ru', zero_data_retention: true, models: [{ model: 'yandex/yandexgpt', pricing: { prompt: 1, completion: 1 } }] },
    ],
  }),
);
const us = catalog.endpoint('us:openai/gpt-4o')!;
const ru = catalog.endpoint('ru:yandex/yandexgpt')!;
const policy = (fields: Record<string, unknown>) => routingPolicySchema.parse({ id: 'p', name: 'p', scope: 'organization', ...fields });

describe('policyExclusion', () => {
  it('is absent without policies', () => {
    expect(policyExclusion([])).toBeUndefined();
  });

  it.each([
    [{ allowedRegions: ['ru'] }, 'region us is not allowed'],
    [{ allowedProviders: ['ru'] }, 'provider us is not allowed'],
    [{ deniedProviders: ['us'] }, 'provider us is denied'],
    [{ allowedModels: ['yandex/yandexgpt'] }, 'model openai/gpt-4o is not allowed'],
    [{ deniedModels: ['openai/gpt-4o'] }, 'model openai/gpt-4o is denied'],
    [{ denyDataTraining: true }, 'the provider trains on prompts'],
    [{ requireZdr: true }, 'zero data retention is required'],
    [{ maxPricePerMtok: 5 }, 'price above $5 per million tokens'],
  ])('%j excludes the US endpoint (%s) and keeps the Russian one', (fields, reason) => {
    const exclude = policyExclusion([policy(fields)])!;
    expect(exclude(us)).toBe(`policy "p" (organization): ${reason}`);
    expect(exclude(ru)).toBeNull();
  });

  it('applies every policy: the strictest wins and is named', () => {
    const exclude = policyExclusion([policy({ name: 'org-open' }), policy({ name: 'key-strict', scope: 'key', requireZdr: true })])!;
    expect(exclude(us)).toBe('policy "key-strict" (key): zero data retention is required');
  });
});
