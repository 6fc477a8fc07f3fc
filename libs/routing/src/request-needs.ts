import type { ChatCompletionRequest } from '@alltokens/contracts';
import { roughPromptTokens } from './token-estimate';

/** What an endpoint must support to serve this request. */
export interface RequestNeeds {
  stream: boolean;
  tools: boolean;
  vision: boolean;
  jsonSchema: boolean;
  /** The answer must be JSON (`response_format` json_object or json_schema): what fidelity checks. */
  jsonOutput: boolean;
  /** Parameters the request sets (for `require_parameters`). */
  parameters: string[];
  /** Prompt tokens (estimated) plus the requested output. */
  contextTokens: number;
  promptTokens: number;
  maxOutputTokens: number;
}

const TRACKED_PARAMETERS = [
  'temperature', 'top_p', 'stop', 'frequency_penalty', 'presence_penalty', 'seed', 'logit_bias', 'logprobs',
  'top_logprobs', 'tools', 'tool_choice', 'parallel_tool_calls', 'response_format', 'max_tokens',
] as const;

export function requestNeeds(request: ChatCompletionRequest, defaultMaxOutput = 1024): RequestNeeds {
  const vision = request.messages.some(
    (message) => Array.isArray(message.content) && message.content.some((part) => (part as { type?: string }).type === 'image_url'),
  );
  const promptTokens = roughPromptTokens(request);
  const maxOutputTokens = request.max_completion_tokens ?? request.max_tokens ?? defaultMaxOutput;
  const body = request as Record<string, unknown>;
  return {
    stream: request.stream === true,
    tools: Boolean(request.tools?.length),
    vision,
    jsonSchema: request.response_format?.type === 'json_schema',
    jsonOutput: request.response_format?.type === 'json_schema' || request.response_format?.type === 'json_object',
    parameters: TRACKED_PARAMETERS.filter((name) => body[name] !== undefined && body[name] !== null),
    contextTokens: promptTokens + (request.max_completion_tokens ?? request.max_tokens ?? 0),
    promptTokens,
    maxOutputTokens,
  };
}
