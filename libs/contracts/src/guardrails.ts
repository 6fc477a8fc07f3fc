import { z } from 'zod';

/** Built-in prompt detectors; `regex` is an operator-supplied pattern (run by a linear-time engine). */
export const PROMPT_DETECTORS = ['email', 'phone', 'card_number', 'iban', 'secret', 'regex'] as const;
export type PromptDetector = (typeof PROMPT_DETECTORS)[number];

const ruleName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9_.-]*$/, 'must be lowercase letters, digits, _ . or -');

/** One prompt rule: what to look for and what to do when it is found. */
export const promptRuleSchema = z
  .object({
    detector: z.enum(PROMPT_DETECTORS),
    /** Shown in findings and error messages; defaults to the detector. Required for `regex`. */
    name: ruleName.optional(),
    /** For `regex`: the pattern (JavaScript syntax, no backreferences or lookarounds). */
    pattern: z.string().min(1).max(500).optional(),
    /** For `regex`: match case-insensitively. */
    case_insensitive: z.boolean().default(false),
    action: z.enum(['block', 'mask']),
    /** What a masked match becomes; defaults to `[EMAIL]`, `[CARD_NUMBER]`, `[<NAME>]`... */
    replacement: z.string().max(100).optional(),
  })
  .strict()
  .superRefine((rule, ctx) => {
    if (rule.detector === 'regex' && !rule.pattern) ctx.addIssue({ code: 'custom', path: ['pattern'], message: 'a regex rule needs a pattern' });
    if (rule.detector === 'regex' && !rule.name) ctx.addIssue({ code: 'custom', path: ['name'], message: 'a regex rule needs a name' });
    if (rule.detector !== 'regex' && rule.pattern) ctx.addIssue({ code: 'custom', path: ['pattern'], message: 'only regex rules take a pattern' });
  });
export type PromptRule = z.infer<typeof promptRuleSchema>;

/** A deny-list for responses: words (whole words, case-insensitive) and patterns; `redact` or `block`. */
export const responseRuleSchema = z
  .object({
    name: ruleName,
    words: z.array(z.string().trim().min(1).max(100)).max(500).default([]),
    patterns: z.array(z.string().min(1).max(500)).max(50).default([]),
    case_insensitive: z.boolean().default(true),
    action: z.enum(['block', 'redact']),
    replacement: z.string().max(100).optional(),
  })
  .strict()
  .refine((rule) => rule.words.length + rule.patterns.length > 0, 'a response rule needs words or patterns');
export type ResponseRule = z.infer<typeof responseRuleSchema>;

/** A guardrail as the engines apply it: its prompt rules and its response rules. */
export const guardrailSpecSchema = z.object({
  id: z.string(),
  name: z.string(),
  prompt: z.array(promptRuleSchema).default([]),
  response: z.array(responseRuleSchema).default([]),
});
export type GuardrailSpec = z.infer<typeof guardrailSpecSchema>;

/** What fired on one request: rule and count, never the matched text. */
export const guardrailFindingSchema = z.object({
  guardrailId: z.string(),
  rule: z.string(),
  stage: z.enum(['prompt', 'response']),
  action: z.enum(['block', 'mask', 'redact']),
  count: z.number().int().positive(),
});
export type GuardrailFinding = z.infer<typeof guardrailFindingSchema>;
