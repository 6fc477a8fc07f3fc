import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted answer of a provider, in OpenAI's wire format. */
export type ScriptedReply =
  | { status: number; headers?: Record<string, string>; json?: unknown }
  /** An SSE stream of these `data:` payloads, then `[DONE]`; `cutAfter` drops the connection after that many events, `stallAfter` goes silent. */
  | { stream: unknown[]; cutAfter?: number; stallAfter?: number; intervalMs?: number }
  /** Never answers (until the client gives up). */
  | { stall: true };

export interface ReceivedRequest {
  provider: string;
  path: string;
  authorization: string | undefined;
  body: unknown;
}

export const completionJson = (content = 'Hello!') => ({
  id: 'chatcmpl-upstream',
  object: 'chat.completion',
  created: 1,
  model: 'gpt-4o-mini',
  choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 },
});

export const streamOf = (words: string[], usage = true): unknown[] => [
  { id: 'chatcmpl-upstream', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] },
  ...words.map((word) => ({ id: 'chatcmpl-upstream', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, delta: { content: word }, finish_reason: null }] })),
  { id: 'chatcmpl-upstream', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
  ...(usage ? [{ id: 'chatcmpl-upstream', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini', choices: [], usage: { prompt_tokens: 5, completion_tokens: words.length, total_tokens: 5 + words.length } }] : []),
];

/**
 * A loopback HTTP server standing in for several OpenAI-format providers (`/<provider>/v1/...`),
 * each answering from its script and then with a plain completion. For unit tests of the router's
 * upstream handling with a real HTTP client and no external service.
 */
export class ScriptedUpstream {
  readonly received: ReceivedRequest[] = [];
  private readonly scripts = new Map<string, ScriptedReply[]>();
  private readonly open = new Set<ServerResponse>();

  private constructor(
    private readonly server: Server,
    readonly origin: string,
  ) {}

  static async start(): Promise<ScriptedUpstream> {
    let upstream: ScriptedUpstream | undefined;
    const server = createServer((req, res) => void upstream!.answer(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    upstream = new ScriptedUpstream(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return upstream;
  }

  baseUrl(provider: string): string {
    return `${this.origin}/${provider}/v1`;
  }

  script(provider: string, ...replies: ScriptedReply[]): void {
    this.scripts.set(provider, [...(this.scripts.get(provider) ?? []), ...replies]);
  }

  /** Providers in the order they were called. */
  calls(): string[] {
    return this.received.map((request) => request.provider);
  }

  reset(): void {
    this.received.length = 0;
    this.scripts.clear();
  }

  async close(): Promise<void> {
    for (const res of this.open) res.destroy();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const [, provider = '', ...rest] = (req.url ?? '').split('/');
    let text = '';
    for await (const chunk of req) text += chunk;
    this.received.push({ provider, path: `/${rest.join('/')}`, authorization: req.headers.authorization, body: text ? JSON.parse(text) : null });
    const reply = this.scripts.get(provider)?.shift() ?? { status: 200, json: completionJson() };
    this.open.add(res);
    res.on('close', () => this.open.delete(res));
    if ('stall' in reply) return;
    if ('status' in reply) {
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(JSON.stringify(reply.json ?? { error: { message: `scripted ${reply.status}`, type: 'server_error', code: null } }));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    for (const [index, event] of reply.stream.entries()) {
      if (reply.cutAfter !== undefined && index >= reply.cutAfter) {
        // Let what was written reach the client first, as a connection dropped mid-stream would.
        await new Promise((resolve) => setTimeout(resolve, 20));
        res.destroy();
        return;
      }
      if (reply.stallAfter !== undefined && index >= reply.stallAfter) return;
      res.write(`data: ${JSON.stringify(event)}\n\n`);
      if (reply.intervalMs) await new Promise((resolve) => setTimeout(resolve, reply.intervalMs));
    }
    res.end('data: [DONE]\n\n');
  }
}
