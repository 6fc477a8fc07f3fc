import type { ChatCompletionRequest } from '@alltokens/contracts';
import type { AdapterContext, ContinuationSupport, UpstreamRequest } from '../core/adapter';
import { withPrefill } from '../core/prefill';
import { CONTINUATION_STYLES, type ContinuationStyle, type OpenAiPreset } from '../openai-compatible/preset';

type BuildBody = (request: ChatCompletionRequest, context: AdapterContext, stream: boolean) => { url: string; headers: Record<string, string>; body: Record<string, unknown> };

/** The provider's `options.continuation` when it names a style, else the preset's. */
function styleOf(preset: OpenAiPreset, options: Record<string, string>): ContinuationStyle {
  const configured = options.continuation as ContinuationStyle | undefined;
  if (configured && CONTINUATION_STYLES.includes(configured)) return configured;
  return preset.continuation ?? 'off';
}

/** The last message flagged as a prefix (Mistral's spelling of "continue this"). */
function flagPrefix(body: Record<string, unknown>): void {
  const messages = body.messages as Array<Record<string, unknown>>;
  messages[messages.length - 1] = { ...messages.at(-1), prefix: true };
}

/**
 * Continuation for OpenAI-compatible servers, in the preset's style (or the one a provider's
 * `options.continuation` names: an operator pointing `openai` at llama.cpp may say `prefill`).
 */
export function openAiContinuation(preset: OpenAiPreset, build: BuildBody): ContinuationSupport {
  return {
    byDefault: preset.continuation !== undefined,
    refusal(_request, { provider }) {
      const configured = provider.options.continuation;
      if (configured !== undefined && !CONTINUATION_STYLES.includes(configured as ContinuationStyle)) {
        return `options.continuation '${configured}' is not one of ${CONTINUATION_STYLES.join(', ')}`;
      }
      if (styleOf(preset, provider.options) === 'off') return `${preset.displayName} does not continue a prefilled answer (set options.continuation)`;
      return null;
    },
    prefillOf: (produced) => produced,
    buildRequest(request, prefill, context, stream): UpstreamRequest {
      const { url, headers, body } = build(withPrefill(request, prefill), context, stream);
      const style = styleOf(preset, context.provider.options);
      if (style === 'prefix') flagPrefix(body);
      if (style === 'vllm') Object.assign(body, { continue_final_message: true, add_generation_prompt: false });
      return { url, headers, body: JSON.stringify(body) };
    },
  };
}
