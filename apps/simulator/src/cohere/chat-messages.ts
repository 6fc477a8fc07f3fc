import type { ChatMessage } from '../openai/chat-messages';
import { cohereError, invalidRequest } from './errors';
import { fields, isObject, optString, type Json } from './checks';

const ROLES = ['user', 'assistant', 'system', 'tool'];
const MESSAGE_FIELDS: Record<string, readonly string[]> = {
  user: ['role', 'content'],
  assistant: ['role', 'content', 'tool_calls', 'tool_plan', 'citations'],
  system: ['role', 'content'],
  tool: ['role', 'tool_call_id', 'content'],
};
/** Content block types each role may send. */
const BLOCK_TYPES: Record<string, readonly string[]> = {
  user: ['text', 'image_url'],
  assistant: ['text', 'thinking'],
  system: ['text'],
  tool: ['text', 'document'],
};
const BLOCK_FIELDS: Record<string, readonly string[]> = {
  text: ['type', 'text'],
  image_url: ['type', 'image_url'],
  thinking: ['type', 'thinking'],
  document: ['type', 'document'],
};

function blockText(block: unknown, at: string, role: string): string {
  if (!isObject(block) || typeof block.type !== 'string') throw invalidRequest(`${at}.type is required.`);
  if (!BLOCK_TYPES[role]!.includes(block.type)) throw invalidRequest(`invalid content type '${block.type}' for a ${role} message.`);
  fields(block, at, BLOCK_FIELDS[block.type]!, 'chat');
  if (block.type === 'image_url') {
    const image = fields(block.image_url, `${at}.image_url`, ['url', 'detail'], 'chat');
    if (!optString(image, 'url', `${at}.image_url.url`)) throw invalidRequest(`${at}.image_url.url is required.`);
    return '';
  }
  if (block.type === 'document') return JSON.stringify(fields(block.document, `${at}.document`, ['data', 'id'], 'chat').data ?? '');
  const text = block[block.type];
  if (typeof text !== 'string') throw invalidRequest(`${at}.${block.type} must be a string.`);
  return block.type === 'thinking' ? '' : text;
}

function contentText(message: Json, at: string, role: string, required: boolean): string {
  const { content } = message;
  if (content === undefined || content === null) {
    if (required) throw invalidRequest(`${at}.content is required.`);
    return '';
  }
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) throw invalidRequest(`${at}.content must be a string or a list of content blocks.`);
  return content.map((block, i) => blockText(block, `${at}.content[${i}]`, role)).join('');
}

function toolCallIds(message: Json, at: string): string[] {
  const { tool_calls: calls } = message;
  if (calls === undefined || calls === null) return [];
  if (!Array.isArray(calls)) throw invalidRequest(`${at}.tool_calls must be a list.`);
  return calls.map((call, i) => {
    const toolCall = fields(call, `${at}.tool_calls[${i}]`, ['id', 'type', 'function'], 'chat');
    if (toolCall.type !== 'function') throw cohereError(400, 'tool call must be of type function');
    const fn = fields(toolCall.function, `${at}.tool_calls[${i}].function`, ['name', 'arguments'], 'chat');
    if (!optString(fn, 'name', `${at}.tool_calls[${i}].function.name`)) throw invalidRequest(`${at}.tool_calls[${i}].function.name is required.`);
    optString(fn, 'arguments', `${at}.tool_calls[${i}].function.arguments`);
    const id = optString(toolCall, 'id', `${at}.tool_calls[${i}].id`);
    if (!id) throw invalidRequest(`${at}.tool_calls[${i}].id is required.`);
    return id;
  });
}

/**
 * Validates `messages` and returns them in the OpenAI shape the shared answer logic reads.
 * Every tool message must answer a tool call made earlier, and tool call ids must be unique.
 */
export function parseCohereMessages(value: unknown): ChatMessage[] {
  if (value === undefined || value === null) throw invalidRequest('messages is required.');
  if (!Array.isArray(value) || value.length === 0) throw invalidRequest('messages must be a non-empty list.');
  const calls = new Set<string>();
  return value.map((raw, i): ChatMessage => {
    const at = `messages[${i}]`;
    if (!isObject(raw)) throw invalidRequest(`${at} must be an object.`);
    const role = raw.role;
    if (typeof role !== 'string' || !ROLES.includes(role)) throw invalidRequest(`${at}.role must be one of 'user', 'assistant', 'system', 'tool'.`);
    const message = fields(raw, at, MESSAGE_FIELDS[role]!, 'chat');
    if (role === 'assistant') {
      const ids = toolCallIds(message, at);
      for (const id of ids) {
        if (calls.has(id)) throw cohereError(400, 'cannot have duplicate tool ids');
        calls.add(id);
      }
      const plan = optString(message, 'tool_plan', `${at}.tool_plan`) ?? '';
      return { role: 'assistant', text: plan + contentText(message, at, role, false), hasToolCalls: ids.length > 0 };
    }
    if (role === 'tool') {
      const id = optString(message, 'tool_call_id', `${at}.tool_call_id`);
      if (!id) throw cohereError(400, 'tool call id must be provided with tool message');
      if (!calls.has(id)) throw cohereError(400, 'tool call id not found in previous tool calls');
    }
    return { role: role as ChatMessage['role'], text: contentText(message, at, role, true), hasToolCalls: false };
  });
}
