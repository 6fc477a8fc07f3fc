/** What the adapter sends to the Foundation Models REST API (what it reads is in `yandex.schema.ts`). */

export interface YandexFunctionCall {
  name: string;
  arguments: Record<string, unknown>;
}

export interface YandexToolCallList {
  toolCalls: Array<{ functionCall: YandexFunctionCall }>;
}

export interface YandexToolResultList {
  toolResults: Array<{ functionResult: { name: string; content: string } }>;
}

/** Exactly one of `text`, `toolCallList`, `toolResultList`. */
export interface YandexMessage {
  role: 'system' | 'user' | 'assistant';
  text?: string;
  toolCallList?: YandexToolCallList;
  toolResultList?: YandexToolResultList;
}
