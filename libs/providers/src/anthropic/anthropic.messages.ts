import { ApiError, type ChatMessage, type ToolCall } from '@alltokens/contracts';
import type { AnthropicMessage, AnthropicRequestBlock, ImageMediaType } from './anthropic.types';

type UserContent = Extract<ChatMessage, { role: 'user' }>['content'];
type UserPart = Exclude<UserContent, string>[number];

const IMAGE_TYPES: readonly string[] = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'];
const DATA_URL = /^data:([^;,]+)((?:;[^;,]*)*),(.*)$/s;

const unsupported = (message: string) => new ApiError(400, 'unsupported_content', message);

function textOf(content: string | Array<{ text: string }>): string {
  return typeof content === 'string' ? content : content.map((part) => part.text).join('');
}

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
      return part.text ? { type: 'text', text: part.text } : undefined;
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
  const texts = typeof content === 'string' ? [content] : (content ?? []).map((part) => (part.type === 'text' ? part.text : ''));
  const blocks: AnthropicRequestBlock[] = texts.filter((text) => text !== '').map((text) => ({ type: 'text', text }));
  for (const call of message.tool_calls ?? []) blocks.push(toolUseBlock(call));
  return blocks;
}

/**
 * OpenAI messages → Anthropic's top-level `system` and alternating turns. System and developer
 * messages join the system prompt; consecutive same-role turns merge (so a run of tool results
 * becomes one user turn, as Anthropic requires); empty turns are dropped (Anthropic rejects empty text).
 */
export function toAnthropicMessages(messages: readonly ChatMessage[]): { system?: string; messages: AnthropicMessage[] } {
  const system: string[] = [];
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
        const text = textOf(message.content);
        if (text) system.push(text);
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
  return { ...(system.length > 0 && { system: system.join('\n\n') }), messages: turns };
}
