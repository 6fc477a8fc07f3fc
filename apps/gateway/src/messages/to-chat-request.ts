import { ApiError, chatCompletionRequestSchema, type ChatCompletionRequest } from '@alltokens/contracts';
import type { ContentBlock, MessagesRequest } from './messages-request';

type ChatMessage = Record<string, unknown>;
type Part = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } };

const MESSAGES_ONLY = ['system', 'messages', 'stop_sequences', 'tools', 'tool_choice', 'thinking', 'metadata', 'top_k', 'max_tokens', 'service_tier'];

function imageUrl(block: Extract<ContentBlock, { type: 'image' }>): string {
  return block.source.type === 'base64' ? `data:${block.source.media_type};base64,${block.source.data}` : block.source.url;
}

function toolResultText(block: Extract<ContentBlock, { type: 'tool_result' }>): string {
  const content = block.content ?? '';
  const text = typeof content === 'string' ? content : content.map((part) => (part.type === 'text' ? part.text : '')).join('');
  return block.is_error ? `Error: ${text}` : text;
}

/** One Anthropic user turn → tool messages first (they answer the previous assistant turn), then the user message. */
function userTurn(content: MessagesRequest['messages'][number]['content']): ChatMessage[] {
  if (typeof content === 'string') return [{ role: 'user', content }];
  const out: ChatMessage[] = [];
  const parts: Part[] = [];
  for (const block of content) {
    if (block.type === 'tool_result') out.push({ role: 'tool', tool_call_id: block.tool_use_id, content: toolResultText(block) });
    else if (block.type === 'text') parts.push({ type: 'text', text: block.text });
    else if (block.type === 'image') parts.push({ type: 'image_url', image_url: { url: imageUrl(block) } });
    else throw new ApiError(400, 'invalid_request_error', `A user turn cannot contain a ${block.type} block`, 'messages');
  }
  if (parts.length) out.push({ role: 'user', content: parts.every((part) => part.type === 'text') ? parts.map((part) => (part as { text: string }).text).join('\n') : parts });
  return out;
}

function assistantTurn(content: MessagesRequest['messages'][number]['content']): ChatMessage {
  if (typeof content === 'string') return { role: 'assistant', content };
  let text = '';
  let reasoning = '';
  const toolCalls: unknown[] = [];
  for (const block of content) {
    if (block.type === 'text') text += block.text;
    else if (block.type === 'thinking') reasoning += block.thinking;
    else if (block.type === 'tool_use') toolCalls.push({ id: block.id, type: 'function', function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) } });
    else if (block.type !== 'redacted_thinking') throw new ApiError(400, 'invalid_request_error', `An assistant turn cannot contain a ${block.type} block`, 'messages');
  }
  return { role: 'assistant', content: text || null, ...(toolCalls.length && { tool_calls: toolCalls }), ...(reasoning && { reasoning }) };
}

function toolChoice(choice: MessagesRequest['tool_choice']): Record<string, unknown> {
  if (!choice) return {};
  const parallel = 'disable_parallel_tool_use' in choice && choice.disable_parallel_tool_use ? { parallel_tool_calls: false } : {};
  switch (choice.type) {
    case 'auto':
      return { tool_choice: 'auto', ...parallel };
    case 'any':
      return { tool_choice: 'required', ...parallel };
    case 'tool':
      return { tool_choice: { type: 'function', function: { name: choice.name } }, ...parallel };
    case 'none':
      return { tool_choice: 'none' };
  }
}

/** An Anthropic Messages request as the OpenAI chat request every adapter understands. */
export function toChatRequest(request: MessagesRequest, model: string): ChatCompletionRequest {
  const messages: ChatMessage[] = [];
  if (request.system) {
    const system = typeof request.system === 'string' ? request.system : request.system.map((block) => block.text).join('\n');
    if (system) messages.push({ role: 'system', content: system });
  }
  for (const message of request.messages) {
    if (message.role === 'user') messages.push(...userTurn(message.content));
    else messages.push(assistantTurn(message.content));
  }
  const chat: Record<string, unknown> = { ...request };
  for (const name of MESSAGES_ONLY) delete chat[name];
  Object.assign(chat, { model, messages, max_tokens: request.max_tokens });
  if (request.stop_sequences?.length) chat.stop = request.stop_sequences.slice(0, 4);
  if (request.tools?.length) {
    chat.tools = request.tools.map((tool) => ({ type: 'function', function: { name: tool.name, description: tool.description, parameters: tool.input_schema } }));
  }
  Object.assign(chat, toolChoice(request.tool_choice));
  if (request.thinking?.type === 'enabled') chat.reasoning = { max_tokens: request.thinking.budget_tokens };
  if (request.metadata?.user_id) chat.user = request.metadata.user_id;
  // The Messages stream reports usage in message_delta, so always ask the routers for it.
  if (request.stream) chat.stream_options = { include_usage: true };
  return chatCompletionRequestSchema.parse(chat);
}
