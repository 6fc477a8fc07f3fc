import type { Attempt, TokenUsage, Usage } from '@alltokens/contracts';
import type { AnswerFacts } from '../fidelity/answer-judge';

/** What one request produced, gathered while serving it and turned into the usage event at the end. */
export interface RequestOutcome {
  status: 'success' | 'error' | 'cancelled' | 'interrupted';
  attempts: Attempt[];
  usage: TokenUsage;
  usageSource: 'upstream' | 'estimated' | 'none';
  finishReason: string | null;
  ttftMs: number | null;
  modelId: string | null;
  providerId: string | null;
  endpointId: string | null;
  error: { status: number; code: string; message: string } | null;
  /** What the answer consisted of, for measuring the answering endpoint's fidelity. */
  answer?: AnswerFacts;
}

export function emptyOutcome(): RequestOutcome {
  return {
    status: 'error',
    attempts: [],
    usage: { promptTokens: 0, completionTokens: 0, cachedTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
    usageSource: 'none',
    finishReason: null,
    ttftMs: null,
    modelId: null,
    providerId: null,
    endpointId: null,
    error: null,
  };
}

export function fromOpenAiUsage(usage: Usage): TokenUsage {
  return {
    promptTokens: usage.prompt_tokens ?? 0,
    completionTokens: usage.completion_tokens ?? 0,
    cachedTokens: usage.prompt_tokens_details?.cached_tokens ?? 0,
    cacheWriteTokens: 0,
    reasoningTokens: usage.completion_tokens_details?.reasoning_tokens ?? 0,
  };
}
