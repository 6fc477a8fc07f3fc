import { chunkEncoder, chunkPayload, decodeReply, encodeReply, peekReplyRequestId, ReplyKind, type RouteMeta } from './reply';

const meta: RouteMeta = {
  provider: 'sim',
  model: 'openai/gpt-4o-mini',
  routeMode: 'fixed',
  decisionReason: 'fixed_model',
  candidates: 1,
  failoverCount: 0,
  traceId: 'abc',
  ttftMs: 3,
  totalLatencyMs: 9,
};

describe('reply codec', () => {
  it('round-trips every kind', () => {
    const messages = [
      { kind: ReplyKind.Start, requestId: 'gen-1', meta },
      { kind: ReplyKind.Chunk, requestId: 'gen-1', data: '{"a":"x|y\\n"}' },
      { kind: ReplyKind.End, requestId: 'gen-1', meta },
      { kind: ReplyKind.Response, requestId: 'gen-1', meta, body: '{"id":"gen-1",\n"x":1}' },
      {
        kind: ReplyKind.Error,
        requestId: 'gen-1',
        error: { status: 502, body: { error: { message: 'm', type: 't', param: null, code: 'c' } } },
      },
    ] as const;
    for (const message of messages) expect(decodeReply(encodeReply(message))).toEqual(message);
  });

  it('keeps chunk payloads byte for byte', () => {
    const raw = encodeReply({ kind: ReplyKind.Chunk, requestId: 'gen-2', data: 'ünïcødé | "q"' });
    expect(raw).toBe('c|gen-2|ünïcødé | "q"');
    expect(peekReplyRequestId(raw)).toBe('gen-2');
  });

  it('encodes and slices chunks without decoding, as the general codec does', () => {
    const encode = chunkEncoder('gen-3');
    const data = '{"choices":[{"delta":{"content":"a|b"}}]}';
    expect(encode(data)).toBe(encodeReply({ kind: ReplyKind.Chunk, requestId: 'gen-3', data }));
    expect(chunkPayload(encode(data))).toBe(data);
    expect(decodeReply(encode(data))).toEqual({ kind: ReplyKind.Chunk, requestId: 'gen-3', data });
    expect(chunkPayload(encodeReply({ kind: ReplyKind.End, requestId: 'gen-3', meta }))).toBeNull();
    expect(chunkPayload('cx')).toBeNull();
  });

  it('rejects malformed messages', () => {
    expect(peekReplyRequestId('garbage')).toBeNull();
    expect(() => decodeReply('z|gen-1|{}')).toThrow('unknown reply kind');
    expect(() => decodeReply('s|gen-1|{"provider":1}')).toThrow();
  });
});
