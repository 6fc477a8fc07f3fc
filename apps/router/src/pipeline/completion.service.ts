import { ApiError, apiErrorBody, ReplyKind, type ChatCompletion, type CompletionJob, type RouteMeta, type RouteProof } from '@alltokens/contracts';
import type { RoutePlan } from '@alltokens/routing';
import type { ReplySink } from '../reply/reply-publisher';
import type { RouteReporter } from '../routing/route-reporter';
import type { RouterMetrics } from '../health/router-metrics';
import type { OwnCredentials } from '../upstream/own-credentials';
import { openUpstream, type OpenedUpstream } from '../upstream/attempt-runner';
import type { UsageEmitter, UsageJournal } from '@alltokens/jobs';
import type { CancellationRegistry } from './cancellation-registry';
import type { Candidate, CandidateResolver } from './candidate-resolver';
import { fromOpenAiUsage, markReplied, markServed, recordUsage, type RequestOutcome } from './request-outcome';
import { ContinuingStream } from './continuing-stream';
import { responseGuardOf, tallyOf } from './response-guards';
import { JobBilling } from './job-billing';
import { publishInterrupted } from './interrupted-reply';
import { runInJobScope, type JobScope } from './job-scope';
import { usageEventOf } from './usage-event-of';

/** Serves one completion job: plan the route, call upstream with failover, reply, report, emit usage. */
export class CompletionService {
  constructor(
    private readonly resolver: CandidateResolver,
    private readonly publisher: ReplySink,
    private readonly usage: Pick<UsageEmitter, 'emit'>,
    private readonly cancellations: CancellationRegistry,
    private readonly reporter: Pick<RouteReporter, 'report' | 'failure' | 'broken'>,
    private readonly ownCredentials: OwnCredentials,
    private readonly metrics: RouterMetrics,
  ) {}

  async handle(job: CompletionJob, journal?: UsageJournal): Promise<void> {
    if (await JobBilling.resumed(journal, this.usage)) return publishInterrupted(this.publisher, job, 'reply');
    if (job.deadlineAt < Date.now()) return;
    if (journal?.interrupted && job.request.stream === true) return publishInterrupted(this.publisher, job, 'stream');
    let plan: RoutePlan | null = null;
    const billing = new JobBilling(this.usage, journal, (outcome, ctx) => usageEventOf(job, outcome, ctx));
    const { outcome } = await runInJobScope(job, 'router.process', { publisher: this.publisher, cancellations: this.cancellations, bill: billing.bill }, async (scope) => {
      const resolution = this.resolver.resolve(job.request, job.policies, job.legacyPrompt !== undefined);
      plan = resolution.plan;
      scope.outcome.route = { mode: plan.mode, decisionReason: plan.decisionReason };
      await this.serve(job, resolution.candidates, scope);
    });
    const routed = plan as RoutePlan | null;
    this.metrics.observe(outcome.status, outcome.route?.mode ?? 'none', outcome.attempts, outcome.usage.promptTokens, outcome.usage.completionTokens);
    if (!outcome.attempts.length) return;
    if (routed) this.reporter.report(job, routed, outcome);
    await billing.emit();
  }

  private async serve(job: CompletionJob, planned: Candidate[], scope: JobScope) {
    const { outcome, signal, traceId, ctx } = scope;
    const stream = job.request.stream === true;
    const build = ({ adapter, provider, endpoint }: Candidate) =>
      endpoint.type === 'completion'
        ? adapter.textCompletions!.buildRequest(job.request, job.legacyPrompt ?? '', { provider, endpoint }, stream)
        : adapter.buildChatRequest(job.request, { provider, endpoint }, stream);
    const candidates = this.ownCredentials.apply(planned, job);
    const hooks = {
      deadlineAt: job.deadlineAt,
      traceContext: ctx,
      guardedDispatcher: this.ownCredentials.guardedDispatcher,
      onFailure: (endpointId: string, timeout: boolean, latencyMs: number) => this.reporter.failure(endpointId, timeout, latencyMs),
      onBroken: (endpointId: string, timeout: boolean, latencyMs: number) => this.reporter.broken(endpointId, timeout, latencyMs),
    };
    const opened = await openUpstream(candidates, { name: 'chat', stream, build }, signal, outcome.attempts, hooks);
    const { endpoint, provider } = opened.candidate;
    markServed(outcome, endpoint);
    const route = outcome.route!;
    const meta: RouteMeta = {
      provider: provider.id,
      model: endpoint.modelId,
      routeMode: route.mode,
      decisionReason: route.decisionReason,
      candidates: candidates.length,
      failoverCount: outcome.attempts.length - 1,
      traceId,
      ttftMs: null,
      totalLatencyMs: null,
    };
    const proof: RouteProof = { trace_id: traceId, candidates: { count: meta.candidates }, decision_reason: meta.decisionReason };
    try {
      if (stream) await this.streamReply(new ContinuingStream(job, candidates, scope, hooks, this.publisher, meta, proof), opened, scope);
      else await this.wholeReply(job, opened, meta, scope, proof);
    } finally {
      opened.span.setAttributes({
        'gen_ai.response.model': endpoint.upstreamModel,
        'gen_ai.usage.input_tokens': outcome.usage.promptTokens,
        'gen_ai.usage.output_tokens': outcome.usage.completionTokens,
      });
      opened.span.end();
    }
  }

  private async streamReply(reply: ContinuingStream, opened: OpenedUpstream, scope: JobScope) {
    await reply.run(opened);
    const { job, outcome, meta } = reply.state;
    const finalMeta = { ...meta, ttftMs: outcome.ttftMs, totalLatencyMs: markReplied(outcome, job.receivedAt) };
    if (outcome.status === 'success') {
      scope.finish({ kind: ReplyKind.End, requestId: job.requestId, meta: finalMeta });
      return;
    }
    const error = outcome.error!;
    scope.finish({
      kind: ReplyKind.Error,
      requestId: job.requestId,
      error: { status: error.status, body: apiErrorBody(error.status, error.code, error.message), meta: finalMeta },
    });
  }

  private async wholeReply(job: CompletionJob, opened: OpenedUpstream, meta: RouteMeta, scope: JobScope, proof: RouteProof) {
    const { outcome } = scope;
    const { adapter, endpoint, provider } = opened.candidate;
    let completion: ChatCompletion;
    try {
      const json = await opened.response.body.json();
      completion = endpoint.type === 'completion' ? adapter.textCompletions!.parseResponse(json) : adapter.parseChatResponse(json, { provider, endpoint });
    } catch (error) {
      throw new ApiError(502, 'upstream_invalid_response', `The provider's response could not be read: ${(error as Error).message}`);
    }
    outcome.ttftMs = Date.now() - job.receivedAt;
    outcome.status = 'success';
    outcome.finishReason = completion.choices[0]?.finish_reason ?? null;
    const message = completion.choices[0]?.message;
    outcome.answer = {
      content: message?.content ?? '',
      toolCalls: (message?.tool_calls ?? []).map((call) => ({ name: call.function.name, arguments: call.function.arguments })),
      finishReason: outcome.finishReason,
      completionTokens: completion.usage?.completion_tokens ?? null,
    };
    if (completion.usage) completion.usage.cost = recordUsage(outcome, fromOpenAiUsage(completion.usage), 'upstream');
    this.applyResponseGuard(job, completion, outcome);
    completion.id = job.requestId;
    completion.model = endpoint.modelId;
    completion.provider = provider.id;
    completion.alltokens_route = proof;
    const totalLatencyMs = markReplied(outcome, job.receivedAt);
    scope.finish({
      kind: ReplyKind.Response,
      requestId: job.requestId,
      meta: { ...meta, ttftMs: totalLatencyMs, totalLatencyMs },
      body: JSON.stringify(completion),
    });
  }

  /** Redacts what `redact` rules match; a `block` match refuses the response (it is billed: the provider produced it). */
  private applyResponseGuard(job: CompletionJob, completion: ChatCompletion, outcome: RequestOutcome): void {
    const guard = responseGuardOf(job);
    if (!guard) return;
    const tally = tallyOf(job);
    try {
      for (const choice of completion.choices) {
        const content = choice.message?.content;
        if (typeof content !== 'string') continue;
        const checked = guard.check(content, tally);
        if (checked.blocked) {
          const { guardrailId, guardrailName, rule } = checked.blocked;
          throw new ApiError(400, 'guardrail_response_blocked', `The response was blocked by guardrail '${guardrailName}': rule '${rule}' matched it`, null, { guardrail_id: guardrailId, rule });
        }
        choice.message.content = checked.text;
      }
    } finally {
      outcome.guardrails = tally.toArray();
    }
  }
}
