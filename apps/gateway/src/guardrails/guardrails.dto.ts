import { z } from 'zod';
import { promptRuleSchema, responseRuleSchema, type GuardrailSpec } from '@alltokens/contracts';
import type { Guardrail } from '@alltokens/db';
import { assertSafePattern, UnsafePatternError } from '@alltokens/guardrails';

/** Operator patterns must run in linear time: refused here, with the field named, if they cannot. */
function checkPatterns(rules: { prompt?: Array<{ pattern?: string }>; response?: Array<{ patterns: string[] }> }, ctx: z.RefinementCtx) {
  const check = (pattern: string, path: Array<string | number>) => {
    try {
      assertSafePattern(pattern);
    } catch (error) {
      if (!(error instanceof UnsafePatternError)) throw error;
      ctx.addIssue({ code: 'custom', path, message: error.message });
    }
  };
  rules.prompt?.forEach((rule, i) => rule.pattern && check(rule.pattern, ['prompt', i, 'pattern']));
  rules.response?.forEach((rule, i) => rule.patterns.forEach((pattern, j) => check(pattern, ['response', i, 'patterns', j])));
}

const rules = {
  /** Applied to every prompt text before it leaves for a provider. */
  prompt: z.array(promptRuleSchema).max(50),
  /** Deny-lists applied to responses. */
  response: z.array(responseRuleSchema).max(20),
};

export const createGuardrailSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    scope: z.enum(['organization', 'team', 'key']),
    scope_id: z.string().min(1),
    prompt: rules.prompt.default([]),
    response: rules.response.default([]),
    enabled: z.boolean().default(true),
  })
  .superRefine(checkPatterns)
  .refine((g) => g.prompt.length + g.response.length > 0, 'a guardrail needs prompt or response rules');
export type CreateGuardrailInput = z.infer<typeof createGuardrailSchema>;

export const updateGuardrailSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    prompt: rules.prompt.optional(),
    response: rules.response.optional(),
    enabled: z.boolean().optional(),
  })
  .superRefine(checkPatterns);
export type UpdateGuardrailInput = z.infer<typeof updateGuardrailSchema>;

export function toGuardrailSpec(row: Guardrail): GuardrailSpec {
  return { id: row.id, name: row.name, prompt: row.prompt as GuardrailSpec['prompt'], response: row.response as GuardrailSpec['response'] };
}

export const toGuardrailView = (row: Guardrail) => ({
  id: row.id,
  org_id: row.orgId,
  name: row.name,
  scope: row.scope,
  scope_id: row.scopeId,
  prompt: row.prompt,
  response: row.response,
  enabled: row.enabled,
  created_at: row.createdAt.toISOString(),
  updated_at: row.updatedAt.toISOString(),
});
