import { ApiError, type ChatCompletionRequest, type ChatMessage } from '@alltokens/contracts';
import { OUTPUT_LIMIT, ParameterTable, stopList, type ChatParameters } from '../core/parameters';
import { reasoningBudget, type EffortBudgets } from '../core/reasoning';

const THINKING_BUDGETS: EffortBudgets = { minimal: 512, low: 2048, medium: 8192, high: 24576 };
const EMPTY_PARAMETERS = { type: 'object', properties: {} };

type UserPart = Exclude<Extract<ChatMessage, { role: 'user' }>['content'], string>[number];
type Tool = NonNullable<ChatCompletionRequest['tools']>[number];

const textOf = (content: string | Array<{ text?: string }> | null | undefined): string =>
  typeof content === 'string' ? content : (content ?? []).map((part) => part.text ?? '').join('');

/** Cohere takes image URLs and data: URLs as they are; audio and files it does not take. */
function userPart(part: UserPart): Record<string, unknown> {
  if (part.type === 'text') return { type: 'text', text: part.text };
  if (part.type === 'image_url') return { type: 'image_url', image_url: part.image_url };
  throw new ApiError(400, 'unsupported_content', `Cohere does not accept ${part.type} content`);
}

function toCohereMessage(message: ChatMessage): Record<string, unknown> {
  switch (message.role) {
    case 'system':
    case 'developer':
      return { role: 'system', content: textOf(message.content) };
    case 'user':
      return { role: 'user', content: typeof message.content === 'string' ? message.content : message.content.map(userPart) };
    case 'assistant': {
      const text = textOf(message.content as string | Array<{ text?: string }> | null | undefined);
      if (!message.tool_calls?.length) return { role: 'assistant', content: text };
      // Text before tool calls is what Cohere calls the tool plan.
      const toolCalls = message.tool_calls.map(({ id, type, function: fn }) => ({ id, type, function: fn }));
      return { role: 'assistant', ...(text && { tool_plan: text }), tool_calls: toolCalls };
    }
    case 'tool':
      return { role: 'tool', tool_call_id: message.tool_call_id, content: textOf(message.content) };
    case 'function':
      throw new ApiError(400, 'unsupported_content', 'Cohere takes tool results as tool messages with a tool_call_id, not function messages');
  }
}

/** OpenAI's `strict` flag is not a Cohere tool field (Cohere answers 422); `parameters` is required. */
const toCohereTool = ({ function: fn }: Tool) => ({
  type: 'function',
  function: { name: fn.name, ...(fn.description !== undefined && { description: fn.description }), parameters: fn.parameters ?? EMPTY_PARAMETERS },
});

/** Cohere has REQUIRED and NONE; a forced function is REQUIRED with only that tool offered. */
function addTools(body: Record<string, unknown>, request: ChatCompletionRequest): void {
  const choice = request.tool_choice;
  const forced = typeof choice === 'object' ? choice.function.name : undefined;
  const tools = forced ? request.tools!.filter((tool) => tool.function.name === forced) : request.tools!;
  body.tools = tools.map(toCohereTool);
  if (choice === 'required' || forced) body.tool_choice = 'REQUIRED';
  if (choice === 'none') body.tool_choice = 'NONE';
}

/** Cohere's ranges are narrower than OpenAI's: temperature 0..1, p 0.01..0.99, penalties 0..1. */
export const COHERE_PARAMETERS = new ParameterTable<ChatParameters>([
  { from: 'temperature', to: 'temperature', min: 0, max: 1 },
  { from: 'top_p', to: 'p', min: 0.01, max: 0.99 },
  { from: 'frequency_penalty', to: 'frequency_penalty', min: 0, max: 1 },
  { from: 'presence_penalty', to: 'presence_penalty', min: 0, max: 1 },
  { from: 'seed', to: 'seed', transform: (seed) => (seed >= 0 ? seed : undefined), note: 'only when not negative' },
  { from: OUTPUT_LIMIT, to: 'max_tokens' },
  { from: 'stop', to: 'stop_sequences', transform: stopList },
  { drop: ['repetition_penalty', 'top_k', 'n', 'user', 'logit_bias', 'logprobs', 'top_logprobs'] },
]);

/** OpenAI chat request → Cohere `POST /v2/chat` body. */
export function toCohereBody(request: ChatCompletionRequest, model: string, stream: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = { model, messages: request.messages.map(toCohereMessage), stream };
  if (request.tools?.length) addTools(body, request);
  Object.assign(body, COHERE_PARAMETERS.apply(request, undefined));
  const format = request.response_format;
  if (format?.type === 'json_object') body.response_format = { type: 'json_object' };
  if (format?.type === 'json_schema') {
    body.response_format = { type: 'json_object', ...(format.json_schema.schema && { json_schema: format.json_schema.schema }) };
  }
  const budget = reasoningBudget(request, THINKING_BUDGETS);
  if (budget !== undefined) body.thinking = budget > 0 ? { type: 'enabled', token_budget: budget } : { type: 'disabled' };
  return body;
}
