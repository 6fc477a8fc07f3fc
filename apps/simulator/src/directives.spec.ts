import { DirectiveError, parseDirectives } from './directives';

describe('parseDirectives', () => {
  it('returns undefined for text without directives', () => {
    expect(parseDirectives('hello [world]')).toBeUndefined();
    expect(parseDirectives(undefined)).toBeUndefined();
  });

  it('reads a status with retry_after', () => {
    expect(parseDirectives('please [sim:status=429 retry_after=1]')).toEqual({
      failure: { kind: 'status', status: 429, retryAfterSec: 1 },
    });
  });

  it('treats retry_after alone as a 429', () => {
    expect(parseDirectives('[sim:retry_after=3]')).toEqual({ failure: { kind: 'status', status: 429, retryAfterSec: 3 } });
  });

  it('merges several blocks and flags', () => {
    expect(parseDirectives('a [sim:chunks=64 interval=20] b [sim:no_usage,latency=200] [sim:cut_after=5]')).toEqual({
      chunks: 64,
      intervalMs: 20,
      noUsage: true,
      latencyMs: 200,
      cutAfter: 5,
    });
    expect(parseDirectives('[sim:reset]')).toEqual({ failure: { kind: 'reset' } });
    expect(parseDirectives('[sim:stall]')).toEqual({ failure: { kind: 'stall' } });
    expect(parseDirectives('[sim:error_after=3 chars=10]')).toEqual({ errorAfter: 3, chars: 10 });
  });

  it('applies a block with on= only on the instance or wire format it names', () => {
    const text = '[sim:on=primary cut_after=3] [sim:on=anthropic stall_after=2] [sim:broken_tools=20 empty]';
    expect(parseDirectives(text, { instance: 'primary', personality: 'openai' })).toEqual({ cutAfter: 3, brokenToolRate: 0.2, empty: true });
    expect(parseDirectives(text, { instance: 'backup', personality: 'anthropic' })).toEqual({ stallAfter: 2, brokenToolRate: 0.2, empty: true });
    expect(parseDirectives('[sim:on=primary cut_after=3]')).toEqual({});
    expect(parseDirectives('[sim:on=fresh cut_after=3]', { instance: 'a', personality: 'openai', fresh: true })).toEqual({ cutAfter: 3 });
    expect(parseDirectives('[sim:on=fresh cut_after=3]', { instance: 'a', personality: 'openai', fresh: false })).toEqual({});
    expect(() => parseDirectives('[sim:on= cut_after=3]')).toThrow(/expected a name/);
    expect(() => parseDirectives('[sim:broken_json=101]')).toThrow(/percentage/);
  });

  it('rejects unknown keys and bad values loudly', () => {
    expect(() => parseDirectives('[sim:statsu=500]')).toThrow(DirectiveError);
    expect(() => parseDirectives('[sim:toString]')).toThrow(/Unknown simulator directive 'toString'/);
    expect(() => parseDirectives('[sim:status=200]')).toThrow(/>= 400/);
    expect(() => parseDirectives('[sim:latency=-1]')).toThrow(DirectiveError);
    expect(() => parseDirectives('[sim:reset=1]')).toThrow(/takes no value/);
  });
});
