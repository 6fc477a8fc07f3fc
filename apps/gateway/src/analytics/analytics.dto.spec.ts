import { requestLogQuerySchema, toRequestLogView, toUsageView, usageQuerySchema } from './analytics.dto';
import type { LogRow, UsageRow } from './analytics.repository';

const row: UsageRow = {
  bucket: new Date('2026-03-09T10:00:00Z'),
  grp: '',
  requests: 8,
  errors: 2,
  prompt_tokens: 100,
  completion_tokens: 50,
  cached_tokens: 10,
  reasoning_tokens: 5,
  cost_usd: 0.0125,
  cache_hits: 1,
  latency_ms: [120.4, 800.5, 1600],
  ttft_ms: null,
};

describe('analytics views', () => {
  it('shows a usage bucket with its error rate and rounded percentiles, an empty group as null', () => {
    expect(toUsageView(row)).toEqual({
      bucket: '2026-03-09T10:00:00.000Z',
      group: null,
      requests: 8,
      errors: 2,
      error_rate: 0.25,
      prompt_tokens: 100,
      completion_tokens: 50,
      cached_tokens: 10,
      reasoning_tokens: 5,
      cost: 0.0125,
      cache_hits: 1,
      latency_ms: { p50: 120, p95: 801, p99: 1600 },
      ttft_ms: null,
    });
    expect(toUsageView({ ...row, grp: 'openai/gpt-4o', requests: 0, errors: 0 })).toMatchObject({ group: 'openai/gpt-4o', error_rate: 0 });
  });

  it('shows a request log row with an ISO timestamp', () => {
    const log = { id: 'g1', created_at: new Date('2026-03-09T10:00:01.5Z') } as LogRow;
    expect(toRequestLogView(log)).toEqual({ id: 'g1', created_at: '2026-03-09T10:00:01.500Z' });
  });

  it('defaults and bounds the query parameters', () => {
    expect(usageQuerySchema.parse({})).toEqual({ bucket: '1h', group_by: 'none' });
    expect(requestLogQuerySchema.parse({ limit: '20', status: 'interrupted' })).toEqual({ limit: 20, status: 'interrupted' });
    expect(requestLogQuerySchema.safeParse({ status: 'lost' }).success).toBe(false);
    expect(requestLogQuerySchema.safeParse({ limit: '501' }).success).toBe(false);
  });
});
