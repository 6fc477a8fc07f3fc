import type { ChatCompletionRequest } from '@alltokens/contracts';
import type { FindingTally } from './findings';
import type { PromptGuard } from './prompt-guard';

type Message = ChatCompletionRequest['messages'][number];
type Part = { type: string; text?: string } & Record<string, unknown>;

function guardContent(content: unknown, guard: PromptGuard, tally: FindingTally): unknown {
  if (typeof content === 'string') return guard.apply(content, tally);
  if (!Array.isArray(content)) return content;
  let changed = false;
  const parts = (content as Part[]).map((part) => {
    if (part.type !== 'text' || typeof part.text !== 'string') return part;
    const text = guard.apply(part.text, tally);
    if (text === part.text) return part;
    changed = true;
    return { ...part, text };
  });
  return changed ? parts : content;
}

function guardMessage(message: Message, guard: PromptGuard, tally: FindingTally): Message {
  const original = message as Message & { content?: unknown; tool_calls?: Array<{ function: { arguments: string } }> };
  const content = guardContent(original.content, guard, tally);
  const toolCalls = original.tool_calls?.map((call) => {
    const args = guard.apply(call.function.arguments, tally);
    return args === call.function.arguments ? call : { ...call, function: { ...call.function, arguments: args } };
  });
  const toolCallsChanged = toolCalls?.some((call, i) => call !== original.tool_calls![i]);
  if (content === original.content && !toolCallsChanged) return message;
  return { ...original, content, ...(toolCallsChanged ? { tool_calls: toolCalls } : {}) } as Message;
}

/**
 * Applies the prompt rules to every text a provider would see: message contents and text parts of
 * every role, tool-call arguments, and the raw prompt of legacy completions. Returns the request
 * itself when nothing changed.
 */
export function guardChatRequest(
  guard: PromptGuard,
  request: ChatCompletionRequest,
  tally: FindingTally,
  legacyPrompt?: string,
): { request: ChatCompletionRequest; legacyPrompt?: string } {
  if (guard.empty) return { request, legacyPrompt };
  const messages = request.messages.map((message) => guardMessage(message, guard, tally));
  const prompt = legacyPrompt === undefined ? undefined : guard.apply(legacyPrompt, tally);
  const changed = messages.some((message, i) => message !== request.messages[i]);
  return { request: changed ? { ...request, messages } : request, legacyPrompt: prompt };
}

/** Embeddings input: strings are guarded; token arrays cannot be read and pass unchanged. */
export function guardEmbeddingsInput<T>(guard: PromptGuard, input: T, tally: FindingTally): T {
  if (guard.empty) return input;
  if (typeof input === 'string') return guard.apply(input, tally) as T;
  if (Array.isArray(input) && input.every((item) => typeof item === 'string')) return input.map((item: string) => guard.apply(item, tally)) as T;
  return input;
}
