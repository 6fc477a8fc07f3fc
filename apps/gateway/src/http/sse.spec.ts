import type { Response } from 'express';
import { openSseStream, SSE_DONE, sseData, sseEvent, SSE_HEADERS } from './sse';

describe('SSE framing', () => {
  it('frames data and named events as the specification does (a blank line ends each event)', () => {
    expect(sseData('{"a":1}')).toBe('data: {"a":1}\n\n');
    expect(sseEvent('message_stop', '{"type":"message_stop"}')).toBe('event: message_stop\ndata: {"type":"message_stop"}\n\n');
    expect(SSE_DONE).toBe('data: [DONE]\n\n');
  });

  it('opens a stream with the event-stream headers and the caller’s own', () => {
    const writeHead = jest.fn();
    openSseStream({ writeHead } as unknown as Response, { 'x-alltokens-cache': 'hit' });
    expect(writeHead).toHaveBeenCalledWith(200, { ...SSE_HEADERS, 'x-alltokens-cache': 'hit' });
    expect(SSE_HEADERS['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(SSE_HEADERS['x-accel-buffering']).toBe('no');
  });
});
