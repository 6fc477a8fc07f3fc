/**
 * Quality prior per model for the `router` model, 0–1, with a rough output speed (tokens/s) used
 * until live stats exist. Scores are approximations derived from public leaderboards (LMArena text
 * arena Elo and the Artificial Analysis Intelligence Index, as published in 2025), rescaled so the
 * strongest listed model is ~0.95; see docs/routing.md for the sources. Unknown models get 0.5.
 */
export interface ModelQuality {
  score: number;
  tokensPerSecond: number;
}

export const QUALITY_SCORES: Record<string, ModelQuality> = {
  'openai/gpt-4o': { score: 0.82, tokensPerSecond: 110 },
  'openai/gpt-4o-mini': { score: 0.7, tokensPerSecond: 140 },
  'openai/gpt-4.1': { score: 0.86, tokensPerSecond: 100 },
  'openai/gpt-4.1-mini': { score: 0.78, tokensPerSecond: 130 },
  'openai/o3': { score: 0.95, tokensPerSecond: 60 },
  'anthropic/claude-sonnet-4': { score: 0.9, tokensPerSecond: 70 },
  'anthropic/claude-3.5-haiku': { score: 0.68, tokensPerSecond: 90 },
  'google/gemini-2.5-pro': { score: 0.94, tokensPerSecond: 120 },
  'google/gemini-2.5-flash': { score: 0.85, tokensPerSecond: 220 },
  'meta-llama/llama-3.3-70b-instruct': { score: 0.66, tokensPerSecond: 250 },
  'meta-llama/llama-3.1-8b-instruct': { score: 0.45, tokensPerSecond: 600 },
  'deepseek/deepseek-chat': { score: 0.84, tokensPerSecond: 40 },
  'mistralai/mistral-small': { score: 0.58, tokensPerSecond: 150 },
};

export function qualityOf(modelId: string): ModelQuality {
  return QUALITY_SCORES[modelId] ?? { score: 0.5, tokensPerSecond: 100 };
}
