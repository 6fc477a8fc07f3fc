import type { ChatCompletionRequest, ChatMessage } from '@alltokens/contracts';

type AssistantMessage = Extract<ChatMessage, { role: 'assistant' }>;

/**
 * The request with `prefill` as the start of the assistant's answer. When the client already ended its
 * messages with an assistant turn of plain text (its own prefill), the produced text extends that turn,
 * since the answer continues it.
 */
export function withPrefill(request: ChatCompletionRequest, prefill: string): ChatCompletionRequest {
  const last = request.messages.at(-1);
  if (last?.role === 'assistant' && !last.tool_calls?.length && typeof last.content === 'string') {
    const extended: AssistantMessage = { ...last, content: last.content + prefill };
    return { ...request, messages: [...request.messages.slice(0, -1), extended] };
  }
  return { ...request, messages: [...request.messages, { role: 'assistant', content: prefill }] };
}
