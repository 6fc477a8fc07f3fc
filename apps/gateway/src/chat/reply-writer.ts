import type { Response } from 'express';
import { chunkPayload, decodeReply, ReplyKind, type ReplyError } from '@alltokens/contracts';
import { openSseStream, SSE_DONE, sseData } from '../http/sse';
import { ROUTE_TRAILERS, routeHeaders, routeTrailers } from './route-headers';

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

/**
 * Turns the router's reply messages for one request into the HTTP response. Returns true from
 * `write` once the response is complete.
 */
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
    // Chunks are the hot path: the payload is sliced out without decoding the envelope.
    const data = this.started ? chunkPayload(raw) : null;
    if (data !== null) {
      this.res.write(this.presenter ? this.presenter.chunk(data) : sseData(data));
      this.capture?.chunks.push(data);
      return false;
    }
    const message = decodeReply(raw);
    switch (message.kind) {
      case ReplyKind.Start:
        this.started = true;
        openSseStream(this.res, { ...routeHeaders(message.meta), trailer: ROUTE_TRAILERS.join(', ') });
        this.res.flushHeaders();
        return false;
      case ReplyKind.Chunk:
        this.res.write(this.presenter ? this.presenter.chunk(message.data) : sseData(message.data));
        return false;
      case ReplyKind.End:
        this.res.addTrailers(routeTrailers(message.meta));
        this.res.end(this.presenter ? this.presenter.end() : SSE_DONE);
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
      if (this.started && error.meta) this.res.addTrailers(routeTrailers(error.meta));
      this.res.end(this.presenter ? this.presenter.streamError(error.status, error.body) : sseData(JSON.stringify(error.body)));
      return;
    }
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    // Over budget, forbidden, or refused by a guardrail: the OpenAI SDKs must not resend it.
    const code = (error.body as { error?: { code?: unknown } }).error?.code;
    if (error.status === 402 || error.status === 403 || (typeof code === 'string' && code.startsWith('guardrail_'))) headers['x-should-retry'] = 'false';
    this.res.writeHead(error.status, headers);
    this.res.end(JSON.stringify(this.presenter?.errorBody ? this.presenter.errorBody(error.status, error.body) : error.body));
  }
}
