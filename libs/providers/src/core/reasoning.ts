import { z } from 'zod';
import type { ChatCompletionRequest } from '@alltokens/contracts';

/** Thinking-token budget per effort level, for providers that take a budget rather than an effort. */
export type EffortBudgets = Readonly<Record<'minimal' | 'low' | 'medium' | 'high', number>>;

/** OpenRouter's `reasoning` request object. The gateway passes it through unchecked: a field of another type is ignored. */
const reasoningSchema = z.object({
  effort: z.string().optional().catch(undefined),
  max_tokens: z.number().optional().catch(undefined),
  enabled: z.boolean().optional().catch(undefined),
});
export type ReasoningOption = z.output<typeof reasoningSchema>;

export function openRouterReasoning(request: ChatCompletionRequest): ReasoningOption | undefined {
  if (request.reasoning === undefined) return undefined;
  const parsed = reasoningSchema.safeParse(request.reasoning);
  return parsed.success ? parsed.data : undefined;
}

const isEffort = (effort: string, budgets: EffortBudgets): effort is keyof EffortBudgets => Object.hasOwn(budgets, effort);

/**
 * The thinking budget a request asks for: OpenRouter's `reasoning` object (`max_tokens` wins over
 * `effort`) or OpenAI's `reasoning_effort`. 0 means "do not think" (`effort: 'none'`,
 * `enabled: false`); undefined means the request says nothing, so the provider's default applies.
 */
export function reasoningBudget(request: ChatCompletionRequest, budgets: EffortBudgets): number | undefined {
  const reasoning = openRouterReasoning(request);
  if (reasoning?.enabled === false) return 0;
  if (typeof reasoning?.max_tokens === 'number') return reasoning.max_tokens;
  const effort = reasoning?.effort ?? request.reasoning_effort ?? undefined;
  if (effort === 'none') return 0;
  if (effort && isEffort(effort, budgets)) return budgets[effort];
  return reasoning?.enabled ? budgets.medium : undefined;
}
