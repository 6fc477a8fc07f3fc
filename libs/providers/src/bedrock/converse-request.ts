import { ApiError, type ChatCompletionRequest } from '@alltokens/contracts';
import { reasoningBudget, type EffortBudgets } from '../core/reasoning';
import { hasToolBlocks, toConversation } from './converse-messages';
import type { ConverseRequest, ToolChoice, ToolSpec } from './converse-types';

/**
 * The tool a JSON response format is forced through: Converse's native `outputConfig` only works
 * with a few recent models, while every model with tool use fills a tool's input from its schema.
 * Its input comes back as the message content.
 */
export const JSON_RESPONSE_TOOL = 'alltokens_json_response';

/** Claude's thinking budget per effort level; Claude's minimum budget is 1,024 tokens. */
const THINKING_BUDGETS: EffortBudgets = { minimal: 1024, low: 1024, medium: 4096, high: 16384 };
const MIN_THINKING_BUDGET = 1024;
/** Room for the answer after thinking when the request sets no limit. */
const DEFAULT_ANSWER_TOKENS = 4096;

const toolSpec = (name: string, description: string | undefined, schema: unknown): ToolSpec => ({
  toolSpec: { name, ...(description && { description }), inputSchema: { json: schema ?? { type: 'object', properties: {} } } },
});

function jsonResponseTool(format: ChatCompletionRequest['response_format']): ToolSpec | undefined {
  if (format?.type === 'json_schema') {
    const { description, name, schema } = format.json_schema;
    return toolSpec(JSON_RESPONSE_TOOL, description ?? `Respond with a JSON ${name} object`, schema);
  }
  if (format?.type === 'json_object') return toolSpec(JSON_RESPONSE_TOOL, 'Respond with a JSON object', { type: 'object' });
  return undefined;
}

function choiceOf(choice: ChatCompletionRequest['tool_choice']): ToolChoice | undefined {
  if (choice === 'auto') return { auto: {} };
  if (choice === 'required') return { any: {} };
  if (typeof choice === 'object') return { tool: { name: choice.function.name } };
  return undefined;
}

/**
 * Converse has no `none` tool choice: the tools are left out, unless the conversation already holds
 * tool blocks, which Converse refuses without a `toolConfig` (the model may then still call one).
 */
function toolConfig(request: ChatCompletionRequest, historyHasTools: boolean): ConverseRequest['toolConfig'] {
  const tools = (request.tools ?? []).map(({ function: fn }) => toolSpec(fn.name, fn.description, fn.parameters));
  const jsonTool = jsonResponseTool(request.response_format);
  const choice = request.tool_choice;
  if (jsonTool) {
    const forced: ToolChoice = tools.length && choice !== 'none' ? (choiceOf(choice) ?? { any: {} }) : { tool: { name: JSON_RESPONSE_TOOL } };
    return { tools: [...tools, jsonTool], toolChoice: forced };
  }
  if (!tools.length || (choice === 'none' && !historyHasTools)) return undefined;
  const toolChoice = choice === 'none' ? undefined : choiceOf(choice);
  return { tools, ...(toolChoice && { toolChoice }) };
}

/** Thinking is Claude's (`additionalModelRequestFields.thinking`); other Bedrock models take no budget. */
function thinkingBudget(request: ChatCompletionRequest, modelId: string): number | undefined {
  if (!modelId.includes('anthropic.claude')) return undefined;
  const budget = reasoningBudget(request, THINKING_BUDGETS);
  return budget ? Math.max(budget, MIN_THINKING_BUDGET) : undefined;
}

/**
 * While thinking, a limit with room for the budget bounds thinking and answer together (OpenAI's
 * `max_completion_tokens`); a smaller or absent one bounds the answer, with the budget on top.
 */
function maxTokensOf(requested: number | undefined, budget: number | undefined): number | undefined {
  if (budget === undefined || (requested !== undefined && requested > budget)) return requested;
  return budget + (requested ?? DEFAULT_ANSWER_TOKENS);
}

/** Converse takes temperature and topP in 0-1 for every model; OpenAI's 0-2 temperature is clamped. */
function inferenceConfig(request: ChatCompletionRequest, budget: number | undefined): ConverseRequest['inferenceConfig'] {
  const stop = typeof request.stop === 'string' ? [request.stop] : (request.stop ?? undefined);
  const config: NonNullable<ConverseRequest['inferenceConfig']> = {};
  const maxTokens = maxTokensOf(request.max_completion_tokens ?? request.max_tokens ?? undefined, budget);
  if (maxTokens !== undefined) config.maxTokens = maxTokens;
  // Claude refuses temperature and top_p changes while thinking.
  if (budget === undefined && request.temperature != null) config.temperature = Math.min(request.temperature, 1);
  if (budget === undefined && request.top_p != null) config.topP = request.top_p;
  if (stop?.length) config.stopSequences = stop;
  return Object.keys(config).length ? config : undefined;
}

/** OpenAI's chat request as a Converse request body (the model id travels in the URL). */
export function toConverseRequest(request: ChatCompletionRequest, modelId: string): ConverseRequest {
  if ((request.n ?? 1) > 1) throw new ApiError(400, 'unsupported_parameter', 'AWS Bedrock Converse returns one choice; n must be 1', 'n');
  const { system, messages } = toConversation(request.messages);
  const body: ConverseRequest = { messages };
  if (system.length) body.system = system;
  const budget = thinkingBudget(request, modelId);
  const inference = inferenceConfig(request, budget);
  if (inference) body.inferenceConfig = inference;
  const tools = toolConfig(request, hasToolBlocks(messages));
  if (tools) body.toolConfig = tools;
  if (budget !== undefined) body.additionalModelRequestFields = { thinking: { type: 'enabled', budget_tokens: budget } };
  return body;
}
