/** The Foundation Models REST API's wire shapes (`/foundationModels/v1/completion`, `/textEmbedding`). */

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

/** int64 fields arrive as decimal strings. */
export interface YandexUsage {
  inputTextTokens?: string;
  completionTokens?: string;
  totalTokens?: string;
  completionTokensDetails?: { reasoningTokens?: string };
}

export interface YandexAlternative {
  message?: YandexMessage;
  status?: string;
}

export interface YandexResult {
  alternatives?: YandexAlternative[];
  usage?: YandexUsage;
  modelVersion?: string;
}

export interface YandexError {
  grpcCode?: number;
  /** Plain gRPC-gateway errors name the gRPC code `code`. */
  code?: number;
  httpCode?: number;
  message?: string;
  httpStatus?: string;
}

export interface YandexEmbedding {
  embedding?: Array<number | string>;
  numTokens?: string;
  modelVersion?: string;
}
