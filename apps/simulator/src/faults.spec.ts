import { FaultQueue, faultListSchema } from './faults';

describe('FaultQueue', () => {
  it('applies a fault to the next `count` matching requests only', () => {
    const queue = new FaultQueue();
    queue.add([{ type: 'status', status: 503, count: 2, path: '/v1/chat/completions' }]);
    expect(queue.take('/v1/embeddings', 'm')).toBeUndefined();
    expect(queue.take('/v1/chat/completions', 'm')).toEqual({ failure: { kind: 'status', status: 503 } });
    expect(queue.take('/v1/chat/completions', 'm')?.failure).toMatchObject({ status: 503 });
    expect(queue.take('/v1/chat/completions', 'm')).toBeUndefined();
    expect(queue.list()).toEqual([]);
  });

  it('combines faults of different kinds on one request, queues faults of the same kind', () => {
    const queue = new FaultQueue();
    queue.add([
      { type: 'status', status: 503 },
      { type: 'reset' },
      { type: 'latency', ms: 50 },
      { type: 'cut_after', chunks: 2 },
    ]);
    expect(queue.take('/x', undefined)).toEqual({ failure: { kind: 'status', status: 503 }, latencyMs: 50, cutAfter: 2 });
    expect(queue.take('/x', undefined)).toEqual({ failure: { kind: 'reset' } });
    expect(queue.take('/x', undefined)).toBeUndefined();
  });

  it('matches on model', () => {
    const queue = new FaultQueue();
    queue.add([{ type: 'stall', model: 'gpt-4o' }]);
    expect(queue.take('/v1/chat/completions', 'gpt-4o-mini')).toBeUndefined();
    expect(queue.take('/v1/chat/completions', 'gpt-4o')).toEqual({ failure: { kind: 'stall' } });
  });

  it('accepts the three body shapes of the control API and rejects bad faults', () => {
    expect(faultListSchema.parse({ faults: [{ type: 'reset' }] })).toHaveLength(1);
    expect(faultListSchema.parse([{ type: 'reset' }, { type: 'no_usage' }])).toHaveLength(2);
    expect(faultListSchema.parse({ type: 'error_after', chunks: 3 })).toEqual([{ type: 'error_after', chunks: 3, count: 1 }]);
    expect(faultListSchema.safeParse({ faults: [{ type: 'status', status: 200 }] }).success).toBe(false);
    expect(faultListSchema.safeParse({ faults: [{ type: 'explode' }] }).success).toBe(false);
  });
});
