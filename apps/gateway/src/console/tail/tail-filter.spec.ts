import type { RequestLogRow } from '@alltokens/contracts';
import { matchesTail, tailFilterSchema } from './tail-filter';

const row: RequestLogRow = {
  id: 'gen-1',
  org_id: 'acme',
  created_at: '2026-01-01T00:00:00.000Z',
  key_id: 'k1',
  model: 'openai/gpt-4o-mini',
  provider_id: 'primary',
  status: 'success',
  streamed: false,
  prompt_tokens: 3,
  completion_tokens: 5,
  cost_usd: 0.0001,
  latency_ms: 40,
  ttft_ms: null,
  finish_reason: 'stop',
  error_code: null,
  cache_hit: false,
  tags: ['feature:search', 'team:ads'],
  end_user: 'alice',
  guardrails: [{ guardrailId: 'g', rule: 'email', stage: 'prompt', action: 'mask', count: 2 }],
};

describe('live tail filter', () => {
  it('shows only the viewer organisation', () => {
    expect(matchesTail(row, 'acme', {})).toBe(true);
    expect(matchesTail(row, 'other', {})).toBe(false);
  });

  it('applies the tag, end-user and guardrail filters as the request log does', () => {
    const f = (query: Record<string, string>) => tailFilterSchema.parse(query);
    expect(matchesTail(row, 'acme', f({ tag: 'Feature:search', user: 'alice', guardrail_rule: 'email' }))).toBe(true);
    expect(matchesTail(row, 'acme', f({ tag: 'feature:chat' }))).toBe(false);
    expect(matchesTail(row, 'acme', f({ user: 'bob' }))).toBe(false);
    expect(matchesTail(row, 'acme', f({ guardrail_rule: 'card_number' }))).toBe(false);
  });

  it('applies every log filter', () => {
    const f = (query: Record<string, string>) => tailFilterSchema.parse(query);
    expect(matchesTail(row, 'acme', f({ status: 'success', model: 'openai/gpt-4o-mini', provider: 'primary', key_id: 'k1', cache_hit: 'false' }))).toBe(true);
    expect(matchesTail(row, 'acme', f({ status: 'error' }))).toBe(false);
    expect(matchesTail(row, 'acme', f({ key_id: 'k2' }))).toBe(false);
    expect(matchesTail(row, 'acme', f({ cache_hit: 'true' }))).toBe(false);
    expect(() => f({ status: 'bogus' })).toThrow();
  });
});
