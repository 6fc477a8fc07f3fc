import { ApiError, ReplyKind, type ReplyMessage, type RouterJob } from '@alltokens/contracts';
import { extractTrace, SpanKind, SpanStatusCode, trace, tracer, type Context } from '@alltokens/platform';
import type { ReplySink } from '../reply/reply-publisher';
import type { CancellationRegistry } from './cancellation-registry';
import { emptyOutcome, markReplied, type RequestOutcome } from './request-outcome';

export interface JobScope {
  outcome: RequestOutcome;
  signal: AbortSignal;
  traceId: string;
  /** The job's trace context. */
  ctx: Context;
  /**
   * Sends the job's last reply message (its end, whole response or error) right after its usage is
   * journaled beside the job: a router killed after the client heard the end would otherwise lose the bill.
   */
  finish(message: ReplyMessage): void;
}

/** Journals the request's usage (a no-op when no upstream was tried). */
export type Bill = (outcome: RequestOutcome, ctx: Context) => void;

/**
 * Runs one job inside its consumer span and cancellation scope. Whatever `serve` throws becomes the
 * client's error reply (an ApiError as it is, anything else as a 500) and is noted in the outcome.
 * The request is billed exactly once, before its last reply message, or at the end if none was sent.
 */
export async function runInJobScope(
  job: RouterJob,
  spanName: string,
  deps: { publisher: ReplySink; cancellations: CancellationRegistry; bill: Bill },
  serve: (scope: JobScope) => Promise<void>,
): Promise<JobScope> {
  const parent = extractTrace(job.trace);
  const span = tracer().startSpan(spanName, { kind: SpanKind.CONSUMER, attributes: { 'alltokens.request_id': job.requestId } }, parent);
  const ctx = trace.setSpan(parent, span);
  let billed = false;
  const bill = () => {
    if (billed) return;
    billed = true;
    deps.bill(scope.outcome, ctx);
  };
  const scope: JobScope = {
    outcome: emptyOutcome(),
    signal: deps.cancellations.register(job.requestId).signal,
    traceId: span.spanContext().traceId,
    ctx,
    finish: (message) => {
      bill();
      deps.publisher.publish(job.replyTo, message);
    },
  };
  try {
    await serve(scope);
  } catch (error) {
    const apiError = error instanceof ApiError ? error : new ApiError(500, 'router_error', 'The router failed to serve the request');
    scope.outcome.status = apiError.status === 499 ? 'cancelled' : 'error';
    scope.outcome.error = { status: apiError.status, code: apiError.code, message: apiError.message };
    markReplied(scope.outcome, job.receivedAt);
    span.setStatus({ code: SpanStatusCode.ERROR, message: apiError.message });
    scope.finish({ kind: ReplyKind.Error, requestId: job.requestId, error: { status: apiError.status, body: apiError.toBody() } });
  } finally {
    deps.cancellations.release(job.requestId);
    span.end();
  }
  bill();
  return scope;
}
