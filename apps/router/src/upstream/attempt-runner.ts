import { ApiError, type Attempt } from '@alltokens/contracts';
import { sendUpstream, type UpstreamRequest, type UpstreamResponse } from '@alltokens/providers';
import type { Dispatcher } from 'undici';
import { redactSecrets, tracer, SpanKind, type Context, type Span } from '@alltokens/platform';
import type { Candidate } from '../pipeline/candidate-resolver';
import { classifyTransportError, describeError, isFailoverStatus } from './failure';

/** How many times the last remaining candidate is retried (with backoff) after a retryable failure. */
const LAST_CANDIDATE_RETRIES = 1;
const DEFAULT_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 2000;

export interface AttemptHooks {
  /** Told about every failed attempt (for breakers and health). */
  onFailure(endpointId: string, timeout: boolean, latencyMs: number): void;
  deadlineAt: number;
  /** The job's trace context: each attempt's span is its child. */
  traceContext: Context;
  /** Used for providers whose URL an organisation supplied (BYOK). */
  guardedDispatcher?: Dispatcher;
}

export interface OpenedUpstream {
  candidate: Candidate;
  response: UpstreamResponse;
  span: Span;
  startedAt: number;
}

/**
 * Tries candidates in order until one answers 2xx. Fails over before the first byte on transport
 * errors, timeouts and provider-side statuses; a request the provider rejects (400, 413, 422...)
 * is passed through, since the next provider would reject it too. Every try lands in `attempts`.
 */
export async function openUpstream(
  candidates: Candidate[],
  operation: { name: 'chat' | 'embeddings'; build(candidate: Candidate): UpstreamRequest | Promise<UpstreamRequest> },
  signal: AbortSignal,
  attempts: Attempt[],
  hooks: AttemptHooks,
): Promise<OpenedUpstream> {
  let retries = 0;
  const refusals: ApiError[] = [];
  for (let index = 0; index < candidates.length; index += 1) {
    const candidate = candidates[index]!;
    const { endpoint, provider, adapter } = candidate;
    let backoffMs = DEFAULT_BACKOFF_MS;
    const retryLast = async () => {
      const isLast = index === candidates.length - 1;
      if (!isLast || retries >= LAST_CANDIDATE_RETRIES || Date.now() + backoffMs >= hooks.deadlineAt || signal.aborted) return;
      retries += 1;
      await new Promise((resolve) => setTimeout(resolve, backoffMs));
      index -= 1;
    };
    const startedAt = performance.now();
    const span = tracer().startSpan(`${operation.name} ${endpoint.upstreamModel}`, {
      kind: SpanKind.CLIENT,
      attributes: {
        'gen_ai.operation.name': operation.name,
        'gen_ai.provider.name': provider.id,
        'gen_ai.request.model': endpoint.upstreamModel,
        'server.address': hostOf(provider.baseUrl),
      },
    }, hooks.traceContext);
    const record = (outcome: Attempt['outcome'], httpStatus: number | null, error?: string) => {
      const latencyMs = performance.now() - startedAt;
      attempts.push({ providerId: provider.id, endpointId: endpoint.id, httpStatus, outcome, error, latencyMs });
      if (outcome !== 'success' && outcome !== 'cancelled') hooks.onFailure(endpoint.id, outcome === 'timeout', latencyMs);
      span.setAttribute('http.response.status_code', httpStatus ?? 0);
    };
    /** Connection failures, timeouts and errors getting credentials (e.g. an OAuth exchange): fail over. */
    const failTransport = async (error: unknown) => {
      const outcome = classifyTransportError(error);
      record(outcome, null, describeError(error));
      span.end();
      if (outcome === 'cancelled') throw new ApiError(499, 'client_closed_request', 'The client went away');
      await retryLast();
    };
    let upstream: UpstreamRequest;
    try {
      upstream = await operation.build(candidate);
    } catch (error) {
      if (!(error instanceof ApiError)) {
        await failTransport(error);
        continue;
      }
      // This provider cannot take this request (e.g. image URLs on Bedrock): not a health problem; try the next one.
      attempts.push({ providerId: provider.id, endpointId: endpoint.id, httpStatus: null, outcome: 'error', error: `${error.code}: ${error.message}`, latencyMs: 0 });
      refusals.push(error);
      span.end();
      continue;
    }
    let response: UpstreamResponse;
    try {
      response = await sendUpstream(upstream, {
        firstByteTimeoutMs: provider.firstByteTimeoutMs,
        bodyTimeoutMs: provider.timeoutMs,
        signal,
        dispatcher: provider.customerUrl ? hooks.guardedDispatcher : undefined,
      });
    } catch (error) {
      await failTransport(error);
      continue;
    }
    if (response.statusCode < 300) {
      record('success', response.statusCode);
      return { candidate, response, span, startedAt };
    }
    const body = await response.body.text().catch(() => '');
    // Providers echo keys in auth errors ("Incorrect API key provided: sk-..."): never pass one on.
    const parsed = adapter.parseError(response.statusCode, body, response.headers);
    const providerError = { code: parsed.code, message: redactSecrets(parsed.message) };
    record('error', response.statusCode, `${providerError.code}: ${providerError.message}`);
    span.end();
    if (!isFailoverStatus(response.statusCode)) {
      throw new ApiError(response.statusCode, providerError.code, providerError.message, null, { provider: provider.id });
    }
    if (response.statusCode === 429 || response.statusCode >= 500) {
      const retryAfter = Number(response.headers['retry-after']);
      if (Number.isFinite(retryAfter) && retryAfter > 0) backoffMs = Math.min(retryAfter * 1000, MAX_BACKOFF_MS);
      await retryLast();
    }
  }
  // Every candidate refused the request itself: its reason (a 400 naming what to change) beats a 502.
  if (refusals.length === attempts.length && refusals.length) throw refusals[0]!;
  throw allFailed(attempts);
}

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).hostname;
  } catch {
    return '';
  }
}

function allFailed(attempts: Attempt[]): ApiError {
  const summary = attempts.map(({ providerId, httpStatus, outcome, error }) => ({ provider: providerId, status: httpStatus, outcome, error }));
  if (attempts.every((attempt) => attempt.outcome === 'timeout')) {
    return new ApiError(504, 'upstream_timeout', 'Every provider timed out before answering', null, { attempts: summary });
  }
  if (attempts.every((attempt) => attempt.httpStatus === 429)) {
    return new ApiError(429, 'rate_limited', 'Every provider is rate limiting; retry shortly', null, { attempts: summary });
  }
  return new ApiError(502, 'upstream_error', 'Every provider failed before answering', null, { attempts: summary });
}
