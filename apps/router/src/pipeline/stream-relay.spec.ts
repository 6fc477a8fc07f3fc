import { ReplyKind, type ChatCompletionRequest, type RouteMeta, type RouteProof } from '@alltokens/contracts';
import { context } from '@alltokens/platform';
import { openUpstream } from '../upstream/attempt-runner';
import { candidatesFor, chatJob, chatRequest, MODEL, RecordingPublisher, scriptedCatalog } from '../testing/router-doubles';
import { ScriptedUpstream, streamOf } from '../testing/scripted-upstream';
import { emptyOutcome, markServed } from './request-outcome';
import { relayStream } from './stream-relay';

const meta: RouteMeta = { provider: 'p', model: MODEL, routeMode: 'fixed', decisionReason: 'fixed_model', candidates: 1, failoverCount: 0, traceId: 't', ttftMs: null, totalLatencyMs: null };
const proof: RouteProof = { trace_id: 't', candidates: { count: 1 }, decision_reason: 'fixed_model' };

describe('relayStream', () => {
  let upstream: ScriptedUpstream;
  beforeAll(async () => {
    upstream = await ScriptedUpstream.start();
  });
  afterAll(() => upstream.close());
  beforeEach(() => upstream.reset());

  /** Opens the scripted stream and relays it as the completion service does. */
  async function relay(request: ChatCompletionRequest, signal = new AbortController().signal) {
    const job = chatJob(request);
    const catalog = scriptedCatalog(upstream, [{ id: 'p', price: 1 }]);
    const opened = await openUpstream(
      candidatesFor(catalog),
      { name: 'chat', build: ({ adapter, provider, endpoint }) => adapter.buildChatRequest(request, { provider, endpoint }, true) },
      signal,
      [],
      { deadlineAt: job.deadlineAt, traceContext: context.active(), onFailure: () => undefined },
    );
    const publisher = new RecordingPublisher();
    const outcome = emptyOutcome();
    markServed(outcome, opened.candidate.endpoint);
    await relayStream(job, opened, meta, publisher, outcome, proof);
    opened.span.end();
    return { job, publisher, outcome };
  }

  it('starts the reply, then relays each chunk under our id, model and provider, priced, with the route proof at the end', async () => {
    upstream.script('p', { stream: streamOf(['Hel', 'lo']) });
    const { job, publisher, outcome } = await relay(chatRequest({ stream: true, stream_options: { include_usage: true } }));
    expect(publisher.kinds()).toEqual([ReplyKind.Start, ReplyKind.Chunk, ReplyKind.Chunk, ReplyKind.Chunk, ReplyKind.Chunk, ReplyKind.Chunk]);
    expect(publisher.messages.every(({ channel, message }) => channel === job.replyTo && message.requestId === job.requestId)).toBe(true);
    const chunks = publisher.chunks();
    expect(chunks.every((chunk) => chunk.id === job.requestId && chunk.model === MODEL && chunk.provider === 'p')).toBe(true);
    expect(chunks.map((chunk) => 'alltokens_route' in chunk)).toEqual([false, false, false, true, true]);
    expect(chunks[4]!.usage).toEqual({ prompt_tokens: 5, completion_tokens: 2, total_tokens: 7, cost: (5 * 1 + 2 * 2) / 1e6 });
    expect(outcome.costUsd).toBe((5 * 1 + 2 * 2) / 1e6);
    expect(outcome).toMatchObject({ status: 'success', finishReason: 'stop', usageSource: 'upstream', usage: { promptTokens: 5, completionTokens: 2 } });
    expect(outcome.ttftMs).not.toBeNull();
  });

  it('holds back the usage chunk from a client that did not ask for it, yet bills the upstream’s usage', async () => {
    upstream.script('p', { stream: streamOf(['Hi']) });
    const { publisher, outcome } = await relay(chatRequest({ stream: true }));
    const chunks = publisher.chunks();
    expect(chunks).toHaveLength(3);
    expect(chunks.some((chunk) => 'usage' in chunk)).toBe(false);
    expect(outcome).toMatchObject({ usageSource: 'upstream', usage: { promptTokens: 5, completionTokens: 1 } });
  });

  it('counts tokens itself when the upstream reports no usage', async () => {
    upstream.script('p', { stream: streamOf(['one', ' two', ' three'], false) });
    const { outcome } = await relay(chatRequest({ stream: true }));
    expect(outcome.usageSource).toBe('estimated');
    expect(outcome.usage.completionTokens).toBe(3);
    expect(outcome.usage.promptTokens).toBeGreaterThan(0);
  });

  it('notes a stream the provider cut as interrupted, with what was produced until then', async () => {
    upstream.script('p', { stream: streamOf(['a', ' b', ' c', ' d']), cutAfter: 3 });
    const { publisher, outcome } = await relay(chatRequest({ stream: true }));
    expect(publisher.chunks()).toHaveLength(3);
    expect(outcome).toMatchObject({ status: 'interrupted', usageSource: 'estimated', error: { status: 502, code: 'stream_interrupted' } });
    expect(outcome.usage.completionTokens).toBe(2);
  });

  it('notes a stream whose client went away as cancelled', async () => {
    upstream.script('p', { stream: streamOf(['slow', ' words', ' here']), intervalMs: 100 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const { outcome } = await relay(chatRequest({ stream: true }), controller.signal);
    expect(outcome.status).toBe('cancelled');
  });
});
