import type { CatalogEndpoint } from '@alltokens/catalog';
import { ApiError, type ChatCompletionRequest } from '@alltokens/contracts';
import { nonEmptyStopList, OUTPUT_LIMIT, ParameterTable, type ChatParameters } from '../core/parameters';
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

/** Whether the request goes with extended thinking on (Anthropic cannot continue a prefilled answer then). */
export function thinkingOn(request: ChatCompletionRequest, endpoint: CatalogEndpoint): boolean {
  return tokenLimits(request, endpoint).thinking !== undefined;
}

interface SamplingState {
  maxTokens: number;
  thinking: boolean;
}

const notThinking = (state: SamplingState) => !state.thinking;

/**
 * Anthropic's temperature runs 0..1 (OpenAI's 0..2 is clamped), recent models refuse temperature and
 * top_p together (temperature wins), and extended thinking refuses both.
 */
export const ANTHROPIC_PARAMETERS = new ParameterTable<ChatParameters, SamplingState>([
  // Required by Anthropic: `tokenLimits` chose it (the request's, else the endpoint's, raised above a thinking budget).
  {
    from: OUTPUT_LIMIT,
    to: 'max_tokens',
    transform: (_asked, _request, state) => state.maxTokens,
    default: (_request, state) => state.maxTokens,
    note: 'always sent; default: the endpoint’s max output, else 4096',
  },
  { from: 'stop', to: 'stop_sequences', transform: nonEmptyStopList },
  { from: 'temperature', to: 'temperature', max: 1, when: notThinking, note: 'not while thinking' },
  { from: 'top_p', to: 'top_p', when: (state, request) => notThinking(state) && request.temperature == null, note: 'only without temperature, not while thinking' },
  { from: 'top_k', to: 'top_k', when: notThinking, note: 'not while thinking' },
  { from: 'user', to: 'metadata.user_id', transform: (user) => user || undefined },
  { refuse: 'n', accepts: (n) => n === 1, message: 'Anthropic returns one choice per request; n must be 1' },
  { drop: ['frequency_penalty', 'presence_penalty', 'repetition_penalty', 'seed', 'logit_bias', 'logprobs', 'top_logprobs'] },
]);

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
  const { system, messages } = toAnthropicMessages(request.messages);
  const limits = tokenLimits(request, endpoint);
  const thinking = inToolLoop(messages) ? undefined : limits.thinking;
  const { max_tokens, metadata, ...sampling } = ANTHROPIC_PARAMETERS.apply(request, { maxTokens: limits.maxTokens, thinking: thinking !== undefined });
  const body: Record<string, unknown> = {
    model: endpoint.upstreamModel,
    max_tokens,
    messages,
    ...(system !== undefined && { system }),
    ...sampling,
    ...(thinking && { thinking }),
    ...toolsAndFormat(request, thinking !== undefined),
    ...(metadata !== undefined && { metadata }),
    // Opt-in per provider: caching writes cost more than plain input, so it is not on by default.
    ...(options.prompt_caching === 'auto' && { cache_control: { type: 'ephemeral' } }),
  };
  if (stream) body.stream = true;
  return body;
}
