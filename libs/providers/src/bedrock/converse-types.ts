/** The parts of Bedrock's Converse / ConverseStream wire format that AllTokens reads or writes. */

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp';

export type ToolResultContent = { text: string } | { json: unknown };

export type ContentBlock =
  | { text: string }
  | { image: { format: ImageFormat; source: { bytes: string } } }
  | { toolUse: { toolUseId: string; name: string; input: unknown } }
  | { toolResult: { toolUseId: string; content: ToolResultContent[]; status?: 'success' | 'error' } }
  | { reasoningContent: { reasoningText?: { text: string; signature?: string }; redactedContent?: string } }
  | CachePoint;

/** A prompt-cache checkpoint: everything before it may be cached. */
export interface CachePoint {
  cachePoint: { type: 'default' };
}

export interface ConverseMessage {
  role: 'user' | 'assistant';
  content: ContentBlock[];
}

export interface ToolSpec {
  toolSpec: { name: string; description?: string; inputSchema: { json: unknown } };
}

export type ToolChoice = { auto: Record<string, never> } | { any: Record<string, never> } | { tool: { name: string } };

export interface ConverseRequest {
  messages: ConverseMessage[];
  system?: Array<{ text: string } | CachePoint>;
  inferenceConfig?: { maxTokens?: number; temperature?: number; topP?: number; stopSequences?: string[] };
  toolConfig?: { tools: ToolSpec[]; toolChoice?: ToolChoice };
  additionalModelRequestFields?: Record<string, unknown>;
}

export interface ConverseUsage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  cacheReadInputTokens?: number;
  cacheWriteInputTokens?: number;
}

export interface ConverseResponse {
  output?: { message?: ConverseMessage };
  stopReason?: string;
  usage?: ConverseUsage;
  metrics?: { latencyMs: number };
}

/** ConverseStream event payloads, by `:event-type`. */
export interface ConverseStreamEvents {
  messageStart: { role: 'assistant' };
  contentBlockStart: { contentBlockIndex: number; start?: { toolUse?: { toolUseId: string; name: string } } };
  contentBlockDelta: {
    contentBlockIndex: number;
    delta: {
      text?: string;
      toolUse?: { input: string };
      reasoningContent?: { text?: string; signature?: string; redactedContent?: string };
    };
  };
  contentBlockStop: { contentBlockIndex: number };
  messageStop: { stopReason: string };
  metadata: { usage?: ConverseUsage; metrics?: { latencyMs: number } };
}
