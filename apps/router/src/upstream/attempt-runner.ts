import { ApiError, type Attempt } from '@alltokens/contracts';
import { sendUpstream, type UpstreamRequest, type UpstreamResponse } from '@alltokens/providers';
import type { Dispatcher } from 'undici';
import { redactSecrets, tracer, SpanKind, type Context, type Span } from '@alltokens/platform';
import type { Candidate } from '../pipeline/candidate-resolver';
import { allFailed, classifyTransportError, describeError, isFailoverStatus } from './failure';

/** How many times the last remaining candidate is retried (with backoff) after a retryable failure. */
export const LAST_CANDIDATE_RETRIES = 1;
export const DEFAULT_BACKOFF_MS = 250;
export const MAX_BACKOFF_MS = 2000;

export interface AttemptHooks {
  /** Told about every failed attempt (for breakers and health). */
  onFailure(endpointId: string, timeout: boolean, latencyMs: number): void;
  deadlineAt: number;
  /** The job's trace context: each attempt's span is its child. */
  traceContext: Context;
  /** Used for providers whose URL an organisation supplied (BYOK). */
  guardedDispatcher?: Dispatcher;
}

export interface UpstreamOperation {
  name: 'chat' | 'embeddings';
  /** A stream: silence longer than the provider's stream idle timeout ends it as stalled. */
  stream?: boolean;
  build(candidate: Candidate): UpstreamRequest | Promise<UpstreamRequest>;
}

export interface OpenedUpstream {
  candidate: Candidate;
  response: UpstreamResponse;
  span: Span;
  startedAt: number;
}

/** How one try at one candidate ended, when it did not end the request. */
type TryResult =
  | { kind: 'opened'; opened: OpenedUpstream }
  /** The provider cannot take this request (e.g. image URLs on Bedrock): not a health problem. */
  | { kind: 'refused'; error: ApiError }
  /** Worth another try at the same candidate after `backoffMs`, when it is the last one. */
  | { kind: 'retryable'; backoffMs: number }
  /** Fail over, never retry here (e.g. 401 or 404 from this provider). */
  | { kind: 'failed' };

/**
 * Tries candidates in order until one answers 2xx. Fails over before the first byte on transport
 * errors, timeouts and provider-side statuses; a request the provider rejects (400, 413, 422...)
 * is passed through, since the next provider would reject it too. The last candidate gets one
 * more try after a backoff (the provider's `retry-after` when it names one). Every try lands in
 * `attempts`.
 */
export async function openUpstream(candidates: Candidate[], operation: UpstreamOperation, signal: AbortSignal, attempts: Attempt[], hooks: AttemptHooks): Promise<OpenedUpstream> {
  const refusals: ApiError[] = [];
  let retries = 0;
  for (const [index, candidate] of candidates.entries()) {
    const last = index === candidates.length - 1;
    for (;;) {
      const result = await tryCandidate(candidate, operation, signal, attempts, hooks);
      if (result.kind === 'opened') return result.opened;
      if (result.kind === 'refused') refusals.push(result.error);
      if (result.kind !== 'retryable' || !last || retries >= LAST_CANDIDATE_RETRIES || !(await waitToRetry(result.backoffMs, hooks.deadlineAt, signal))) break;
      retries += 1;
    }
  }
  // Every candidate refused the request itself: its reason (a 400 naming what to change) beats a 502.
  if (refusals.length && refusals.length === attempts.length) throw refusals[0]!;
  throw allFailed(attempts);
}

/** One try at one candidate. Throws what ends the request at once: a cancellation, a status to pass through. */
async function tryCandidate(candidate: Candidate, operation: UpstreamOperation, signal: AbortSignal, attempts: Attempt[], hooks: AttemptHooks): Promise<TryResult> {
  const { endpoint, provider, adapter } = candidate;
  const startedAt = performance.now();
  const span = attemptSpan(candidate, operation.name, hooks.traceContext);
  const record = (outcome: Attempt['outcome'], httpStatus: number | null, error?: string) => {
    const latencyMs = performance.now() - startedAt;
    attempts.push({ providerId: provider.id, endpointId: endpoint.id, httpStatus, outcome, error, latencyMs });
    if (outcome !== 'success' && outcome !== 'cancelled') hooks.onFailure(endpoint.id, outcome === 'timeout', latencyMs);
    span.setAttribute('http.response.status_code', httpStatus ?? 0);
  };
  let response: UpstreamResponse;
  try {
    const upstream = await buildRequest(candidate, operation);
    if (upstream instanceof ApiError) {
      attempts.push({ providerId: provider.id, endpointId: endpoint.id, httpStatus: null, outcome: 'error', error: `${upstream.code}: ${upstream.message}`, latencyMs: 0 });
      span.end();
      return { kind: 'refused', error: upstream };
    }
    response = await sendUpstream(upstream, {
      firstByteTimeoutMs: provider.firstByteTimeoutMs,
      bodyTimeoutMs: operation.stream ? Math.min(provider.timeoutMs, provider.streamIdleTimeoutMs) : provider.timeoutMs,
      signal,
      dispatcher: provider.customerUrl ? hooks.guardedDispatcher : undefined,
    });
  } catch (error) {
    // Connection failures, timeouts and errors getting credentials (e.g. an OAuth exchange): fail over.
    const outcome = classifyTransportError(error);
    record(outcome, null, describeError(error));
    span.end();
    if (outcome === 'cancelled') throw new ApiError(499, 'client_closed_request', 'The client went away');
    return { kind: 'retryable', backoffMs: DEFAULT_BACKOFF_MS };
  }
  if (response.statusCode < 300) {
    record('success', response.statusCode);
    return { kind: 'opened', opened: { candidate, response, span, startedAt } };
  }
  const body = await response.body.text().catch(() => '');
  // Providers echo keys in auth errors ("Incorrect API key provided: sk-..."): never pass one on.
  const parsed = adapter.parseError(response.statusCode, body, response.headers);
  const message = redactSecrets(parsed.message);
  record('error', response.statusCode, `${parsed.code}: ${message}`);
  span.end();
  if (!isFailoverStatus(response.statusCode)) throw new ApiError(response.statusCode, parsed.code, message, null, { provider: provider.id });
  return response.statusCode === 429 || response.statusCode >= 500 ? { kind: 'retryable', backoffMs: backoffFor(response) } : { kind: 'failed' };
}

/** The candidate's upstream request, or the ApiError with which this provider refuses the request. */
async function buildRequest(candidate: Candidate, operation: UpstreamOperation): Promise<UpstreamRequest | ApiError> {
  try {
    return await operation.build(candidate);
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
}

/** The provider's `retry-after` (seconds), capped; the default backoff when it names none. */
export function backoffFor(response: Pick<UpstreamResponse, 'headers'>): number {
  const retryAfter = Number(response.headers['retry-after']);
  return Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter * 1000, MAX_BACKOFF_MS) : DEFAULT_BACKOFF_MS;
}

/** Waits `backoffMs` unless that would pass the deadline or the request is cancelled; false when it did not wait. */
async function waitToRetry(backoffMs: number, deadlineAt: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted || Date.now() + backoffMs >= deadlineAt) return false;
  await new Promise((resolve) => setTimeout(resolve, backoffMs));
  return true;
}

function attemptSpan({ endpoint, provider }: Candidate, operation: UpstreamOperation['name'], traceContext: Context): Span {
  return tracer().startSpan(
    `${operation} ${endpoint.upstreamModel}`,
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'gen_ai.operation.name': operation,
        'gen_ai.provider.name': provider.id,
        'gen_ai.request.model': endpoint.upstreamModel,
        'server.address': hostOf(provider.baseUrl),
      },
    },
    traceContext,
  );
}

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).hostname;
  } catch {
    return '';
  }
}
