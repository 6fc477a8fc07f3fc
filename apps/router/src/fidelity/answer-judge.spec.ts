import { chatCompletionRequestSchema } from '@alltokens/contracts';
import { judgeAnswer, type AnswerFacts } from './answer-judge';
import { SchemaValidators } from './schema-validators';

const weather = { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' } }, required: ['city'], additionalProperties: false };
const request = (extra: Record<string, unknown> = {}) =>
  chatCompletionRequestSchema.parse({ model: 'x/y', messages: [{ role: 'user', content: 'hi' }], ...extra });
const withTools = request({ tools: [{ type: 'function', function: { name: 'weather', parameters: weather } }, { type: 'function', function: { name: 'now' } }] });
const facts = (extra: Partial<AnswerFacts>): AnswerFacts => ({ content: '', toolCalls: [], finishReason: 'stop', completionTokens: 5, ...extra });

describe('judgeAnswer', () => {
  const validators = new SchemaValidators();

  it('counts tool calls whose arguments are not JSON, off the schema, or name no tool', () => {
    const calls = [
      { name: 'weather', arguments: '{"city":"Paris","days":2}' },
      { name: 'weather', arguments: '{"city":"Paris"' },
      { name: 'weather', arguments: '{"city":12345}' },
      { name: 'weather', arguments: '{"city":"Oslo","extra":1}' },
      { name: 'now', arguments: '' },
      { name: 'forecast', arguments: '{}' },
    ];
    expect(judgeAnswer(withTools, facts({ toolCalls: calls, finishReason: 'tool_calls' }), validators)).toMatchObject({ answers: 1, toolCalls: 6, brokenToolCalls: 4, empty: 0 });
  });

  it('counts a tool call the request forced and the answer did not make as broken', () => {
    const forced = request({ tools: withTools.tools, tool_choice: 'required' });
    expect(judgeAnswer(forced, facts({ content: 'I would rather chat' }), validators)).toMatchObject({ toolCalls: 1, brokenToolCalls: 1 });
    expect(judgeAnswer(withTools, facts({ content: 'No call needed' }), validators)).toMatchObject({ toolCalls: 0, brokenToolCalls: 0 });
  });

  it('checks response_format answers: JSON for json_object, the schema for json_schema, not when truncated', () => {
    const schema = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] };
    const asked = request({ response_format: { type: 'json_schema', json_schema: { name: 'a', schema } } });
    expect(judgeAnswer(asked, facts({ content: '{"answer":"yes"}' }), validators)).toMatchObject({ jsonAnswers: 1, jsonViolations: 0 });
    expect(judgeAnswer(asked, facts({ content: '{"answer":42}' }), validators)).toMatchObject({ jsonAnswers: 1, jsonViolations: 1 });
    expect(judgeAnswer(asked, facts({ content: '{"answer":"ye' }), validators)).toMatchObject({ jsonAnswers: 1, jsonViolations: 1 });
    expect(judgeAnswer(asked, facts({ content: '{"answer":"ye', finishReason: 'length' }), validators)).toMatchObject({ jsonAnswers: 0 });
    const object = request({ response_format: { type: 'json_object' } });
    expect(judgeAnswer(object, facts({ content: '[1,2]' }), validators)).toMatchObject({ jsonViolations: 1 });
    expect(judgeAnswer(object, facts({ content: '{"a":1}' }), validators)).toMatchObject({ jsonViolations: 0 });
  });

  it('flags empty 200s and truncations below the requested max_tokens', () => {
    expect(judgeAnswer(request(), facts({ content: '  ' }), validators)).toMatchObject({ empty: 1 });
    expect(judgeAnswer(request({ max_tokens: 100 }), facts({ content: 'cut', finishReason: 'length', completionTokens: 40 }), validators)).toMatchObject({ truncated: 1, empty: 0 });
    expect(judgeAnswer(request({ max_tokens: 100 }), facts({ content: 'full', finishReason: 'length', completionTokens: 100 }), validators)).toMatchObject({ truncated: 0 });
    expect(judgeAnswer(request(), facts({ content: 'no limit asked', finishReason: 'length' }), validators)).toMatchObject({ truncated: 0 });
  });

  it('compiles a schema once per request shape and tolerates schemas Ajv cannot compile', () => {
    const cache = new SchemaValidators(2);
    const compile = jest.spyOn((cache as unknown as { ajv: { compile: () => unknown } }).ajv, 'compile');
    for (let i = 0; i < 5; i += 1) judgeAnswer(withTools, facts({ toolCalls: [{ name: 'weather', arguments: '{"city":"x"}' }] }), cache);
    expect(compile).toHaveBeenCalledTimes(1);
    const odd = request({ tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object', properties: { a: { $ref: '#/nowhere' } } } } }] });
    expect(judgeAnswer(odd, facts({ toolCalls: [{ name: 'f', arguments: '{"a":1}' }] }), cache)).toMatchObject({ toolCalls: 1, brokenToolCalls: 0 });
    const dialect = request({ tools: [{ type: 'function', function: { name: 'g', parameters: { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', required: ['q'] } } }] });
    expect(judgeAnswer(dialect, facts({ toolCalls: [{ name: 'g', arguments: '{}' }] }), cache)).toMatchObject({ brokenToolCalls: 1 });
    expect(cache.size).toBe(2);
  });
});
