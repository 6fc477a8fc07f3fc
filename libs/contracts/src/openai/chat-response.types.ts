import type { ToolCall } from './chat-request.schema';

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call' | 'error';

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens?: number; audio_tokens?: number };
  completion_tokens_details?: { reasoning_tokens?: number; audio_tokens?: number };
  /** Cost in USD of this request, as billed by AllTokens (OpenRouter's convention). */
  cost?: number;
}

export interface ChatCompletionMessage {
  role: 'assistant';
  content: string | null;
  refusal?: string | null;
  tool_calls?: ToolCall[];
  reasoning?: string | null;
}

/** AllTokens' route proof in response bodies and in a stream's final chunks. */
export interface RouteProof {
  trace_id: string;
  candidates: { count: number };
  decision_reason: string;
  /** On a stream that broke and was continued on another endpoint: the client saw one answer. */
  continued?: true;
  /** With `continued`: every failover of the request, before the first byte and mid-stream. */
  failover_count?: number;
}

export interface ChatCompletion {
  alltokens_route?: RouteProof;
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  provider?: string;
  system_fingerprint?: string | null;
  choices: Array<{
    index: number;
    message: ChatCompletionMessage;
    finish_reason: FinishReason | null;
    logprobs?: unknown;
  }>;
  usage?: Usage;
}

export interface ToolCallDelta {
  index: number;
  id?: string;
  type?: 'function';
  function?: { name?: string; arguments?: string };
}

export interface ChatCompletionChunk {
  alltokens_route?: RouteProof;
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  provider?: string;
  system_fingerprint?: string | null;
  choices: Array<{
    index: number;
    delta: { role?: 'assistant'; content?: string | null; refusal?: string | null; tool_calls?: ToolCallDelta[]; reasoning?: string | null };
    finish_reason: FinishReason | null;
    logprobs?: unknown;
  }>;
  usage?: Usage | null;
}
