import type { Response } from 'express';
import { decodeReply, ReplyKind, type ReplyError } from '@alltokens/contracts';
import { routeHeaders } from './route-headers';

const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
};

/**
 * Turns the router's reply messages for one request into the HTTP response. Returns true from
 * `write` once the response is complete.
 */
/** What a successful reply consisted of, kept when the response cache wants it. */
export interface ReplyCapture {
  body?: string;
  chunks: string[];
}

/** Re-shapes chat replies for another API (legacy completions, Anthropic Messages). */
export interface ReplyPresenter {
  /** A whole chat.completion JSON → the response body. */
  body(json: string): string;
  /** One chat.completion.chunk JSON → zero or more SSE frames, each ending in a blank line. */
  chunk(json: string): string;
  /** The frame(s) that end a successful stream. */
  end(): string;
  /** An error after the stream started, as a final frame. */
  streamError(status: number, body: unknown): string;
  /** An error before the first byte, as this API words it (default: OpenAI's shape). */
  errorBody?(status: number, body: unknown): unknown;
}

export class ReplyWriter {
  private started = false;
  /** Whether the reply ended in an error (HTTP error or final SSE error event). */
  failed = false;

  constructor(
    private readonly res: Response,
    private readonly capture?: ReplyCapture,
    private readonly presenter?: ReplyPresenter,
  ) {}

  get hasStarted(): boolean {
    return this.started;
  }

  write(raw: string): boolean {
    // Chunks are the hot path: slice the payload out without decoding the envelope.
    if (raw.charCodeAt(0) === 99 /* 'c' */ && this.started) {
      const data = raw.slice(raw.indexOf('|', 2) + 1);
      this.res.write(this.presenter ? this.presenter.chunk(data) : `data: ${data}\n\n`);
      this.capture?.chunks.push(data);
      return false;
    }
    const message = decodeReply(raw);
    switch (message.kind) {
      case ReplyKind.Start:
        this.started = true;
        this.res.writeHead(200, { ...SSE_HEADERS, ...routeHeaders(message.meta) });
        this.res.flushHeaders();
        return false;
      case ReplyKind.Chunk:
        this.res.write(this.presenter ? this.presenter.chunk(message.data) : `data: ${message.data}\n\n`);
        return false;
      case ReplyKind.End:
        this.res.end(this.presenter ? this.presenter.end() : 'data: [DONE]\n\n');
        return true;
      case ReplyKind.Response:
        if (this.capture) this.capture.body = message.body;
        this.res.writeHead(200, { 'content-type': 'application/json', ...routeHeaders(message.meta) });
        this.res.end(this.presenter ? this.presenter.body(message.body) : message.body);
        return true;
      case ReplyKind.Error:
        this.fail(message.error);
        return true;
    }
  }

  /** Before the first byte: an HTTP error. After it: a final SSE error event. */
  fail(error: ReplyError): void {
    this.failed = true;
    if (this.res.writableEnded) return;
    if (this.started || this.res.headersSent) {
      this.res.end(this.presenter ? this.presenter.streamError(error.status, error.body) : `data: ${JSON.stringify(error.body)}\n\n`);
      return;
    }
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (error.status === 402 || error.status === 403) headers['x-should-retry'] = 'false';
    this.res.writeHead(error.status, headers);
    this.res.end(JSON.stringify(this.presenter?.errorBody ? this.presenter.errorBody(error.status, error.body) : error.body));
  }
}
