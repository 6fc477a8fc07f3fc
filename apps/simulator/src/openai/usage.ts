import { tokenCount } from '../tokens';
import type { ChatMessage } from './chat-messages';

export interface ChatUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number; audio_tokens: number };
  completion_tokens_details: {
    reasoning_tokens: number;
    audio_tokens: number;
    accepted_prediction_tokens: number;
    rejected_prediction_tokens: number;
  };
}

/** OpenAI's published counting for chat: 3 tokens per message, 1 more for a name, 3 to prime the reply. */
export function chatPromptTokens(messages: readonly ChatMessage[], rawTools: unknown): number {
  let total = 3;
  for (const message of messages) {
    total += 3 + tokenCount(message.role) + tokenCount(message.text);
    if (message.name) total += 1 + tokenCount(message.name);
  }
  // Tool definitions are billed as prompt; their exact rendering is private, the JSON is close.
  if (rawTools !== undefined) total += tokenCount(JSON.stringify(rawTools));
  return total;
}

export function chatUsage(promptTokens: number, completionTokens: number): ChatUsage {
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

/** Legacy completions and embeddings report only the three totals (embeddings: two). */
export const plainUsage = (promptTokens: number, completionTokens: number) => ({
  prompt_tokens: promptTokens,
  completion_tokens: completionTokens,
  total_tokens: promptTokens + completionTokens,
});
