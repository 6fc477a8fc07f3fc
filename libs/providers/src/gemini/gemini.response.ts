import type { ChatCompletion, FinishReason, ToolCall, Usage } from '@alltokens/contracts';
import { newId } from '../core/ids';
import { parseUpstream } from '../core/upstream-json';
import { responseSchema, type GeminiResponse, type GeminiResponsePart, type GeminiUsage } from './gemini.schema';

/** Finish reasons meaning "the output was withheld by a filter". */
const FILTERED = new Set([
  'SAFETY',
  'RECITATION',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
  'IMAGE_SAFETY',
  'IMAGE_PROHIBITED_CONTENT',
  'IMAGE_RECITATION',
  'MODEL_ARMOR',
]);

/** Gemini says STOP after function calls too; OpenAI clients expect `tool_calls` then. */
export function finishReasonOf(reason: string | undefined, calledTools: boolean): FinishReason | null {
  if (!reason || reason === 'FINISH_REASON_UNSPECIFIED') return null;
  if (reason === 'MAX_TOKENS') return 'length';
  if (FILTERED.has(reason)) return 'content_filter';
  return calledTools ? 'tool_calls' : 'stop';
}

/** Thinking and tool-use prompt tokens are billed like output and input; both belong in the totals. */
export function usageOf(meta: GeminiUsage): Usage {
  const prompt = (meta.promptTokenCount ?? 0) + (meta.toolUsePromptTokenCount ?? 0);
  const completion = (meta.candidatesTokenCount ?? 0) + (meta.thoughtsTokenCount ?? 0);
  const usage: Usage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
  if (meta.cachedContentTokenCount) usage.prompt_tokens_details = { cached_tokens: meta.cachedContentTokenCount };
  if (meta.thoughtsTokenCount) usage.completion_tokens_details = { reasoning_tokens: meta.thoughtsTokenCount };
  return usage;
}

export interface PartsSummary {
  text: string;
  reasoning: string;
  toolCalls: ToolCall[];
}

/** Splits a candidate's parts into answer text, thinking text and tool calls (Gemini has no call ids: one is made up). */
export function summariseParts(parts: readonly GeminiResponsePart[]): PartsSummary {
  const summary: PartsSummary = { text: '', reasoning: '', toolCalls: [] };
  for (const part of parts) {
    if (part.functionCall) {
      const { id, name, args } = part.functionCall;
      summary.toolCalls.push({ id: id || newId('call_'), type: 'function', function: { name, arguments: JSON.stringify(args ?? {}) } });
    } else if (typeof part.text === 'string') {
      if (part.thought) summary.reasoning += part.text;
      else summary.text += part.text;
    }
  }
  return summary;
}

/** A prompt blocked before generation has no candidate, only `promptFeedback.blockReason`. */
export const blockedPrompt = (response: GeminiResponse): boolean => !response.candidates?.length && !!response.promptFeedback?.blockReason;

export function toChatCompletion(json: unknown, model: string): ChatCompletion {
  const response = parseUpstream(responseSchema, json, 'Gemini GenerateContentResponse');
  const candidate = response.candidates?.[0];
  const { text, reasoning, toolCalls } = summariseParts(candidate?.content?.parts ?? []);
  const finishReason = blockedPrompt(response) ? 'content_filter' : finishReasonOf(candidate?.finishReason, toolCalls.length > 0);
  const completion: ChatCompletion = {
    id: response.responseId ?? newId('gen-'),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: response.modelVersion ?? model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: text || (toolCalls.length ? null : ''),
          ...(toolCalls.length && { tool_calls: toolCalls }),
          ...(reasoning && { reasoning }),
        },
        finish_reason: finishReason ?? 'stop',
      },
    ],
  };
  if (response.usageMetadata) completion.usage = usageOf(response.usageMetadata);
  return completion;
}
