import { encode } from 'gpt-tokenizer';
import type { ChatCompletionRequest } from '@alltokens/contracts';

/** Per-message framing overhead in OpenAI's chat format (role markers and separators). */
const TOKENS_PER_MESSAGE = 3;

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content.map((part) => (part && typeof part === 'object' && 'text' in part ? String(part.text) : '')).join('');
  }
  return '';
}

/** Prompt tokens counted locally, for when the upstream's usage never arrives. */
export function estimatePromptTokens(request: ChatCompletionRequest): number {
  let total = 3;
  for (const message of request.messages) total += TOKENS_PER_MESSAGE + encode(textOf(message.content)).length;
  if (request.tools) total += encode(JSON.stringify(request.tools)).length;
  return total;
}

export function estimateCompletionTokens(text: string): number {
  return text ? encode(text).length : 0;
}
