import { ReplyKind, type ChatCompletionRequest, type JobInput, type JobName, type ReplyMessage, type RouteMeta, type RouteProof } from '@alltokens/contracts';
import { context } from '@alltokens/platform';
import { openUpstream } from '../upstream/attempt-runner';
import { chatJob, chatRequest, MODEL, RecordingPublisher, RecordingReporter, resolverFor, scriptedCatalog, type ProviderSpec } from '../testing/router-doubles';
import { ScriptedUpstream, streamOf } from '../testing/scripted-upstream';
import { ContinuingStream } from './continuing-stream';
import { emptyOutcome } from './request-outcome';

const meta: RouteMeta = { provider: 'first', model: MODEL, routeMode: 'provider', decisionReason: 'fixed_model', candidates: 2, failoverCount: 0, traceId: 't', ttftMs: null, totalLatencyMs: null };
const proof: RouteProof = { trace_id: 't', candidates: { count: 2 }, decision_reason: 'fixed_model' };
const CONTINUES = { continuation: 'prefill' };
const toolCallStream = [
  { id: 'u', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { role: 'assistant', content: null, tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '' } }] }, finish_reason: null }] },
  { id: 'u', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '{"a"' } }] }, finish_reason: null }] },
  { id: 'u', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: ':1}' } }] }, finish_reason: null }] },
];

describe('ContinuingStream', () => {
  let upstream: ScriptedUpstream;
  beforeAll(async () => {
    upstream = await ScriptedUpstream.start();
  });
  afterAll(() => upstream.close());
  beforeEach(() => upstream.reset());

  /** Opens the first endpoint's stream and relays it (and any continuation) as the completion service does. */
  async function relay(request: ChatCompletionRequest, options: { providers?: ProviderSpec[]; job?: Partial<JobInput<typeof JobName.Chat>>; signal?: AbortSignal } = {}) {
    const job = chatJob(request, options.job);
    const catalog = scriptedCatalog(upstream, options.providers ?? [{ id: 'first', price: 1 }, { id: 'second', price: 2, options: CONTINUES }]);
    const { candidates } = resolverFor(catalog).resolve(request);
    const outcome = emptyOutcome();
    const reporter = new RecordingReporter();
    const signal = options.signal ?? new AbortController().signal;
    const hooks = { deadlineAt: job.deadlineAt, traceContext: context.active(), onFailure: (id: string, timeout: boolean) => reporter.failure(id, timeout), onBroken: (id: string, timeout: boolean) => reporter.broken(id, timeout) };
    const opened = await openUpstream(candidates, { name: 'chat', stream: true, build: ({ adapter, provider, endpoint }) => adapter.buildChatRequest(request, { provider, endpoint }, true) }, signal, outcome.attempts, hooks);
    const publisher = new RecordingPublisher();
    const scope = { outcome, signal, traceId: 't', ctx: context.active(), finish: (message: ReplyMessage) => publisher.publish(job.replyTo, message) };
    const stream = new ContinuingStream(job, candidates, scope, hooks, publisher, { ...meta }, proof);
    await stream.run(opened);
    opened.span.end();
    const chunks = publisher.chunks() as Array<Record<string, any>>;
    const text = chunks.map((chunk) => chunk.choices[0]?.delta?.content ?? '').join('');
    return { job, publisher, outcome, chunks, text, reporter, state: stream.state };
  }

  it('relays each chunk under our id, model and provider, priced, with the route proof at the end', async () => {
    upstream.script('first', { stream: streamOf(['Hel', 'lo']) });
    const { job, publisher, outcome, chunks } = await relay(chatRequest({ stream: true, stream_options: { include_usage: true } }));
    expect(publisher.kinds()).toEqual([ReplyKind.Start, ReplyKind.Chunk, ReplyKind.Chunk, ReplyKind.Chunk, ReplyKind.Chunk, ReplyKind.Chunk]);
    expect(publisher.messages.every(({ channel, message }) => channel === job.replyTo && message.requestId === job.requestId)).toBe(true);
    expect(chunks.every((chunk) => chunk.id === job.requestId && chunk.model === MODEL && chunk.provider === 'first')).toBe(true);
    expect(chunks.map((chunk) => 'alltokens_route' in chunk)).toEqual([false, false, false, true, true]);
    expect(chunks[4]!.usage).toEqual({ prompt_tokens: 5, completion_tokens: 2, total_tokens: 7, cost: (5 * 1 + 2 * 2) / 1e6 });
    expect(outcome).toMatchObject({ status: 'success', finishReason: 'stop', usageSource: 'upstream', usage: { promptTokens: 5, completionTokens: 2 }, endpointId: 'first:openai/gpt-4o-mini' });
    expect(outcome.attempts[0]).toMatchObject({ outcome: 'success', usage: { promptTokens: 5, completionTokens: 2 }, costUsd: 9e-6 });
    expect(outcome.costUsd).toBe((5 * 1 + 2 * 2) / 1e6);
    expect(outcome.answer).toMatchObject({ content: 'Hello', finishReason: 'stop', completionTokens: 2 });
    expect(outcome.ttftMs).not.toBeNull();
  });

  it('holds back the usage chunk from a client that did not ask for it, yet bills the upstream’s usage', async () => {
    upstream.script('first', { stream: streamOf(['Hi']) });
    const { chunks, outcome } = await relay(chatRequest({ stream: true }));
    expect(chunks).toHaveLength(3);
    expect(chunks.some((chunk) => 'usage' in chunk)).toBe(false);
    expect(outcome).toMatchObject({ usageSource: 'upstream', usage: { promptTokens: 5, completionTokens: 1 } });
  });

  it('counts tokens itself when the upstream reports no usage', async () => {
    upstream.script('first', { stream: streamOf(['one', ' two', ' three'], false) });
    const { outcome } = await relay(chatRequest({ stream: true }));
    expect(outcome.usageSource).toBe('estimated');
    expect(outcome.usage.completionTokens).toBe(3);
    expect(outcome.usage.promptTokens).toBeGreaterThan(0);
  });

  it('continues a cut stream on the next endpoint with the text so far as a prefill: one answer, one role delta, usage summed', async () => {
    upstream.script('first', { stream: streamOf(['Once', ' upon', ' a', ' time']), cutAfter: 3 });
    upstream.script('second', { stream: streamOf([' a', ' time']) });
    const { job, chunks, text, outcome, reporter, state } = await relay(chatRequest({ stream: true, stream_options: { include_usage: true }, max_tokens: 50 }));
    expect(text).toBe('Once upon a time');
    expect(chunks.filter((chunk) => chunk.choices[0]?.delta?.role)).toHaveLength(1);
    expect(chunks.every((chunk) => chunk.id === job.requestId && chunk.provider === 'first' && chunk.model === MODEL)).toBe(true);
    const sent = upstream.received[1]!.body as { messages: unknown[]; max_tokens: number };
    expect(sent.messages).toEqual([{ role: 'user', content: 'hello' }, { role: 'assistant', content: 'Once upon' }]);
    expect(sent.max_tokens).toBe(48);
    const finish = chunks.find((chunk) => chunk.choices[0]?.finish_reason)!;
    expect(finish.alltokens_route).toEqual({ ...proof, continued: true, failover_count: 1 });
    const [cut, continued] = outcome.attempts;
    expect(cut).toMatchObject({ providerId: 'first', outcome: 'interrupted', error: expect.stringMatching(/^stream_interrupted/), usage: { completionTokens: 2 } });
    expect(continued).toMatchObject({ providerId: 'second', outcome: 'success', continuation: true, usage: { promptTokens: 5, completionTokens: 2 } });
    const total = chunks.at(-1)!.usage;
    expect(total.prompt_tokens).toBe(cut!.usage!.promptTokens + 5);
    expect(total.completion_tokens).toBe(4);
    expect(total.cost).toBeCloseTo(cut!.costUsd! + continued!.costUsd!, 15);
    expect(outcome).toMatchObject({ status: 'success', usageSource: 'estimated', endpointId: 'second:openai/gpt-4o-mini', usage: { completionTokens: 4 } });
    expect(state.meta).toMatchObject({ continued: true, failoverCount: 1 });
    expect(reporter.brokenStreams).toEqual([{ endpointId: 'first:openai/gpt-4o-mini', timeout: false }]);
  });

  it('continues a stream that stalled past the provider’s idle timeout', async () => {
    upstream.script('first', { stream: streamOf(['Once', ' upon', ' a']), stallAfter: 2 });
    upstream.script('second', { stream: streamOf([' upon', ' a']).slice(1) });
    const { text, outcome, reporter } = await relay(chatRequest({ stream: true }), { providers: [{ id: 'first', price: 1, streamIdleTimeoutMs: 150 }, { id: 'second', price: 2, options: CONTINUES }] });
    expect(text).toBe('Once upon a');
    expect(outcome.attempts[0]).toMatchObject({ outcome: 'interrupted', error: expect.stringMatching(/^stream_stalled/) });
    expect(reporter.brokenStreams).toEqual([{ endpointId: 'first:openai/gpt-4o-mini', timeout: true }]);
  });

  it('starts afresh on any endpoint when only the role chunk was sent', async () => {
    upstream.script('first', { stream: streamOf(['never']), cutAfter: 1 });
    upstream.script('second', { stream: streamOf(['Fresh', ' start']) });
    const { text, chunks } = await relay(chatRequest({ stream: true }), { providers: [{ id: 'first', price: 1 }, { id: 'second', price: 2 }] });
    expect(text).toBe('Fresh start');
    expect(chunks.filter((chunk) => chunk.choices[0]?.delta?.role)).toHaveLength(1);
    expect((upstream.received[1]!.body as { messages: unknown[] }).messages).toEqual([{ role: 'user', content: 'hello' }]);
  });

  it('does not continue a tool call in flight, a request or key that said no, or where no endpoint can continue', async () => {
    const ends = async (first: Parameters<ScriptedUpstream['script']>[1], request: ChatCompletionRequest, options: Parameters<typeof relay>[1] = {}) => {
      upstream.reset();
      upstream.script('first', first);
      const { outcome, publisher } = await relay(request, options);
      expect(outcome.status).toBe('interrupted');
      expect(upstream.calls()).toEqual(['first']);
      expect(publisher.kinds().at(-1)).toBe(ReplyKind.Chunk);
      return outcome.attempts[0]!.error;
    };
    const cut = { stream: streamOf(['a', ' b', ' c']), cutAfter: 2 };
    expect(await ends({ stream: toolCallStream, cutAfter: 2 }, chatRequest({ stream: true }))).toMatch(/not continued: a tool call was in flight/);
    expect(await ends(cut, chatRequest({ stream: true, stream_continuation: false } as never))).toMatch(/stream_continuation: false/);
    expect(await ends(cut, chatRequest({ stream: true, provider: { allow_fallbacks: false } } as never))).toMatch(/allow_fallbacks: false/);
    expect(await ends(cut, chatRequest({ stream: true }), { job: { streamContinuation: false } })).toMatch(/off for this key/);
    expect(await ends(cut, chatRequest({ stream: true }), { providers: [{ id: 'first', price: 1 }, { id: 'second', price: 2 }] })).toMatch(/no other endpoint can continue/);
  });

  it('keeps watching a continued stream with the response deny-list: a phrase split by the cut still stops it', async () => {
    upstream.script('first', { stream: streamOf(['Launching', ' Project', ' Falcon']), cutAfter: 3 });
    upstream.script('second', { stream: streamOf([' Falcon', ' today']) });
    const guardrails = { findings: [], response: [{ id: 'g-deny', name: 'deny', prompt: [], response: [{ name: 'codenames', words: ['Project Falcon'], patterns: [], case_insensitive: true, action: 'block' as const }] }] };
    const { outcome, text } = await relay(chatRequest({ stream: true }), { job: { guardrails } });
    expect(text).toBe('Launching Project');
    expect(outcome).toMatchObject({ status: 'interrupted', error: { code: 'guardrail_response_blocked' } });
    expect(outcome.attempts.map((attempt) => attempt.outcome)).toEqual(['interrupted', 'success']);
    expect(outcome.guardrails).toContainEqual({ guardrailId: 'g-deny', rule: 'codenames', stage: 'response', action: 'block', count: 1 });
  });

  it('counts a stream that broke after its answer finished as done', async () => {
    upstream.script('first', { stream: streamOf(['All', ' said']), cutAfter: 4 });
    const { outcome, text } = await relay(chatRequest({ stream: true }));
    expect(text).toBe('All said');
    expect(outcome).toMatchObject({ status: 'success', finishReason: 'stop', usageSource: 'estimated' });
    expect(upstream.calls()).toEqual(['first']);
  });

  it('notes a stream whose client went away as cancelled', async () => {
    upstream.script('first', { stream: streamOf(['slow', ' words', ' here']), intervalMs: 100 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const { outcome } = await relay(chatRequest({ stream: true }), { signal: controller.signal });
    expect(outcome.status).toBe('cancelled');
  });
});
