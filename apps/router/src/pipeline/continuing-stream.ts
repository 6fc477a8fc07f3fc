import { chunkEncoder, type ChatCompletionRequest, type CompletionJob, type RouteMeta, type RouteProof } from '@alltokens/contracts';
import { estimateCompletionTokens } from '@alltokens/routing';
import type { Candidate } from './candidate-resolver';
import { openUpstream, type AttemptHooks, type OpenedUpstream } from '../upstream/attempt-runner';
import { AnswerSoFar } from './answer-so-far';
import { ContinuationSplice } from './continuation-splice';
import { continuationCandidates, continuationRefusal } from './continuation-policy';
import type { JobScope } from './job-scope';
import { markServed, recordStreamUsage } from './request-outcome';
import { emptyBill, publishTotals, relaySegment, startReply, type RelayState, type Segment, type SegmentEnd } from './stream-relay';
import type { ReplySink } from '../reply/reply-publisher';
import { responseGuardOf, tallyOf } from './response-guards';

const CLIENT_GONE = { status: 499, code: 'client_closed_request', message: 'The client went away' };

export interface StreamHooks extends AttemptHooks {
  /** Told about a stream that broke after its first byte (health, breaker, fidelity). */
  onBroken(endpointId: string, timeout: boolean, latencyMs: number): void;
}

/**
 * Serves a stream so that the client sees one answer: when the upstream breaks mid-stream (reset,
 * stall, provider error event), the answer is continued on the next endpoint that can take it, with
 * the text produced so far as its prefill, and only the new text is relayed. Every segment is an
 * attempt billed for what it consumed; the request is billed their sum.
 */
export class ContinuingStream {
  readonly state: RelayState;

  constructor(
    private readonly job: CompletionJob,
    /** The plan's candidates, as tried (credentials applied). */
    private readonly candidates: readonly Candidate[],
    private readonly scope: JobScope,
    private readonly hooks: StreamHooks,
    publisher: ReplySink,
    meta: RouteMeta,
    proof: RouteProof,
  ) {
    this.state = {
      job,
      meta,
      proof,
      publisher,
      outcome: scope.outcome,
      answer: new AnswerSoFar(),
      encodeChunk: chunkEncoder(job.requestId),
      clientWantsUsage: job.request.stream_options?.include_usage === true,
      billed: emptyBill(),
      usageSent: false,
      guard: responseGuardOf(job),
      tally: tallyOf(job),
      watches: new Map(),
    };
  }

  /** Relays `opened` and whatever continues it; the outcome says how it ended. */
  async run(opened: OpenedUpstream): Promise<void> {
    const { outcome } = this.state;
    startReply(this.state);
    let segment: Segment = { opened, attempt: outcome.attempts.length - 1, prefill: '' };
    for (;;) {
      const end = await relaySegment(this.state, segment);
      if (segment.opened !== opened) segment.opened.span.end();
      if (end.kind === 'done') {
        outcome.status = 'success';
        break;
      }
      if (end.kind === 'cancelled') {
        Object.assign(outcome, { status: 'cancelled', error: CLIENT_GONE });
        break;
      }
      if (end.kind === 'blocked') {
        outcome.status = 'interrupted';
        outcome.error = end.error;
        break;
      }
      this.noteBroken(segment, end);
      const next = await this.continueAfter(segment, end);
      if (!next) {
        // The client may have left while the continuation was being opened.
        Object.assign(outcome, this.scope.signal.aborted ? { status: 'cancelled', error: CLIENT_GONE } : { status: 'interrupted', error: end.error });
        break;
      }
      segment = next;
    }
    this.settle(segment);
  }

  private noteBroken(segment: Segment, end: Extract<SegmentEnd, { kind: 'broken' }>): void {
    const attempt = this.state.outcome.attempts[segment.attempt]!;
    const latencyMs = performance.now() - segment.opened.startedAt;
    Object.assign(attempt, { outcome: 'interrupted', error: `${end.error.code}: ${end.error.message}`, latencyMs });
    this.hooks.onBroken(segment.opened.candidate.endpoint.id, end.timeout, latencyMs);
  }

  /** Opens the continuation on the next endpoint that can take it, or null when none can (or may), saying why on the broken attempt. */
  private async continueAfter(broken: Segment, end: Extract<SegmentEnd, { kind: 'broken' }>): Promise<Segment | null> {
    const { job, state } = this;
    const { answer, outcome } = state;
    const notContinued = (reason: string) => {
      outcome.attempts[broken.attempt]!.error = `${end.error.code}: ${end.error.message}; not continued: ${reason}`;
      return null;
    };
    const refusal = continuationRefusal(job, answer);
    if (refusal) return notContinued(refusal);
    const produced = answer.content;
    const next = continuationCandidates(this.candidates, broken.opened.candidate, job, produced);
    if (!next.length) return notContinued('no other endpoint can continue this answer');
    const first = outcome.attempts.length;
    let opened: OpenedUpstream;
    try {
      opened = await openUpstream(next, { name: 'chat', stream: true, build: (candidate) => continuationRequest(job, candidate, produced) }, this.scope.signal, outcome.attempts, this.hooks);
    } catch {
      // Every remaining endpoint failed before answering (or the client left): end with the break's error.
      return notContinued('every endpoint that could continue failed');
    }
    for (let i = first; i < outcome.attempts.length; i += 1) outcome.attempts[i]!.continuation = true;
    const prefill = produced === '' ? '' : opened.candidate.adapter.continuation!.prefillOf(produced);
    const failoverCount = outcome.attempts.length - 1;
    state.meta = { ...state.meta, continued: true, failoverCount };
    state.proof = { ...state.proof, continued: true, failover_count: failoverCount };
    return { opened, attempt: outcome.attempts.length - 1, prefill, splice: new ContinuationSplice(produced.slice(prefill.length)) };
  }

  /** The request's bill and the answering endpoint, once the last segment ended. */
  private settle(last: Segment): void {
    const { outcome, billed, meta, tally } = this.state;
    outcome.guardrails = tally.toArray();
    if (meta.continued && outcome.status === 'success') publishTotals(this.state);
    markServed(outcome, last.opened.candidate.endpoint);
    recordStreamUsage(outcome, billed.usage, billed.estimated ? 'estimated' : 'upstream', billed.costUsd);
    outcome.finishReason = this.state.answer.finishReason;
    outcome.answer = this.state.answer.facts(billed.estimated ? null : billed.usage.completionTokens);
  }
}

/**
 * The request a continuation sends: the original when nothing was sent yet, else with the text so far
 * as a prefill and the output limit less what was already produced, so the whole answer stays within it.
 */
function continuationRequest(job: CompletionJob, { adapter, provider, endpoint }: Candidate, produced: string) {
  const context = { provider, endpoint };
  if (produced === '') return adapter.buildChatRequest(job.request, context, true);
  const support = adapter.continuation!;
  return support.buildRequest(remainingLimit(job.request, estimateCompletionTokens(produced)), support.prefillOf(produced), context, true);
}

function remainingLimit(request: ChatCompletionRequest, used: number): ChatCompletionRequest {
  const left = (limit: number | null | undefined) => (limit == null ? limit : Math.max(1, limit - used));
  return { ...request, max_tokens: left(request.max_tokens), max_completion_tokens: left(request.max_completion_tokens) };
}
