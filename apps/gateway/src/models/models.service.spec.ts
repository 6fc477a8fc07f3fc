import { Catalog, catalogConfigSchema } from '@alltokens/catalog';
import { ModelsService } from './models.service';

const catalog = new Catalog(
  catalogConfigSchema.parse({
    providers: [
      {
        id: 'alpha',
        base_url: 'http://a/v1',
        models: [
          { model: 'openai/gpt-4o-mini', pricing: { prompt: 0.3, completion: 1.2 }, supported_parameters: ['max_tokens'] },
          { model: 'meta-llama/llama-3.1-8b-instruct', pricing: { prompt: 0.02, completion: 0.05 }, supported_parameters: ['max_tokens', 'temperature'] },
        ],
      },
      { id: 'beta', base_url: 'http://b/v1', models: [{ model: 'openai/gpt-4o-mini', pricing: { prompt: 0.15, completion: 0.6, cached_prompt: 0.075 }, supported_parameters: ['tools', 'max_tokens'] }] },
    ],
  }),
);
const models = new ModelsService(catalog);

describe('ModelsService', () => {
  it('lists every model with the cheapest endpoint’s price and the parameters any endpoint supports', () => {
    const mini = models.list([]).find((model) => model.id === 'openai/gpt-4o-mini')!;
    expect(mini.pricing).toMatchObject({ prompt: '0.00000015', completion: '0.0000006', input_cache_read: '0.000000075' });
    expect(mini.supported_parameters).toEqual(['max_tokens', 'tools']);
    expect(mini).toMatchObject({ object: 'model', owned_by: 'openai', canonical_slug: 'openai/gpt-4o-mini' });
  });

  it('keeps only models supporting every parameter asked for', () => {
    expect(models.list(['tools']).map((model) => model.id)).toEqual(['openai/gpt-4o-mini']);
    expect(models.list(['temperature', 'max_tokens']).map((model) => model.id)).toEqual(['meta-llama/llama-3.1-8b-instruct']);
    expect(models.list(['tools', 'temperature'])).toEqual([]);
  });

  it('finds one model, or answers 404 naming it', () => {
    expect(models.retrieve('meta-llama/llama-3.1-8b-instruct').name).toBe('meta-llama/llama-3.1-8b-instruct');
    expect(() => models.retrieve('nope/x')).toThrow(expect.objectContaining({ status: 404, code: 'model_not_found', message: "Model 'nope/x' does not exist or is not served here" }));
  });
});
