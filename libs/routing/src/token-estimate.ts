import type { ChatCompletionRequest, ChatMessage, EmbeddingsApiRequest } from '@alltokens/contracts';
import { countTokens } from '@alltokens/platform';

/** Per-message framing in OpenAI's chat format (role markers and separators), and the reply's priming. */
const TOKENS_PER_MESSAGE = 3;
const REPLY_PRIMING_TOKENS = 3;
/** An image's size is unknown here: counted as OpenAI counts 1024×1024 at high detail (85 + 4 tiles × 170). */
const TOKENS_PER_IMAGE = 765;
const CHARS_PER_TOKEN = 4;

type Counter = (text: string) => number;

const roughly: Counter = (text) => Math.ceil(text.length / CHARS_PER_TOKEN);

function contentTokens(content: unknown, count: Counter): number {
  if (typeof content === 'string') return count(content);
  if (!Array.isArray(content)) return 0;
  let total = 0;
  for (const part of content as Array<{ type?: string; text?: string; refusal?: string }>) {
    if (part.type === 'text') total += count(part.text ?? '');
    else if (part.type === 'refusal') total += count(part.refusal ?? '');
    else if (part.type === 'image_url') total += TOKENS_PER_IMAGE;
    // Audio and files are billed by rules we cannot apply here: their JSON is a generous stand-in.
    else total += count(JSON.stringify(part));
  }
  return total;
}

function messageTokens(message: ChatMessage, count: Counter): number {
  let total = TOKENS_PER_MESSAGE + contentTokens(message.content, count);
  if (message.role === 'assistant') {
    for (const call of message.tool_calls ?? []) total += count(call.function.name) + count(call.function.arguments);
  }
  return total;
}

function promptTokens(request: ChatCompletionRequest, count: Counter): number {
  let total = REPLY_PRIMING_TOKENS;
  for (const message of request.messages) total += messageTokens(message, count);
  if (request.tools?.length) total += count(JSON.stringify(request.tools));
  return total;
}

/**
 * The prompt tokens of a chat request by OpenAI's o200k encoding and chat framing: what
 * `/messages/count_tokens` answers, what rate limits and budget reservations count, and what the
 * router bills when a provider reports no usage. Runs the tokenizer: call it only when a number is needed.
 */
export function estimatePromptTokens(request: ChatCompletionRequest): number {
  return promptTokens(request, countTokens);
}

/**
 * The same count with ~4 characters per token instead of the tokenizer: cheap enough for every
 * request's routing (context-window checks, cost ranking), where an approximation serves.
 */
export function roughPromptTokens(request: ChatCompletionRequest): number {
  return promptTokens(request, roughly);
}

export function estimateCompletionTokens(text: string): number {
  return countTokens(text);
}

/** Tokens of an embeddings input: texts by the tokenizer, token arrays by their length. */
export function estimateEmbeddingsTokens(input: EmbeddingsApiRequest['input']): number {
  if (typeof input === 'string') return countTokens(input);
  let total = 0;
  for (const item of input) total += typeof item === 'string' ? countTokens(item) : Array.isArray(item) ? item.length : 1;
  return total;
}
