import { ApiError, type ChatMessage, type ToolCall } from '@alltokens/contracts';
import type { AnthropicMessage, AnthropicRequestBlock, CacheControl, ImageMediaType } from './anthropic.types';

type UserContent = Extract<ChatMessage, { role: 'user' }>['content'];
type UserPart = Exclude<UserContent, string>[number];

const IMAGE_TYPES: readonly string[] = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'];
const DATA_URL = /^data:([^;,]+)((?:;[^;,]*)*),(.*)$/s;

const unsupported = (message: string) => new ApiError(400, 'unsupported_content', message);

function textOf(content: string | Array<{ text: string }>): string {
  return typeof content === 'string' ? content : content.map((part) => part.text).join('');
}

type TextBlock = { type: 'text'; text: string; cache_control?: CacheControl };

/** A text block, keeping an OpenRouter-style `cache_control` breakpoint for Anthropic's prompt cache. */
const textBlock = (text: string, cacheControl?: CacheControl): TextBlock => (cacheControl ? { type: 'text', text, cache_control: cacheControl } : { type: 'text', text });

function decodeDataUrl(url: string): { mediaType: string; data: string } {
  const match = DATA_URL.exec(url);
  if (!match || !match[2]!.split(';').includes('base64')) {
    throw unsupported('Anthropic needs data: URLs in base64 (data:<media type>;base64,<data>)');
  }
  return { mediaType: match[1]!.toLowerCase().replace('image/jpg', 'image/jpeg'), data: match[3]! };
}

function imageBlock(url: string): AnthropicRequestBlock {
  if (!url.startsWith('data:')) return { type: 'image', source: { type: 'url', url } };
  const { mediaType, data } = decodeDataUrl(url);
  if (!IMAGE_TYPES.includes(mediaType)) {
    throw unsupported(`Anthropic accepts images as ${IMAGE_TYPES.join(', ')}; got ${mediaType}`);
  }
  return { type: 'image', source: { type: 'base64', media_type: mediaType as ImageMediaType, data } };
}

function fileBlock(file: Record<string, unknown>): AnthropicRequestBlock {
  const fileData = file.file_data;
  if (typeof fileData !== 'string') throw unsupported('Anthropic accepts files only as inline PDF data (file.file_data)');
  const { mediaType, data } = decodeDataUrl(fileData);
  if (mediaType !== 'application/pdf') throw unsupported(`Anthropic accepts PDF documents only; got ${mediaType}`);
  return { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data } };
}

function userBlock(part: UserPart): AnthropicRequestBlock | undefined {
  switch (part.type) {
    case 'text':
      return part.text ? textBlock(part.text, part.cache_control) : undefined;
    case 'image_url':
      return imageBlock(part.image_url.url);
    case 'file':
      return fileBlock(part.file);
    case 'input_audio':
      throw unsupported('Anthropic does not accept audio input');
  }
}

function userBlocks(content: UserContent): AnthropicRequestBlock[] {
  if (typeof content === 'string') return content ? [{ type: 'text', text: content }] : [];
  return content.map(userBlock).filter((block) => block !== undefined);
}

function toolUseBlock(call: ToolCall): AnthropicRequestBlock {
  let input: unknown;
  try {
    input = call.function.arguments.trim() === '' ? {} : JSON.parse(call.function.arguments);
  } catch {
    throw new ApiError(400, 'invalid_tool_arguments', `Tool call ${call.id} has arguments that are not JSON; Anthropic needs a JSON object`);
  }
  return { type: 'tool_use', id: call.id, name: call.function.name, input };
}

function assistantBlocks(message: Extract<ChatMessage, { role: 'assistant' }>): AnthropicRequestBlock[] {
  const { content } = message;
  const parts = typeof content === 'string' ? [{ text: content }] : (content ?? []).map((part) => (part.type === 'text' ? part : { text: '' }));
  const blocks: AnthropicRequestBlock[] = parts.filter((part) => part.text !== '').map((part) => textBlock(part.text, (part as { cache_control?: CacheControl }).cache_control));
  for (const call of message.tool_calls ?? []) blocks.push(toolUseBlock(call));
  return blocks;
}

/**
 * OpenAI messages → Anthropic's top-level `system` and alternating turns. System and developer
 * messages join the system prompt; consecutive same-role turns merge (so a run of tool results
 * becomes one user turn, as Anthropic requires); empty turns are dropped (Anthropic rejects empty text).
 */
export function toAnthropicMessages(messages: readonly ChatMessage[]): { system?: string | TextBlock[]; messages: AnthropicMessage[] } {
  const system: TextBlock[] = [];
  const turns: AnthropicMessage[] = [];
  const push = (role: AnthropicMessage['role'], blocks: AnthropicRequestBlock[]) => {
    if (blocks.length === 0) return;
    const last = turns.at(-1);
    if (last?.role === role) last.content.push(...blocks);
    else turns.push({ role, content: blocks });
  };
  for (const message of messages) {
    switch (message.role) {
      case 'system':
      case 'developer': {
        if (typeof message.content === 'string') {
          if (message.content) system.push(textBlock(message.content));
        } else {
          for (const part of message.content) if (part.text) system.push(textBlock(part.text, part.cache_control));
        }
        break;
      }
      case 'user':
        push('user', userBlocks(message.content));
        break;
      case 'assistant':
        push('assistant', assistantBlocks(message));
        break;
      case 'tool':
        push('user', [{ type: 'tool_result', tool_use_id: message.tool_call_id, content: textOf(message.content) }]);
        break;
      case 'function':
        throw unsupported('Anthropic does not accept legacy function messages; send tool messages instead');
    }
  }
  // A plain string unless a part asks for a cache breakpoint, which only the block form can carry.
  const cached = system.some((block) => block.cache_control);
  const systemField = cached ? system : system.map((block) => block.text).join('\n\n');
  return { ...(system.length > 0 && { system: systemField }), messages: turns };
}
