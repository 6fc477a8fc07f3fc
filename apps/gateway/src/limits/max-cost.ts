import { countTokens } from '@alltokens/platform';
import type { Catalog, CatalogEndpoint } from '@alltokens/catalog';
import type { ChatCompletionRequest } from '@alltokens/contracts';
import { parseModelSpec, readRoutingOptions } from '@alltokens/routing';


/** Output budget assumed when the request sets no max_tokens and the endpoint declares no limit. */
const DEFAULT_MAX_OUTPUT = 4096;
/** Margin over our own token count, which may differ from the provider's tokenizer. */
const PROMPT_MARGIN = 1.1;

function promptText(request: ChatCompletionRequest): string {
  const parts: string[] = [];
  for (const message of request.messages) {
    const content = (message as { content?: unknown }).content;
    parts.push(typeof content === 'string' ? content : JSON.stringify(content ?? ''));
  }
  if (request.tools) parts.push(JSON.stringify(request.tools));
  return parts.join('\n');
}

export function countPromptTokens(request: ChatCompletionRequest): number {
  return Math.ceil(estimatePromptTokens(request) * PROMPT_MARGIN);
}

/** Prompt tokens by OpenAI's o200k encoding plus 4 per message, without the reservation margin. */
export function estimatePromptTokens(request: ChatCompletionRequest): number {
  return countTokens(promptText(request)) + 4 * request.messages.length;
}

function candidateEndpoints(catalog: Catalog, request: ChatCompletionRequest): CatalogEndpoint[] {
  const spec = parseModelSpec(request.model);
  if (spec.kind !== 'concrete') return catalog.models().flatMap((model) => model.endpoints);
  const ids = [spec.modelId, ...readRoutingOptions(request).fallbackModels];
  return ids.flatMap((id) => catalog.model(id)?.endpoints ?? []);
}

/** The most this request can cost on any endpoint that might serve it: what a budget must hold for it. */
export function maxRequestCost(catalog: Catalog, request: ChatCompletionRequest, promptTokens: number): number {
  let worst = 0;
  for (const endpoint of candidateEndpoints(catalog, request)) {
    const output = request.max_completion_tokens ?? request.max_tokens ?? endpoint.maxOutputTokens ?? DEFAULT_MAX_OUTPUT;
    const { prompt, completion, request: perRequest } = endpoint.pricing;
    worst = Math.max(worst, promptTokens * prompt + output * completion + perRequest);
  }
  return worst;
}
