import type { ChatCompletionRequest } from '@alltokens/contracts';
import type { AdapterContext, ContinuationSupport, UpstreamRequest } from '../core/adapter';
import { withPrefill } from '../core/prefill';
import { thinkingOn } from './anthropic.request';

/** `claude-<family>-<major>[-<minor>]`: Claude 4.6 and later no longer take a prefilled answer (a 400). */
const VERSIONED = /claude-(?:opus|sonnet|haiku)-(\d+)(?:-(\d{1,2})(?=-|$))?/;

function refusesPrefill(upstreamModel: string): boolean {
  if (upstreamModel.includes('claude-mythos')) return true;
  const match = VERSIONED.exec(upstreamModel);
  if (!match) return false;
  const major = Number(match[1]);
  const minor = Number(match[2] ?? 0);
  return major > 4 || (major === 4 && minor >= 6);
}

/**
 * Anthropic continues a final assistant turn (a prefill), which must not end in whitespace and cannot
 * be combined with extended thinking. `options.continuation: off` turns it off for a provider.
 */
export function anthropicContinuation(build: (request: ChatCompletionRequest, context: AdapterContext, stream: boolean) => UpstreamRequest): ContinuationSupport {
  return {
    byDefault: true,
    refusal(request, { provider, endpoint }) {
      if (provider.options.continuation === 'off') return 'continuation is off for this provider';
      if (refusesPrefill(endpoint.upstreamModel)) return `${endpoint.upstreamModel} does not continue a prefilled answer`;
      if (thinkingOn(request, endpoint)) return 'extended thinking cannot continue a prefilled answer';
      return null;
    },
    prefillOf: (produced) => produced.trimEnd(),
    buildRequest: (request, prefill, context, stream) => build(withPrefill(request, prefill), context, stream),
  };
}
