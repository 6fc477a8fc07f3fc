import type { ChatCompletionRequest } from '@alltokens/contracts';
import { OUTPUT_LIMIT, ParameterTable, stopList, type ChatParameters } from '../core/parameters';
import { reasoningBudget, type EffortBudgets } from '../core/reasoning';
import { toGeminiConversation } from './gemini.messages';

/** Thinking budgets per effort, within every 2.5/3 model's accepted range (128..24576). */
const THINKING_BUDGETS: EffortBudgets = { minimal: 512, low: 1024, medium: 8192, high: 24576 };

type Tool = NonNullable<ChatCompletionRequest['tools']>[number];

/** Tool schemas go as JSON Schema (`parametersJsonSchema`), so nothing is lost converting to OpenAPI. */
function declaration({ function: fn }: Tool): Record<string, unknown> {
  // `description` is marked required in Google's proto; an empty one equals none.
  const out: Record<string, unknown> = { name: fn.name, description: fn.description ?? '' };
  if (fn.parameters) out.parametersJsonSchema = fn.parameters;
  return out;
}

function functionCallingConfig(choice: ChatCompletionRequest['tool_choice']): Record<string, unknown> | undefined {
  if (choice === undefined) return undefined;
  if (choice === 'none') return { mode: 'NONE' };
  if (choice === 'auto') return { mode: 'AUTO' };
  if (choice === 'required') return { mode: 'ANY' };
  return { mode: 'ANY', allowedFunctionNames: [choice.function.name] };
}

/** `generationConfig`'s sampling fields. Gemini's temperature runs 0..2 like OpenAI's. */
export const GEMINI_PARAMETERS = new ParameterTable<ChatParameters>([
  { from: 'temperature', to: 'temperature' },
  { from: 'top_p', to: 'topP' },
  { from: OUTPUT_LIMIT, to: 'maxOutputTokens' },
  { from: 'stop', to: 'stopSequences', transform: stopList },
  { from: 'seed', to: 'seed' },
  { drop: ['frequency_penalty', 'presence_penalty', 'repetition_penalty', 'top_k', 'n', 'user', 'logit_bias', 'logprobs', 'top_logprobs'] },
], 'generationConfig');

function generationConfig(request: ChatCompletionRequest): Record<string, unknown> {
  const config = GEMINI_PARAMETERS.apply(request, undefined);
  const format = request.response_format;
  if (format?.type === 'json_object' || format?.type === 'json_schema') config.responseMimeType = 'application/json';
  if (format?.type === 'json_schema' && format.json_schema.schema) config.responseJsonSchema = format.json_schema.schema;
  const budget = reasoningBudget(request, THINKING_BUDGETS);
  if (budget !== undefined) config.thinkingConfig = budget > 0 ? { thinkingBudget: budget, includeThoughts: true } : { thinkingBudget: 0 };
  return config;
}

/** OpenAI chat request → Gemini `GenerateContentRequest` body (the model travels in the URL). */
export function toGeminiBody(request: ChatCompletionRequest): Record<string, unknown> {
  const body: Record<string, unknown> = { ...toGeminiConversation(request.messages) };
  if (request.tools?.length) {
    body.tools = [{ functionDeclarations: request.tools.map(declaration) }];
    const calling = functionCallingConfig(request.tool_choice);
    if (calling) body.toolConfig = { functionCallingConfig: calling };
  }
  const config = generationConfig(request);
  if (Object.keys(config).length > 0) body.generationConfig = config;
  return body;
}
