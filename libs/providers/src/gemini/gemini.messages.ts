import { ApiError, type ChatCompletionRequest, type ChatMessage } from '@alltokens/contracts';
import type { GeminiContent, GeminiPart } from './gemini.types';

type UserPart = Exclude<Extract<ChatMessage, { role: 'user' }>['content'], string>[number];

/**
 * Google's documented stand-in signature for function calls the model did not just produce (history
 * from another model or replayed by a client): Gemini 3 answers 400 when the first call of a step has none.
 */
const FOREIGN_THOUGHT_SIGNATURE = 'skip_thought_signature_validator';

const DATA_URL = /^data:([^;,]+);base64,(.*)$/s;
const IMAGE_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  heic: 'image/heic',
  heif: 'image/heif',
};

const unsupported = (message: string) => new ApiError(400, 'unsupported_content', message);

function imageTypeOf(url: string): string {
  const extension = /\.([a-z0-9]+)(?:[?#]|$)/i.exec(url)?.[1]?.toLowerCase();
  return (extension && IMAGE_TYPES[extension]) || 'image/jpeg';
}

function dataPart(url: string): GeminiPart | undefined {
  const match = DATA_URL.exec(url);
  return match ? { inlineData: { mimeType: match[1]!, data: match[2]! } } : undefined;
}

function userPart(part: UserPart): GeminiPart {
  switch (part.type) {
    case 'text':
      return { text: part.text };
    case 'image_url': {
      const { url } = part.image_url;
      const inline = dataPart(url);
      if (inline) return inline;
      if (/^https?:\/\//i.test(url)) return { fileData: { mimeType: imageTypeOf(url), fileUri: url } };
      throw unsupported('Gemini takes images as data: URLs or http(s) URLs');
    }
    case 'input_audio':
      return { inlineData: { mimeType: `audio/${part.input_audio.format}`, data: part.input_audio.data } };
    case 'file': {
      const inline = typeof part.file.file_data === 'string' ? dataPart(part.file.file_data) : undefined;
      if (inline) return inline;
      throw unsupported('Gemini takes files as base64 data: URLs in file.file_data');
    }
  }
}

const textOf = (content: string | Array<{ text?: string }> | null | undefined): string =>
  typeof content === 'string' ? content : (content ?? []).map((part) => part.text ?? '').join('');

/** A function response must be an object: JSON objects pass as they are, anything else becomes `{output}`. */
function responseObject(content: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(content);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    return { output: parsed };
  } catch {
    return { output: content };
  }
}

function callArguments(id: string, text: string): Record<string, unknown> {
  try {
    const args: unknown = JSON.parse(text || '{}');
    if (args && typeof args === 'object' && !Array.isArray(args)) return args as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new ApiError(400, 'invalid_tool_arguments', `Tool call ${id}: Gemini needs the arguments as a JSON object`);
}

function modelParts(message: Extract<ChatMessage, { role: 'assistant' }>): GeminiPart[] {
  const parts: GeminiPart[] = [];
  const text = textOf(message.content as Array<{ text?: string }> | string | null | undefined);
  if (text) parts.push({ text });
  message.tool_calls?.forEach((call, i) => {
    const functionCall = { name: call.function.name, args: callArguments(call.id, call.function.arguments) };
    parts.push(i === 0 ? { functionCall, thoughtSignature: FOREIGN_THOUGHT_SIGNATURE } : { functionCall });
  });
  return parts;
}

export interface GeminiConversation {
  contents: GeminiContent[];
  systemInstruction?: { parts: GeminiPart[] };
}

/**
 * OpenAI messages → Gemini `contents` (roles `user`/`model`, consecutive turns of one role merged,
 * tool results as `functionResponse` parts named after the call they answer) and `systemInstruction`.
 */
export function toGeminiConversation(messages: ChatCompletionRequest['messages']): GeminiConversation {
  const contents: GeminiContent[] = [];
  const system: GeminiPart[] = [];
  const callNames = new Map<string, string>();
  // Google refuses empty text parts, and a turn without parts.
  const nonEmpty = (parts: GeminiPart[]) => parts.filter((part) => part.text !== '');
  const append = (role: GeminiContent['role'], all: GeminiPart[]) => {
    const parts = nonEmpty(all);
    if (parts.length === 0) return;
    const last = contents.at(-1);
    if (last?.role === role) last.parts.push(...parts);
    else contents.push({ role, parts });
  };

  for (const message of messages) {
    switch (message.role) {
      case 'system':
      case 'developer':
        system.push({ text: textOf(message.content) });
        break;
      case 'user':
        append('user', typeof message.content === 'string' ? [{ text: message.content }] : message.content.map(userPart));
        break;
      case 'assistant':
        for (const call of message.tool_calls ?? []) callNames.set(call.id, call.function.name);
        append('model', modelParts(message));
        break;
      case 'tool': {
        const name = callNames.get(message.tool_call_id);
        if (!name) throw new ApiError(400, 'invalid_request', `Tool message ${message.tool_call_id} answers no earlier tool call`);
        append('user', [{ functionResponse: { name, response: responseObject(textOf(message.content)) } }]);
        break;
      }
      case 'function':
        append('user', [{ functionResponse: { name: message.name, response: responseObject(message.content ?? '') } }]);
        break;
    }
  }
  const instruction = nonEmpty(system);
  return instruction.length ? { contents, systemInstruction: { parts: instruction } } : { contents };
}
