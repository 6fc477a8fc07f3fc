import { badRequest } from './errors';
import { emptyArray, invalidType, invalidValue, isObject, missing } from './checks';

const ROLES = ['system', 'assistant', 'user', 'function', 'tool', 'developer'] as const;
export type Role = (typeof ROLES)[number];

export interface ChatMessage {
  role: Role;
  /** The message's text (text parts joined); '' when it has none. */
  text: string;
  name?: string;
  hasToolCalls: boolean;
}

function textOf(content: unknown, param: string): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) throw invalidType(param, 'one of a string or array of objects', content);
  let text = '';
  content.forEach((part, i) => {
    if (!isObject(part)) throw invalidType(`${param}[${i}]`, 'an object', part);
    if (typeof part.type !== 'string') throw missing(`${param}[${i}].type`);
    if (part.type === 'text' && typeof part.text === 'string') text += part.text;
  });
  return text;
}

function parseMessage(raw: unknown, i: number): ChatMessage {
  const at = `messages[${i}]`;
  if (!isObject(raw)) throw invalidType(at, 'an object', raw);
  const { role, content } = raw;
  if (role === undefined || role === null) throw missing(`${at}.role`);
  if (!ROLES.includes(role as Role)) throw invalidValue(`${at}.role`, role, ROLES);
  const hasToolCalls = Array.isArray(raw.tool_calls) && raw.tool_calls.length > 0;
  const contentOptional = role === 'assistant' && (hasToolCalls || isObject(raw.function_call) || raw.refusal != null);
  if ((content === undefined || content === null) && !contentOptional) throw missing(`${at}.content`);
  if (role === 'tool' && typeof raw.tool_call_id !== 'string') throw missing(`${at}.tool_call_id`);
  if (raw.name !== undefined && typeof raw.name !== 'string') throw invalidType(`${at}.name`, 'a string', raw.name);
  const text = content === undefined || content === null ? '' : textOf(content, `${at}.content`);
  return { role: role as Role, text, name: raw.name as string | undefined, hasToolCalls };
}

/** Validates `messages`, including that every tool message answers a preceding `tool_calls`. */
export function parseMessages(value: unknown): ChatMessage[] {
  if (value === undefined || value === null) throw missing('messages');
  if (!Array.isArray(value)) throw invalidType('messages', 'an array', value);
  if (value.length === 0) throw emptyArray('messages');
  const messages = value.map(parseMessage);
  let answering = false;
  messages.forEach((message, i) => {
    if (message.role === 'tool' && !answering) {
      // OpenAI's own wording, typo and odd param path included.
      throw badRequest(
        "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
        `messages.[${i}].role`,
      );
    }
    if (message.role !== 'tool') answering = message.role === 'assistant' && message.hasToolCalls;
  });
  return messages;
}

export const lastUserText = (messages: readonly ChatMessage[]): string | undefined =>
  messages.findLast((message) => message.role === 'user')?.text;
