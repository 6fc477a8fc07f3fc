import { ApiError, chatCompletionRequestSchema } from '@alltokens/contracts';
import { nonEmptyStopList, OUTPUT_LIMIT, ParameterTable, stopList, type ChatParameters } from './parameters';

const request = (fields: Record<string, unknown>) => chatCompletionRequestSchema.parse({ model: 'm', messages: [{ role: 'user', content: 'hi' }], ...fields });

describe('ParameterTable', () => {
  const table = new ParameterTable<ChatParameters, { thinking: boolean }>([
    { from: OUTPUT_LIMIT, to: 'config.maxTokens' },
    { from: 'temperature', to: 'config.temperature', max: 1, when: (state) => !state.thinking },
    { from: 'top_p', to: 'p', min: 0.01, max: 0.99 },
    { from: 'stop', to: 'stop_sequences', transform: nonEmptyStopList },
    { from: 'seed', to: 'seed', transform: (seed) => (seed >= 0 ? seed : undefined) },
    { from: 'top_k', to: 'k' },
    { drop: ['frequency_penalty', 'presence_penalty'] },
    { refuse: 'n', accepts: (n) => n === 1, message: 'One choice only; n must be 1' },
  ]);
  const apply = (fields: Record<string, unknown>, thinking = false) => table.apply(request(fields), { thinking });

  it('renames, nests and clamps, in table order', () => {
    const out = apply({ top_p: 1, temperature: 1.7, max_tokens: 10, stop: 'x', seed: 3 });
    expect(out).toEqual({ config: { maxTokens: 10, temperature: 1 }, p: 0.99, stop_sequences: ['x'], seed: 3 });
    expect(JSON.stringify(out)).toBe('{"config":{"maxTokens":10,"temperature":1},"p":0.99,"stop_sequences":["x"],"seed":3}');
    expect(apply({ top_p: 0 })).toEqual({ p: 0.01 });
  });

  it('reads the first source the request sets, null counting as unset', () => {
    expect(apply({ max_tokens: 10, max_completion_tokens: 20 })).toEqual({ config: { maxTokens: 20 } });
    expect(apply({ max_tokens: 10, max_completion_tokens: null })).toEqual({ config: { maxTokens: 10 } });
    expect(apply({ temperature: null, stop: null })).toEqual({});
  });

  it('sends nothing when a transform or a condition says so, and creates no empty objects', () => {
    expect(apply({ stop: [], seed: -1 })).toEqual({});
    expect(apply({ temperature: 0.5 }, true)).toEqual({});
  });

  it('drops what the provider has no counterpart for', () => {
    expect(apply({ frequency_penalty: 1, presence_penalty: 1, logit_bias: { 1: 1 } })).toEqual({});
  });

  it('ignores OpenRouter extras that are not numbers', () => {
    expect(apply({ top_k: 40 })).toEqual({ k: 40 });
    expect(apply({ top_k: '40' })).toEqual({});
  });

  it('refuses a value the provider cannot honour with a 400 naming the parameter', () => {
    expect(apply({ n: 1 })).toEqual({});
    let error: unknown;
    try {
      apply({ n: 2 });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: 'unsupported_parameter', param: 'n', message: 'One choice only; n must be 1' });
  });

  it('fills a default when the request sets none, and lets a later rule overwrite an earlier one', () => {
    const defaults = new ParameterTable<ChatParameters>([
      { from: 'temperature', to: 'temperature', transform: (t) => (t > 0 ? t : undefined) },
      { from: 'top_p', to: 'top_p', default: (r) => (r.temperature === 0 ? 0 : undefined) },
      { from: 'max_tokens', to: 'limit' },
      { from: 'max_completion_tokens', to: 'limit' },
    ]);
    expect(defaults.apply(request({ temperature: 0 }))).toEqual({ top_p: 0 });
    expect(defaults.apply(request({ temperature: 0, top_p: 0.5 }))).toEqual({ top_p: 0.5 });
    expect(defaults.apply(request({ temperature: 0.3 }))).toEqual({ temperature: 0.3 });
    expect(defaults.apply(request({ max_tokens: 5, max_completion_tokens: 7 }))).toEqual({ limit: 7 });
  });

  it('says what it does with each parameter, for the docs', () => {
    expect(table.describe()).toEqual([
      { name: 'max_completion_tokens', fate: 'sent', to: 'config.maxTokens' },
      { name: 'max_tokens', fate: 'sent', to: 'config.maxTokens' },
      { name: 'temperature', fate: 'sent', to: 'config.temperature', max: 1 },
      { name: 'top_p', fate: 'sent', to: 'p', min: 0.01, max: 0.99 },
      { name: 'stop', fate: 'sent', to: 'stop_sequences' },
      { name: 'seed', fate: 'sent', to: 'seed' },
      { name: 'top_k', fate: 'sent', to: 'k' },
      { name: 'frequency_penalty', fate: 'dropped' },
      { name: 'presence_penalty', fate: 'dropped' },
      { name: 'n', fate: 'refused', message: 'One choice only; n must be 1' },
    ]);
  });
});

describe('stop lists', () => {
  it('takes a string or a list, and can leave an empty list out', () => {
    expect(stopList('x')).toEqual(['x']);
    expect(stopList([])).toEqual([]);
    expect(nonEmptyStopList([])).toBeUndefined();
    expect(nonEmptyStopList(['a'])).toEqual(['a']);
  });
});
