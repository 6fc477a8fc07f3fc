import { ApiError, chatCompletionRequestSchema, type ChatCompletionRequest } from '@alltokens/contracts';
import type { InputItem, ResponsesRequest } from './responses-request';

type ChatMessage = Record<string, unknown>;
type MessageItem = Extract<InputItem, { role: string }>;

/** Fields of the Responses API that have no place in a chat request. */
const RESPONSES_ONLY = ['input', 'instructions', 'max_output_tokens', 'text', 'reasoning', 'store', 'previous_response_id', 'include', 'truncation', 'tools', 'tool_choice', 'metadata', 'background', 'prompt'];

function messageOf(item: MessageItem): ChatMessage {
  if (typeof item.content === 'string') return { role: item.role, content: item.content };
  if (item.role === 'assistant') {
    const text = item.content.map((part) => (part.type === 'output_text' ? part.text : part.type === 'refusal' ? part.refusal : '')).join('');
    return { role: 'assistant', content: text };
  }
  const parts = item.content.map((part) => {
    if (part.type === 'input_image') return { type: 'image_url', image_url: { url: part.image_url, ...(part.detail && { detail: part.detail }) } };
    if (part.type === 'input_text' || part.type === 'output_text') return { type: 'text', text: part.text };
    throw new ApiError(400, 'invalid_request', `A ${item.role} message cannot contain a ${part.type} part`, 'input');
  });
  if (item.role !== 'user' && parts.some((part) => part.type !== 'text')) {
    throw new ApiError(400, 'invalid_request', `Only user messages may contain images`, 'input');
  }
  return { role: item.role, content: parts };
}

/** Responses input items → chat messages; consecutive function calls become one assistant turn. */
function messagesOf(input: ResponsesRequest['input'], instructions: string | null | undefined): ChatMessage[] {
  const messages: ChatMessage[] = instructions ? [{ role: 'system', content: instructions }] : [];
  const items: InputItem[] = typeof input === 'string' ? [{ role: 'user', content: input }] : input;
  for (const item of items) {
    if ('role' in item) {
      messages.push(messageOf(item as MessageItem));
      continue;
    }
    if (item.type === 'function_call') {
      const call = { id: item.call_id, type: 'function', function: { name: item.name, arguments: item.arguments } };
      const last = messages.at(-1);
      if (last?.role === 'assistant' && Array.isArray(last.tool_calls)) (last.tool_calls as unknown[]).push(call);
      else messages.push({ role: 'assistant', content: null, tool_calls: [call] });
    } else if (item.type === 'function_call_output') {
      const output = typeof item.output === 'string' ? item.output : item.output.map((part) => String(part.text ?? '')).join('');
      messages.push({ role: 'tool', tool_call_id: item.call_id, content: output });
    }
  }
  return messages;
}

function responseFormatOf(request: ResponsesRequest): Record<string, unknown> | undefined {
  const format = request.text?.format;
  if (!format || format.type === 'text') return undefined;
  if (format.type === 'json_object') return { type: 'json_object' };
  return { type: 'json_schema', json_schema: { name: format.name, schema: format.schema, description: format.description, strict: format.strict } };
}

/** A stateless Responses API request as the chat request every adapter understands. */
export function toChatRequest(request: ResponsesRequest): ChatCompletionRequest {
  if (request.previous_response_id) {
    throw new ApiError(400, 'unsupported_parameter', 'AllTokens does not store responses: send the whole conversation in `input` instead of previous_response_id', 'previous_response_id');
  }
  const chat: Record<string, unknown> = { ...request };
  for (const name of RESPONSES_ONLY) delete chat[name];
  chat.messages = messagesOf(request.input, request.instructions);
  if (request.max_output_tokens) chat.max_tokens = request.max_output_tokens;
  if (request.tools?.length) {
    chat.tools = request.tools.map((tool) => ({
      type: 'function',
      function: { name: tool.name, ...(tool.description && { description: tool.description }), parameters: tool.parameters ?? { type: 'object', properties: {} }, strict: tool.strict },
    }));
  }
  if (request.tool_choice) chat.tool_choice = typeof request.tool_choice === 'string' ? request.tool_choice : { type: 'function', function: { name: request.tool_choice.name } };
  if (request.parallel_tool_calls === false) chat.parallel_tool_calls = false;
  else delete chat.parallel_tool_calls;
  const format = responseFormatOf(request);
  if (format) chat.response_format = format;
  if (request.reasoning?.effort) chat.reasoning_effort = request.reasoning.effort;
  // The Responses stream ends with the usage in response.completed: always ask the routers for it.
  if (request.stream) chat.stream_options = { include_usage: true };
  return chatCompletionRequestSchema.parse(chat);
}
