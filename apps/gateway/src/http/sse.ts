import type { Response } from 'express';

/**
 * Server-sent events as the gateway writes them: every frame of every API (chat chunks, Messages
 * and Responses events, legacy completions, cache replays, stream errors) is framed here.
 */
export const SSE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
  // Tells nginx-style proxies not to buffer the stream.
  'x-accel-buffering': 'no',
});

/** A `data:` frame around text that is already serialised (a chunk's JSON is relayed as it came). */
export const sseData = (data: string): string => `data: ${data}\n\n`;

/** A named event (`event:` + `data:`), as Anthropic's and OpenAI's Responses streams use. */
export const sseEvent = (event: string, data: string): string => `event: ${event}\ndata: ${data}\n\n`;

/** The OpenAI stream terminator. */
export const SSE_DONE = sseData('[DONE]');

/** Starts a 200 event stream with these extra headers (route proof, cache status). */
export function openSseStream(res: Response, headers: Record<string, string> = {}): void {
  res.writeHead(200, { ...SSE_HEADERS, ...headers });
}
