import { ApiError, type ChatMessage } from '@alltokens/contracts';
import type { CachePoint, ContentBlock, ConverseMessage, ImageFormat } from './converse-types';

type Part = { type: string; text?: string; refusal?: string; image_url?: { url: string }; cache_control?: unknown };

/** OpenRouter's `cache_control` on a text part becomes a Converse cache point right after it. */
const CACHE_POINT: CachePoint = { cachePoint: { type: 'default' } };

const DATA_IMAGE = /^data:image\/(png|jpe?g|gif|webp);base64,/i;

function imageBlock(url: string): ContentBlock {
  const match = DATA_IMAGE.exec(url);
  if (match) {
    const format = match[1]!.toLowerCase().replace('jpg', 'jpeg') as ImageFormat;
    return { image: { format, source: { bytes: url.slice(match[0].length) } } };
  }
  if (url.startsWith('data:')) {
    throw new ApiError(400, 'unsupported_content', 'AWS Bedrock Converse accepts png, jpeg, gif and webp images only');
  }
  throw new ApiError(400, 'unsupported_content', 'AWS Bedrock Converse does not accept image URLs; send the image as a data: URL');
}

function partBlocks(part: Part): ContentBlock[] {
  if (part.type === 'text' && part.text && part.cache_control) return [{ text: part.text }, CACHE_POINT];
  const block = partBlock(part);
  return block ? [block] : [];
}

function partBlock(part: Part): ContentBlock | undefined {
  switch (part.type) {
    case 'text':
      return part.text ? { text: part.text } : undefined;
    case 'refusal':
      return part.refusal ? { text: part.refusal } : undefined;
    case 'image_url':
      return imageBlock(part.image_url!.url);
    default:
      throw new ApiError(400, 'unsupported_content', `AWS Bedrock Converse does not accept '${part.type}' content parts`);
  }
}

/** Text and image blocks of a message's content; Converse rejects blank text blocks, so none are sent. */
function contentBlocks(content: string | Part[] | null | undefined): ContentBlock[] {
  if (!content) return [];
  if (typeof content === 'string') return [{ text: content }];
  return content.flatMap(partBlocks);
}

const textOf = (content: string | Part[]): string =>
  typeof content === 'string' ? content : content.map((part) => part.text ?? '').join('');

function toolInput(argumentsJson: string): unknown {
  try {
    return JSON.parse(argumentsJson || '{}');
  } catch {
    return {};
  }
}

function turnOf(message: ChatMessage): ConverseMessage | undefined {
  switch (message.role) {
    case 'user':
      return { role: 'user', content: contentBlocks(message.content as Part[] | string) };
    case 'assistant': {
      const calls = (message.tool_calls ?? []).map(
        (call): ContentBlock => ({ toolUse: { toolUseId: call.id, name: call.function.name, input: toolInput(call.function.arguments) } }),
      );
      return { role: 'assistant', content: [...contentBlocks(message.content as Part[] | null | undefined), ...calls] };
    }
    case 'tool':
      return {
        role: 'user',
        content: [{ toolResult: { toolUseId: message.tool_call_id, content: [{ text: textOf(message.content as Part[] | string) }] } }],
      };
    case 'function':
      throw new ApiError(400, 'unsupported_content', "AWS Bedrock Converse does not accept legacy 'function' messages; use tool_calls and 'tool' messages");
    default:
      return undefined;
  }
}

export interface Conversation {
  system: Array<{ text: string } | CachePoint>;
  messages: ConverseMessage[];
}

/**
 * OpenAI messages as a Converse conversation: system and developer messages become `system`, tool
 * results become `toolResult` blocks of a user turn, and consecutive turns of one role are merged,
 * since Converse requires user and assistant turns to alternate.
 */
export function toConversation(messages: readonly ChatMessage[]): Conversation {
  const conversation: Conversation = { system: [], messages: [] };
  for (const message of messages) {
    if (message.role === 'system' || message.role === 'developer') {
      const text = textOf(message.content as Part[] | string);
      if (text) conversation.system.push({ text });
      if (text && typeof message.content !== 'string' && (message.content as Part[]).some((part) => part.cache_control)) conversation.system.push(CACHE_POINT);
      continue;
    }
    const turn = turnOf(message);
    if (!turn?.content.length) continue;
    const last = conversation.messages.at(-1);
    if (last?.role === turn.role) last.content.push(...turn.content);
    else conversation.messages.push(turn);
  }
  return conversation;
}

export const hasToolBlocks = (messages: readonly ConverseMessage[]): boolean =>
  messages.some((message) => message.content.some((block) => 'toolUse' in block || 'toolResult' in block));
