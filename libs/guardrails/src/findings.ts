import type { GuardrailFinding } from '@alltokens/contracts';

/** Counts what fired on one request, per guardrail, rule, stage and action. */
export class FindingTally {
  private readonly counts = new Map<string, GuardrailFinding>();

  add(guardrailId: string, rule: string, stage: GuardrailFinding['stage'], action: GuardrailFinding['action'], count = 1): void {
    const id = `${guardrailId}|${rule}|${stage}|${action}`;
    const found = this.counts.get(id);
    if (found) found.count += count;
    else this.counts.set(id, { guardrailId, rule, stage, action, count });
  }

  get size(): number {
    return this.counts.size;
  }

  toArray(): GuardrailFinding[] {
    return [...this.counts.values()].map((finding) => ({ ...finding }));
  }
}

/** Which rule stopped a request or a response; never the text it matched. */
export interface BlockedBy {
  guardrailId: string;
  guardrailName: string;
  rule: string;
  stage: GuardrailFinding['stage'];
}

export class GuardrailBlockedError extends Error {
  constructor(readonly blockedBy: BlockedBy) {
    super(
      blockedBy.stage === 'prompt'
        ? `The request was blocked by guardrail '${blockedBy.guardrailName}': rule '${blockedBy.rule}' matched the prompt; nothing was sent to a provider`
        : `The response was blocked by guardrail '${blockedBy.guardrailName}': rule '${blockedBy.rule}' matched it`,
    );
    this.name = 'GuardrailBlockedError';
  }
}
