import { countTokens } from '@alltokens/platform';
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
  for (const message of request.messages) total += TOKENS_PER_MESSAGE + countTokens(textOf(message.content));
  if (request.tools) total += countTokens(JSON.stringify(request.tools));
  return total;
}

export function estimateCompletionTokens(text: string): number {
  return countTokens(text);
}
