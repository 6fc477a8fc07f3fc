import { ApiError, ReplyKind, type EmbeddingsApiResponse, type EmbeddingsJob, type RouteMeta } from '@alltokens/contracts';
import { redactSecrets } from '@alltokens/platform';
import { sendUpstream, type EmbeddingsResult, type UpstreamRequest } from '@alltokens/providers';
import { EMBEDDINGS_ROUTE } from '@alltokens/routing';
import type { ReplySink } from '../reply/reply-publisher';
import type { RouteReporter } from '../routing/route-reporter';
import type { OwnCredentials } from '../upstream/own-credentials';
import { openUpstream } from '../upstream/attempt-runner';
import type { UsageEmitter, UsageJournal } from '@alltokens/jobs';
import type { CancellationRegistry } from '../pipeline/cancellation-registry';
import type { Candidate, CandidateResolver } from '../pipeline/candidate-resolver';
import { JobBilling } from '../pipeline/job-billing';
import { publishInterrupted } from '../pipeline/interrupted-reply';
import { runInJobScope, type JobScope } from '../pipeline/job-scope';
import { usageEventOf } from '../pipeline/usage-event-of';
import { markReplied, markServed, recordUsage } from '../pipeline/request-outcome';
import { embeddingInputs, toBase64Floats } from './embedding-inputs';

/** Serves one embeddings job: the cheapest healthy embeddings endpoint, failing over like chat. */
export class EmbeddingsService {
  constructor(
    private readonly resolver: CandidateResolver,
    private readonly publisher: ReplySink,
    private readonly usage: Pick<UsageEmitter, 'emit'>,
    private readonly cancellations: CancellationRegistry,
    private readonly reporter: Pick<RouteReporter, 'failure'>,
    private readonly ownCredentials: OwnCredentials,
  ) {}

  async handle(job: EmbeddingsJob, journal?: UsageJournal): Promise<void> {
    if (await JobBilling.resumed(journal, this.usage)) return publishInterrupted(this.publisher, job, 'reply');
    if (job.deadlineAt < Date.now()) return;
    const billing = new JobBilling(this.usage, journal, (outcome, ctx) => usageEventOf(job, outcome, ctx));
    await runInJobScope(job, 'router.embeddings', { publisher: this.publisher, cancellations: this.cancellations, bill: billing.bill }, (scope) => this.serve(job, scope));
    await billing.emit();
  }

  private async serve(job: EmbeddingsJob, { outcome, signal, traceId, ctx, finish }: JobScope): Promise<void> {
    const { request } = job;
    const candidates = this.resolver.resolveEmbeddings(request.model, job.policies);
    outcome.route = EMBEDDINGS_ROUTE;
    const inputs = embeddingInputs(request.input);
    const chunksFor = ({ adapter, endpoint }: Candidate) => chunk(inputs, adapter.embeddings!.maxInputs?.(endpoint) ?? inputs.length);
    const build = (candidate: Candidate, texts: string[]) => candidate.adapter.embeddings!.buildRequest(request, texts, { provider: candidate.provider, endpoint: candidate.endpoint });
    const opened = await openUpstream(
      this.ownCredentials.apply(candidates, job),
      { name: 'embeddings', build: (candidate) => build(candidate, chunksFor(candidate)[0]!) },
      signal,
      outcome.attempts,
      { deadlineAt: job.deadlineAt, traceContext: ctx, guardedDispatcher: this.ownCredentials.guardedDispatcher, onFailure: (endpointId, timeout, latencyMs) => this.reporter.failure(endpointId, timeout, latencyMs) },
    );
    const { candidate } = opened;
    const { adapter, endpoint, provider } = candidate;
    markServed(outcome, endpoint);
    const [first, ...rest] = chunksFor(candidate);
    let result: EmbeddingsResult;
    try {
      const parts = [adapter.embeddings!.parseResponse(await opened.response.body.json(), first!)];
      // Providers that embed a few texts per call (Titan, YandexGPT) get the rest in parallel, on the same endpoint.
      parts.push(...(await Promise.all(rest.map((texts) => this.embedMore(candidate, build(candidate, texts), texts, signal)))));
      result = { vectors: parts.flatMap((part) => part.vectors), promptTokens: parts.reduce((sum, part) => sum + part.promptTokens, 0) };
    } catch (error) {
      if (error instanceof ApiError) throw error;
      throw new ApiError(502, 'upstream_invalid_response', `The provider's response could not be read: ${(error as Error).message}`);
    } finally {
      opened.span.end();
    }
    outcome.status = 'success';
    const cost = recordUsage(outcome, { ...outcome.usage, promptTokens: result.promptTokens }, 'upstream');
    const latencyMs = markReplied(outcome, job.receivedAt);
    outcome.ttftMs = latencyMs;
    const base64 = request.encoding_format === 'base64';
    if (result.vectors.length !== inputs.length) throw new ApiError(502, 'upstream_invalid_response', `The provider returned ${result.vectors.length} embeddings for ${inputs.length} inputs`);
    const body: EmbeddingsApiResponse = {
      object: 'list',
      data: result.vectors.map((vector, index) => ({ object: 'embedding', index, embedding: base64 ? toBase64Floats(vector) : vector })),
      model: endpoint.modelId,
      provider: provider.id,
      id: job.requestId,
      usage: { prompt_tokens: result.promptTokens, total_tokens: result.promptTokens, cost },
    };
    const route = outcome.route!;
    const meta: RouteMeta = {
      provider: provider.id,
      model: endpoint.modelId,
      routeMode: route.mode,
      decisionReason: route.decisionReason,
      candidates: candidates.length,
      failoverCount: outcome.attempts.length - 1,
      traceId,
      ttftMs: latencyMs,
      totalLatencyMs: latencyMs,
    };
    finish({ kind: ReplyKind.Response, requestId: job.requestId, meta, body: JSON.stringify(body) });
  }

  private async embedMore(candidate: Candidate, upstream: UpstreamRequest | Promise<UpstreamRequest>, texts: string[], signal: AbortSignal): Promise<EmbeddingsResult> {
    const { adapter, provider } = candidate;
    const dispatcher = provider.customerUrl ? this.ownCredentials.guardedDispatcher : undefined;
    const response = await sendUpstream(await upstream, { firstByteTimeoutMs: provider.firstByteTimeoutMs, bodyTimeoutMs: provider.timeoutMs, signal, dispatcher });
    if (response.statusCode >= 300) {
      const error = adapter.parseError(response.statusCode, await response.body.text(), response.headers);
      throw new ApiError(response.statusCode >= 500 ? 502 : response.statusCode, error.code, redactSecrets(error.message), null, { provider: provider.id });
    }
    return adapter.embeddings!.parseResponse(await response.body.json(), texts);
  }
}

function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += Math.max(1, size)) chunks.push(items.slice(i, i + Math.max(1, size)));
  return chunks;
}
