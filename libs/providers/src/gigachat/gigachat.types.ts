/** GigaChat REST API wire shapes (`/chat/completions`, `/embeddings`). */

export interface GigaChatFunctionCall {
  name: string;
  /** An object, not a JSON string as in OpenAI's API. */
  arguments?: Record<string, unknown>;
}

export interface GigaChatMessage {
  role: 'system' | 'user' | 'assistant' | 'function';
  /** For `function` messages: a JSON object, as text. */
  content: string;
  function_call?: GigaChatFunctionCall;
  /** The function's name on `function` messages. */
  name?: string;
  functions_state_id?: string;
}

/** A response message, or a stream delta. */
export interface GigaChatReply {
  role?: string;
  content?: string;
  function_call?: GigaChatFunctionCall;
  functions_state_id?: string;
  reasoning_content?: string;
}

export interface GigaChatUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
  precached_prompt_tokens?: number;
}

export interface GigaChatCompletion {
  choices?: Array<{ message?: GigaChatReply; index?: number; finish_reason?: string }>;
  created?: number;
  model?: string;
  usage?: GigaChatUsage;
}

export interface GigaChatChunk {
  choices?: Array<{ delta?: GigaChatReply; index?: number; finish_reason?: string }>;
  usage?: GigaChatUsage;
  /** Present (with `message`) when the event is an error. */
  status?: number;
  message?: string;
}

export interface GigaChatEmbeddings {
  data?: Array<{ embedding: number[]; index: number; usage?: { prompt_tokens?: number } }>;
}
