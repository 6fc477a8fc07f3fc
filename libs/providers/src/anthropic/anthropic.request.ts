import type { CatalogEndpoint } from '@alltokens/catalog';
import { ApiError, type ChatCompletionRequest } from '@alltokens/contracts';
import { reasoningBudget } from '../core/reasoning';
import { JSON_TOOL, JSON_TOOL_NAME } from './anthropic.json-mode';
import { toAnthropicMessages } from './anthropic.messages';
import type { AnthropicMessage, AnthropicTool, AnthropicToolChoice } from './anthropic.types';

/** Anthropic requires `max_tokens`; used when neither the client nor the catalog gives one. */
const DEFAULT_MAX_TOKENS = 4096;
const MIN_THINKING_BUDGET = 1024;

type Thinking = { type: 'enabled'; budget_tokens: number };

/** Effort levels take a share of `max_tokens` (OpenRouter's convention), so the budget always fits below it. */
function thinkingBudget(request: ChatCompletionRequest, maxTokens: number): number | undefined {
  const share = (ratio: number) => Math.floor(maxTokens * ratio);
  const budget = reasoningBudget(request, { minimal: MIN_THINKING_BUDGET, low: share(0.2), medium: share(0.5), high: share(0.8) });
  return budget ? Math.max(MIN_THINKING_BUDGET, budget) : undefined;
}

/** `max_tokens` and the thinking budget, which must stay below it. */
function tokenLimits(request: ChatCompletionRequest, endpoint: CatalogEndpoint): { maxTokens: number; thinking?: Thinking } {
  const asked = request.max_completion_tokens ?? request.max_tokens ?? undefined;
  let maxTokens = asked ?? endpoint.maxOutputTokens ?? DEFAULT_MAX_TOKENS;
  const budget = thinkingBudget(request, maxTokens);
  if (budget === undefined) return { maxTokens };
  if (budget >= maxTokens) {
    if (asked !== undefined) {
      throw new ApiError(400, 'invalid_reasoning_budget', `Anthropic needs max_tokens (${maxTokens}) above the thinking budget (${budget} tokens, at least ${MIN_THINKING_BUDGET})`);
    }
    maxTokens = budget + DEFAULT_MAX_TOKENS;
  }
  return { maxTokens, thinking: { type: 'enabled', budget_tokens: budget } };
}

/**
 * Anthropic's temperature runs 0..1 (OpenAI's 0..2 is clamped), recent models refuse temperature and
 * top_p together (temperature wins), and extended thinking refuses both.
 */
function sampling(request: ChatCompletionRequest, thinking: boolean): Record<string, number> {
  if (thinking) return {};
  const topK = (request as { top_k?: unknown }).top_k;
  return {
    ...(request.temperature != null ? { temperature: Math.min(request.temperature, 1) } : request.top_p != null ? { top_p: request.top_p } : {}),
    ...(typeof topK === 'number' && { top_k: topK }),
  };
}

function toTools(request: ChatCompletionRequest): AnthropicTool[] {
  return (request.tools ?? []).map(({ function: fn }) => ({
    name: fn.name,
    ...(fn.description && { description: fn.description }),
    input_schema: { type: 'object', ...fn.parameters },
    ...(fn.strict && { strict: true }),
  }));
}

function toToolChoice(request: ChatCompletionRequest, thinking: boolean): AnthropicToolChoice | undefined {
  const { tool_choice: choice, parallel_tool_calls: parallel } = request;
  const single = parallel === false ? { disable_parallel_tool_use: true } : {};
  if (choice === 'none') return { type: 'none' };
  if (choice === 'required' || typeof choice === 'object') {
    if (thinking) throw new ApiError(400, 'unsupported_parameter', 'Anthropic cannot force a tool call while extended thinking is on; use tool_choice "auto"');
    return choice === 'required' ? { type: 'any', ...single } : { type: 'tool', name: choice.function.name, ...single };
  }
  return choice === 'auto' || parallel === false ? { type: 'auto', ...single } : undefined;
}

/** Tools, tool choice and the output format, which share the tool list in JSON mode. */
function toolsAndFormat(request: ChatCompletionRequest, thinking: boolean): Record<string, unknown> {
  const tools = toTools(request);
  let toolChoice = tools.length > 0 ? toToolChoice(request, thinking) : undefined;
  const format = request.response_format;
  const schema = format?.type === 'json_schema' ? format.json_schema.schema : undefined;
  const out: Record<string, unknown> = {};
  if (schema) out.output_config = { format: { type: 'json_schema', schema } };
  else if (format?.type === 'json_object' || format?.type === 'json_schema') {
    // A forced call makes the answer JSON; with the client's own tools or thinking on, the model may choose.
    if (tools.length === 0 && !thinking) toolChoice = { type: 'tool', name: JSON_TOOL_NAME };
    tools.push(JSON_TOOL);
  }
  if (tools.length > 0) out.tools = tools;
  if (toolChoice) out.tool_choice = toolChoice;
  return out;
}

/**
 * Anthropic wants a tool loop's assistant turn to start with its signed thinking block, which OpenAI
 * history cannot carry; such a request goes without thinking, as Anthropic's own error advises.
 */
function inToolLoop(messages: readonly AnthropicMessage[]): boolean {
  const last = messages.at(-1);
  return last?.role === 'user' && last.content.some((block) => block.type === 'tool_result');
}

/** The `POST /v1/messages` body for an OpenAI chat request. */
export function toAnthropicBody(
  request: ChatCompletionRequest,
  endpoint: CatalogEndpoint,
  options: Record<string, string>,
  stream: boolean,
): Record<string, unknown> {
  if ((request.n ?? 1) > 1) throw new ApiError(400, 'unsupported_parameter', 'Anthropic returns one choice per request; n must be 1');
  const { system, messages } = toAnthropicMessages(request.messages);
  const limits = tokenLimits(request, endpoint);
  const thinking = inToolLoop(messages) ? undefined : limits.thinking;
  const stop = typeof request.stop === 'string' ? [request.stop] : (request.stop ?? []);
  const body: Record<string, unknown> = {
    model: endpoint.upstreamModel,
    max_tokens: limits.maxTokens,
    messages,
    ...(system !== undefined && { system }),
    ...(stop.length > 0 && { stop_sequences: stop }),
    ...sampling(request, thinking !== undefined),
    ...(thinking && { thinking }),
    ...toolsAndFormat(request, thinking !== undefined),
    ...(request.user && { metadata: { user_id: request.user } }),
    // Opt-in per provider: caching writes cost more than plain input, so it is not on by default.
    ...(options.prompt_caching === 'auto' && { cache_control: { type: 'ephemeral' } }),
  };
  if (stream) body.stream = true;
  return body;
}
