/** What the adapter sends to GigaChat's REST API (what it reads is in `gigachat.schema.ts`). */

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
