import type { ChatCompletionRequest } from '@alltokens/contracts';

/** Thinking-token budget per effort level, for providers that take a budget rather than an effort. */
export type EffortBudgets = Readonly<Record<'minimal' | 'low' | 'medium' | 'high', number>>;

interface ReasoningOption {
  effort?: string;
  max_tokens?: number;
  enabled?: boolean;
}

/**
 * The thinking budget a request asks for: OpenRouter's `reasoning` object (`max_tokens` wins over
 * `effort`) or OpenAI's `reasoning_effort`. 0 means "do not think" (`effort: 'none'`,
 * `enabled: false`); undefined means the request says nothing, so the provider's default applies.
 */
export function reasoningBudget(request: ChatCompletionRequest, budgets: EffortBudgets): number | undefined {
  const reasoning = (request as { reasoning?: ReasoningOption }).reasoning;
  if (reasoning?.enabled === false) return 0;
  if (typeof reasoning?.max_tokens === 'number') return reasoning.max_tokens;
  const effort = reasoning?.effort ?? request.reasoning_effort ?? undefined;
  if (effort === 'none') return 0;
  if (effort && effort in budgets) return budgets[effort as keyof EffortBudgets];
  return reasoning?.enabled ? budgets.medium : undefined;
}
