import { ApiError, type Attempt, type ChatCompletionRequest } from '@alltokens/contracts';
import { sendUpstream, type UpstreamResponse } from '@alltokens/providers';
import { tracer, SpanKind, type Span } from '@alltokens/platform';
import type { Candidate } from '../completion/candidate-resolver';
import { classifyTransportError, describeError, isFailoverStatus } from './failure';

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
  request: ChatCompletionRequest,
  stream: boolean,
  signal: AbortSignal,
  attempts: Attempt[],
): Promise<OpenedUpstream> {
  for (const candidate of candidates) {
    const { endpoint, provider, adapter } = candidate;
    const startedAt = performance.now();
    const span = tracer().startSpan(`chat ${endpoint.upstreamModel}`, {
      kind: SpanKind.CLIENT,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': provider.id,
        'gen_ai.request.model': endpoint.upstreamModel,
        'server.address': new URL(provider.baseUrl).hostname,
      },
    });
    const record = (outcome: Attempt['outcome'], httpStatus: number | null, error?: string) => {
      attempts.push({ providerId: provider.id, endpointId: endpoint.id, httpStatus, outcome, error, latencyMs: performance.now() - startedAt });
      span.setAttribute('http.response.status_code', httpStatus ?? 0);
    };
    let response: UpstreamResponse;
    try {
      const upstream = await adapter.buildChatRequest(request, { provider, endpoint }, stream);
      response = await sendUpstream(upstream, {
        firstByteTimeoutMs: provider.firstByteTimeoutMs,
        bodyTimeoutMs: provider.timeoutMs,
        signal,
      });
    } catch (error) {
      const outcome = classifyTransportError(error);
      record(outcome, null, describeError(error));
      span.end();
      if (outcome === 'cancelled') throw new ApiError(499, 'client_closed_request', 'The client went away');
      continue;
    }
    if (response.statusCode < 300) {
      record('success', response.statusCode);
      return { candidate, response, span, startedAt };
    }
    const body = await response.body.text().catch(() => '');
    const providerError = adapter.parseError(response.statusCode, body);
    record('error', response.statusCode, `${providerError.code}: ${providerError.message}`);
    span.end();
    if (!isFailoverStatus(response.statusCode)) {
      throw new ApiError(response.statusCode, providerError.code, providerError.message, null, { provider: provider.id });
    }
  }
  throw allFailed(attempts);
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
