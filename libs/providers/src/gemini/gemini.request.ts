import type { ChatCompletionRequest } from '@alltokens/contracts';
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

function generationConfig(request: ChatCompletionRequest): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  if (request.temperature != null) config.temperature = request.temperature;
  if (request.top_p != null) config.topP = request.top_p;
  const maxTokens = request.max_completion_tokens ?? request.max_tokens;
  if (maxTokens != null) config.maxOutputTokens = maxTokens;
  if (request.stop != null) config.stopSequences = typeof request.stop === 'string' ? [request.stop] : request.stop;
  if (request.seed != null) config.seed = request.seed;
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
