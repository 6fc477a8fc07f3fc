import { randomBytes } from 'node:crypto';
import type { FinishReason, Usage } from '@alltokens/contracts';
import type { ResponsesRequest } from './responses-request';

export const itemId = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

export interface OutputText {
  type: 'output_text';
  text: string;
  annotations: never[];
}
export interface MessageOutput {
  type: 'message';
  id: string;
  status: 'in_progress' | 'completed';
  role: 'assistant';
  content: OutputText[];
}
export interface FunctionCallOutput {
  type: 'function_call';
  id: string;
  call_id: string;
  name: string;
  arguments: string;
  status: 'in_progress' | 'completed';
}
export interface ReasoningOutput {
  type: 'reasoning';
  id: string;
  summary: Array<{ type: 'summary_text'; text: string }>;
}
export type OutputItem = MessageOutput | FunctionCallOutput | ReasoningOutput;

export function usageOf(usage: Usage | null | undefined) {
  if (!usage) return null;
  return {
    input_tokens: usage.prompt_tokens,
    input_tokens_details: { cached_tokens: usage.prompt_tokens_details?.cached_tokens ?? 0 },
    output_tokens: usage.completion_tokens,
    output_tokens_details: { reasoning_tokens: usage.completion_tokens_details?.reasoning_tokens ?? 0 },
    total_tokens: usage.total_tokens,
    ...(usage.cost !== undefined && { cost: usage.cost }),
  };
}

/** `completed`, or `incomplete` with the reason when the model stopped early. */
export function statusOf(finish: FinishReason | null | undefined) {
  if (finish === 'length') return { status: 'incomplete' as const, incomplete_details: { reason: 'max_output_tokens' } };
  if (finish === 'content_filter') return { status: 'incomplete' as const, incomplete_details: { reason: 'content_filter' } };
  return { status: 'completed' as const, incomplete_details: null };
}

/** The request's settings as the response echoes them back. */
export function echoedSettings(request: ResponsesRequest) {
  return {
    instructions: request.instructions ?? null,
    max_output_tokens: request.max_output_tokens ?? null,
    parallel_tool_calls: request.parallel_tool_calls ?? true,
    previous_response_id: null,
    reasoning: { effort: request.reasoning?.effort ?? null, summary: null },
    store: false,
    temperature: request.temperature ?? 1,
    text: { format: request.text?.format ?? { type: 'text' } },
    tool_choice: request.tool_choice ?? 'auto',
    tools: request.tools ?? [],
    top_p: request.top_p ?? 1,
    truncation: 'disabled',
    metadata: request.metadata ?? {},
    user: request.user ?? null,
  };
}
