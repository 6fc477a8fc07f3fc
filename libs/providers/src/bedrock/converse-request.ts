import type { ChatCompletionRequest } from '@alltokens/contracts';
import { nonEmptyStopList, OUTPUT_LIMIT, ParameterTable, type ChatParameters } from '../core/parameters';
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

interface SamplingState {
  /** Claude's thinking budget, when it thinks. */
  budget: number | undefined;
}

const notThinking = ({ budget }: SamplingState) => budget === undefined;

/** Converse takes temperature and topP in 0-1 for every model; OpenAI's 0-2 temperature is clamped. Claude refuses both while thinking. */
export const CONVERSE_PARAMETERS = new ParameterTable<ChatParameters, SamplingState>([
  {
    from: OUTPUT_LIMIT,
    to: 'inferenceConfig.maxTokens',
    transform: (requested, _request, { budget }) => maxTokensOf(requested, budget),
    default: (_request, { budget }) => maxTokensOf(undefined, budget),
    note: 'raised to make room for a thinking budget',
  },
  { from: 'temperature', to: 'inferenceConfig.temperature', max: 1, when: notThinking, note: 'not while thinking' },
  { from: 'top_p', to: 'inferenceConfig.topP', when: notThinking, note: 'not while thinking' },
  { from: 'stop', to: 'inferenceConfig.stopSequences', transform: nonEmptyStopList },
  { refuse: 'n', accepts: (n) => n === 1, message: 'AWS Bedrock Converse returns one choice; n must be 1' },
  { drop: ['frequency_penalty', 'presence_penalty', 'repetition_penalty', 'seed', 'top_k', 'user', 'logit_bias', 'logprobs', 'top_logprobs'] },
]);

/** OpenAI's chat request as a Converse request body (the model id travels in the URL). */
export function toConverseRequest(request: ChatCompletionRequest, modelId: string): ConverseRequest {
  const { system, messages } = toConversation(request.messages);
  const body: ConverseRequest = { messages };
  if (system.length) body.system = system;
  const budget = thinkingBudget(request, modelId);
  Object.assign(body, CONVERSE_PARAMETERS.apply(request, { budget }));
  const tools = toolConfig(request, hasToolBlocks(messages));
  if (tools) body.toolConfig = tools;
  if (budget !== undefined) body.additionalModelRequestFields = { thinking: { type: 'enabled', budget_tokens: budget } };
  return body;
}
