import { PassThrough } from 'node:stream';
import type { Response } from 'express';
import { encodeReply, ReplyKind, type RouteMeta } from '@alltokens/contracts';
import { ReplyWriter } from './reply-writer';

const meta: RouteMeta = {
  provider: 'primary',
  model: 'openai/gpt-4o-mini',
  routeMode: 'fixed',
  decisionReason: 'fixed_model',
  candidates: 2,
  failoverCount: 1,
  traceId: 't'.repeat(32),
  ttftMs: 12.4,
  totalLatencyMs: 80.6,
};

/** A Response stand-in recording what the writer does to it. */
function fakeResponse() {
  const sink = new PassThrough();
  let body = '';
  sink.on('data', (chunk: Buffer) => (body += chunk.toString()));
  const res = Object.assign(sink, {
    statusCode: 0,
    headers: {} as Record<string, string>,
    headersSent: false,
    trailers: {} as Record<string, string>,
    addTrailers(trailers: Record<string, string>) {
      res.trailers = trailers;
    },
    writeHead(status: number, headers: Record<string, string>) {
      res.statusCode = status;
      res.headers = headers;
      res.headersSent = true;
      return res;
    },
    flushHeaders() {},
    text: () => body,
  });
  return res;
}

describe('ReplyWriter', () => {
  it('writes a stream: headers at start, chunks verbatim, [DONE] at the end', async () => {
    const res = fakeResponse();
    const writer = new ReplyWriter(res as unknown as Response);
    expect(writer.write(encodeReply({ kind: ReplyKind.Start, requestId: 'gen-1', meta }))).toBe(false);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/event-stream');
    expect(res.headers['x-alltokens-failover-count']).toBe('1');
    writer.write(encodeReply({ kind: ReplyKind.Chunk, requestId: 'gen-1', data: '{"a":"x|y"}' }));
    expect(writer.write(encodeReply({ kind: ReplyKind.End, requestId: 'gen-1', meta }))).toBe(true);
    await new Promise((resolve) => setImmediate(resolve));
    expect(res.text()).toBe('data: {"a":"x|y"}\n\ndata: [DONE]\n\n');
  });

  it('declares the route trailers at the start and sends what a continued stream says at the end', () => {
    const res = fakeResponse();
    const writer = new ReplyWriter(res as unknown as Response);
    writer.write(encodeReply({ kind: ReplyKind.Start, requestId: 'gen-1', meta: { ...meta, failoverCount: 0, ttftMs: null, totalLatencyMs: null } }));
    expect(res.headers.trailer).toBe('x-alltokens-failover-count, x-alltokens-continued, x-alltokens-total-latency-ms, x-alltokens-ttft-ms');
    writer.write(encodeReply({ kind: ReplyKind.End, requestId: 'gen-1', meta: { ...meta, failoverCount: 1, continued: true } }));
    expect(res.trailers).toEqual({ 'x-alltokens-failover-count': '1', 'x-alltokens-continued': 'true', 'x-alltokens-total-latency-ms': '81', 'x-alltokens-ttft-ms': '12' });
  });

  it('answers an error before the first byte with its HTTP status', () => {
    const res = fakeResponse();
    const writer = new ReplyWriter(res as unknown as Response);
    const body = { error: { message: 'over budget', type: 'insufficient_quota', param: null, code: 'key_limit_exceeded' } };
    expect(writer.write(encodeReply({ kind: ReplyKind.Error, requestId: 'gen-1', error: { status: 402, body } }))).toBe(true);
    expect(res.statusCode).toBe(402);
    expect(res.headers['x-should-retry']).toBe('false');
  });

  it('turns an error after the first byte into a final SSE event', async () => {
    const res = fakeResponse();
    const writer = new ReplyWriter(res as unknown as Response);
    writer.write(encodeReply({ kind: ReplyKind.Start, requestId: 'gen-1', meta }));
    const body = { error: { message: 'cut', type: 'upstream_error', param: null, code: 'stream_interrupted' } };
    writer.write(encodeReply({ kind: ReplyKind.Error, requestId: 'gen-1', error: { status: 502, body } }));
    await new Promise((resolve) => setImmediate(resolve));
    expect(res.statusCode).toBe(200);
    expect(res.text()).toBe(`data: ${JSON.stringify(body)}\n\n`);
  });

  it('writes a whole response with route proof headers', async () => {
    const res = fakeResponse();
    const writer = new ReplyWriter(res as unknown as Response);
    writer.write(encodeReply({ kind: ReplyKind.Response, requestId: 'gen-1', meta, body: '{"id":"gen-1"}' }));
    await new Promise((resolve) => setImmediate(resolve));
    expect(res.headers['x-alltokens-total-latency-ms']).toBe('81');
    expect(res.headers['x-alltokens-ttft-ms']).toBe('12');
    expect(res.text()).toBe('{"id":"gen-1"}');
  });
});
