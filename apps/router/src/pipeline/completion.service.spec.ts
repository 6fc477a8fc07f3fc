import { randomBytes } from 'node:crypto';
import { ReplyKind, type ChatCompletionRequest, type JobInput, type JobName, type ReplyMessage, type UsageEventInput } from '@alltokens/contracts';
import type { UsageJournal } from '@alltokens/jobs';
import { createSecretBox, credentialAad } from '@alltokens/platform';
import { RouterMetrics } from '../health/router-metrics';
import { OwnCredentials } from '../upstream/own-credentials';
import { chatJob, chatRequest, MODEL, RecordingPublisher, RecordingReporter, RecordingUsage, resolverFor, scriptedCatalog } from '../testing/router-doubles';
import { completionJson, ScriptedUpstream, streamOf } from '../testing/scripted-upstream';
import { CancellationRegistry } from './cancellation-registry';
import { CompletionService } from './completion.service';

const box = createSecretBox(randomBytes(32).toString('base64'));

describe('CompletionService', () => {
  let upstream: ScriptedUpstream;
  let publisher: RecordingPublisher;
  let usage: RecordingUsage;
  let reporter: RecordingReporter;
  let cancellations: CancellationRegistry;
  let service: CompletionService;

  beforeAll(async () => {
    upstream = await ScriptedUpstream.start();
  });
  afterAll(() => upstream.close());
  beforeEach(() => {
    upstream.reset();
    publisher = new RecordingPublisher();
    usage = new RecordingUsage();
    reporter = new RecordingReporter();
    cancellations = new CancellationRegistry();
    const catalog = scriptedCatalog(upstream, [
      { id: 'first', price: 1 },
      { id: 'second', price: 2 },
    ]);
    service = new CompletionService(resolverFor(catalog), publisher, usage, cancellations, reporter, new OwnCredentials(box, { allowPrivate: true }), new RouterMetrics());
  });

  async function serve(request: ChatCompletionRequest = chatRequest(), overrides: Partial<JobInput<typeof JobName.Chat>> = {}) {
    const job = chatJob(request, overrides);
    await service.handle(job);
    return { job, messages: publisher.messages.map(({ message }) => message), event: usage.events[0] };
  }

  const only = <K extends ReplyMessage['kind']>(messages: ReplyMessage[], kind: K) => {
    expect(messages.map((message) => message.kind)).toEqual([kind]);
    return messages[0] as Extract<ReplyMessage, { kind: K }>;
  };

  it('answers a whole reply under our id and the canonical model, priced, and emits its usage once', async () => {
    const { job, messages, event } = await serve();
    const reply = only(messages, ReplyKind.Response);
    expect(JSON.parse(reply.body)).toMatchObject({ id: job.requestId, model: MODEL, provider: 'first', usage: { cost: (5 + 2 * 2) / 1e6 }, alltokens_route: { decision_reason: 'fixed_model', candidates: { count: 2 } } });
    expect(reply.meta).toMatchObject({ provider: 'first', model: MODEL, routeMode: 'provider', failoverCount: 0, candidates: 2 });
    expect(usage.events).toHaveLength(1);
    expect(event).toMatchObject({ requestId: job.requestId, kind: 'chat', status: 'success', providerId: 'first', usageSource: 'upstream', usage: { promptTokens: 5, completionTokens: 2 }, route: { mode: 'provider', decisionReason: 'fixed_model' } });
    expect(reporter.reports.map((report) => report.requestId)).toEqual([job.requestId]);
  });

  it('says provider_fallback in the reply and in the usage alike when it failed over', async () => {
    upstream.script('first', { status: 503 });
    const { messages, event } = await serve();
    expect(only(messages, ReplyKind.Response).meta).toMatchObject({ provider: 'second', failoverCount: 1, decisionReason: 'provider_fallback' });
    expect(event).toMatchObject({ providerId: 'second', route: { decisionReason: 'provider_fallback' } });
    expect(event!.attempts.map((attempt) => [attempt.providerId, attempt.httpStatus])).toEqual([
      ['first', 503],
      ['second', 200],
    ]);
    expect(reporter.failures).toEqual([{ endpointId: 'first:openai/gpt-4o-mini', timeout: false }]);
  });

  it('streams: start, the chunks, then an end carrying the timings', async () => {
    upstream.script('first', { stream: streamOf(['Hi', '!']) });
    const { messages, event } = await serve(chatRequest({ stream: true }));
    expect(messages.map((message) => message.kind)).toEqual([ReplyKind.Start, ReplyKind.Chunk, ReplyKind.Chunk, ReplyKind.Chunk, ReplyKind.Chunk, ReplyKind.End]);
    const end = messages.at(-1) as Extract<ReplyMessage, { kind: typeof ReplyKind.End }>;
    expect(end.meta.ttftMs).not.toBeNull();
    expect(end.meta.totalLatencyMs).toBeGreaterThanOrEqual(end.meta.ttftMs!);
    expect(event).toMatchObject({ streamed: true, status: 'success', finishReason: 'stop' });
  });

  it('ends a stream the provider cut with a final error, and bills what was produced', async () => {
    upstream.script('first', { stream: streamOf(['a', ' b', ' c']), cutAfter: 2 });
    const { messages, event } = await serve(chatRequest({ stream: true }));
    const last = messages.at(-1)!;
    if (last.kind !== ReplyKind.Error) throw new Error(`ended with ${last.kind}`);
    expect(last.error).toMatchObject({ status: 502, body: { error: { code: 'stream_interrupted' } }, meta: { provider: 'first' } });
    expect(event).toMatchObject({ status: 'interrupted', usageSource: 'estimated', error: { code: 'stream_interrupted' } });
  });

  describe('response guardrails', () => {
    const guardrails = (action: 'block' | 'redact') => ({
      findings: [{ guardrailId: 'g-pii', rule: 'email', stage: 'prompt' as const, action: 'mask' as const, count: 2 }],
      response: [{ id: 'g-deny', name: 'deny', prompt: [], response: [{ name: 'codenames', words: ['Project Falcon'], patterns: [], case_insensitive: true, action }] }],
    });

    it('redacts a whole reply and records prompt and response findings in the usage', async () => {
      upstream.script('first', { status: 200, json: completionJson('The project falcon launch is on.') });
      const { messages, event } = await serve(chatRequest(), { guardrails: guardrails('redact') });
      expect(JSON.parse(only(messages, ReplyKind.Response).body).choices[0].message.content).toBe('The [REDACTED] launch is on.');
      expect(event!.guardrails).toEqual([
        { guardrailId: 'g-pii', rule: 'email', stage: 'prompt', action: 'mask', count: 2 },
        { guardrailId: 'g-deny', rule: 'codenames', stage: 'response', action: 'redact', count: 1 },
      ]);
    });

    it('refuses a whole reply a blocking rule matches, naming the rule, and bills it', async () => {
      upstream.script('first', { status: 200, json: completionJson('About Project Falcon: secret.') });
      const { messages, event } = await serve(chatRequest(), { guardrails: guardrails('block') });
      const error = only(messages, ReplyKind.Error).error;
      expect(error).toMatchObject({ status: 400, body: { error: { code: 'guardrail_response_blocked', metadata: { guardrail_id: 'g-deny', rule: 'codenames' } } } });
      expect(JSON.stringify(error)).not.toContain('secret.');
      expect(event).toMatchObject({ status: 'error', usageSource: 'upstream', usage: { completionTokens: 2 }, error: { code: 'guardrail_response_blocked' } });
    });

    it('stops a stream before the matching delta is sent, with an error event, billing what was produced', async () => {
      upstream.script('first', { stream: streamOf(['Launching', ' Project', ' Falcon', ' today', ' at', ' noon']) });
      const { messages, event } = await serve(chatRequest({ stream: true }), { guardrails: guardrails('redact') });
      const chunks = messages.filter((message) => message.kind === ReplyKind.Chunk);
      expect(chunks).toHaveLength(3); // role, "Launching", " Project": " Falcon" completes the phrase and is never sent
      const last = messages.at(-1)!;
      if (last.kind !== ReplyKind.Error) throw new Error(`ended with ${last.kind}`);
      expect(last.error).toMatchObject({ status: 400, body: { error: { code: 'guardrail_response_blocked' } } });
      expect(event).toMatchObject({ status: 'interrupted', usageSource: 'estimated', error: { code: 'guardrail_response_blocked' } });
      expect(event!.usage.completionTokens).toBeGreaterThan(0);
      expect(event!.guardrails).toContainEqual({ guardrailId: 'g-deny', rule: 'codenames', stage: 'response', action: 'block', count: 1 });
    });
  });

  it('answers an error when every provider failed, and still emits the usage of the attempts', async () => {
    upstream.script('first', { status: 500 });
    upstream.script('second', { status: 500 }, { status: 500 });
    const { messages, event } = await serve();
    expect(only(messages, ReplyKind.Error).error).toMatchObject({ status: 502, body: { error: { code: 'upstream_error' } } });
    expect(event).toMatchObject({ status: 'error', error: { status: 502, code: 'upstream_error' } });
    expect(event!.attempts).toHaveLength(3);
  });

  describe('journals the usage beside the job before the last reply message (a router killed after the client heard the end must not lose the bill)', () => {
    class RecordingJournal implements UsageJournal {
      readonly events: UsageEventInput[] = [];
      kindsAtRecord: string[] = [];
      emittedAtRecord = -1;
      constructor(readonly interrupted = false, private readonly previous: UsageEventInput | null = null) {}
      record(event: UsageEventInput) {
        this.kindsAtRecord = publisher.kinds();
        this.emittedAtRecord = usage.events.length;
        this.events.push(event);
      }
      async recorded() {
        return this.previous;
      }
    }

    const servedThroughJournal = async (request: ChatCompletionRequest) => {
      const journal = new RecordingJournal();
      await service.handle(chatJob(request), journal);
      return { journal, after: publisher.kinds() };
    };

    it('a whole reply: journaled, then answered, then emitted', async () => {
      const { journal, after } = await servedThroughJournal(chatRequest());
      expect([journal.kindsAtRecord, after]).toEqual([[], [ReplyKind.Response]]);
      expect(journal.emittedAtRecord).toBe(0);
      expect(usage.events).toEqual(journal.events);
    });

    it('a stream’s end', async () => {
      upstream.script('first', { stream: streamOf(['Hi', '!']) });
      const { journal, after } = await servedThroughJournal(chatRequest({ stream: true }));
      expect(journal.kindsAtRecord).not.toContain(ReplyKind.End);
      expect(after[after.length - 1]).toBe(ReplyKind.End);
      expect(usage.events).toEqual(journal.events);
    });

    it('an error after an attempt', async () => {
      upstream.script('first', { status: 400 });
      const { journal, after } = await servedThroughJournal(chatRequest());
      expect([journal.kindsAtRecord, after]).toEqual([[], [ReplyKind.Error]]);
      expect(usage.events).toEqual(journal.events);
    });

    it('a job taken over after its router answered is billed from the journal and not served again', async () => {
      const first = await serve();
      publisher.messages.length = 0;
      upstream.reset();
      const journal = new RecordingJournal(true, first.event!);
      await service.handle(chatJob(chatRequest(), { requestId: first.job.requestId }), journal);
      expect(upstream.calls()).toEqual([]);
      expect(usage.events).toEqual([first.event, first.event]);
      // Its reply's last message may have died with the router: a client still waiting hears a 502, not silence
      // until the deadline; a gateway drops it for a request that already ended.
      const error = only(publisher.messages.map(({ message }) => message), ReplyKind.Error).error;
      expect(error.status).toBe(502);
      expect(JSON.parse(JSON.stringify(error.body))).toMatchObject({ error: { code: 'router_interrupted' } });
    });

    it('a stream taken over from a router that stopped mid-serve ends with an error instead of a second answer', async () => {
      const journal = new RecordingJournal(true);
      await service.handle(chatJob(chatRequest({ stream: true })), journal);
      expect(upstream.calls()).toEqual([]);
      const error = only(publisher.messages.map(({ message }) => message), ReplyKind.Error).error;
      expect(error.status).toBe(502);
      expect(JSON.parse(JSON.stringify(error.body))).toMatchObject({ error: { code: 'router_interrupted' } });
      expect(usage.events).toEqual([]);
    });
  });

  it('answers a provider’s unreadable body as a 502', async () => {
    upstream.script('first', { status: 200, json: { not: 'a completion' } });
    const { messages } = await serve();
    expect(only(messages, ReplyKind.Error).error).toMatchObject({ status: 502, body: { error: { code: 'upstream_invalid_response' } } });
  });

  it('answers an unknown model with a 404 and emits no usage (nothing reached an upstream)', async () => {
    const { messages } = await serve(chatRequest({ model: 'acme/unknown' }));
    expect(only(messages, ReplyKind.Error).error).toMatchObject({ status: 404, body: { error: { code: 'model_not_found' } } });
    expect(usage.events).toEqual([]);
    expect(upstream.received).toEqual([]);
  });

  it('does nothing for a job whose gateway has already given up', async () => {
    const { messages } = await serve(chatRequest(), { deadlineAt: Date.now() - 1 });
    expect(messages).toEqual([]);
    expect(usage.events).toEqual([]);
    expect(upstream.received).toEqual([]);
  });

  it('honours a cancel that arrived before the job did', async () => {
    const job = chatJob();
    cancellations.cancel(job.requestId);
    await service.handle(job);
    expect(only(publisher.messages.map(({ message }) => message), ReplyKind.Error).error.status).toBe(499);
    expect(usage.events[0]).toMatchObject({ status: 'cancelled' });
  });

  it('calls a provider with the organisation’s own key when it has one there (BYOK)', async () => {
    const sealed = box.seal('sk-own-key', credentialAad('org-1', 'first'));
    await serve(chatRequest(), { credentials: { first: { sealed, baseUrl: null } } });
    expect(upstream.received.map((request) => [request.provider, request.authorization])).toEqual([['first', 'Bearer sk-own-key']]);
  });
});
