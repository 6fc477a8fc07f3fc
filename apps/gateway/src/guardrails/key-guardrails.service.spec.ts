import type { Guardrail } from '@alltokens/db';
import { FindingTally } from '@alltokens/guardrails';
import { bindGuardrails } from './key-guardrails.service';

const row = (id: string, fields: Pick<Guardrail, 'prompt' | 'response'>): Guardrail => ({
  id, orgId: 'org', name: id, scope: 'organization', scopeId: 'org', enabled: true, createdAt: new Date(0), updatedAt: new Date(0), ...fields,
});

describe('bindGuardrails', () => {
  it('binds nothing for a key without guardrails: prompts pass unchanged and nothing travels to the router', () => {
    const bound = bindGuardrails([]);
    expect(bound.specs).toEqual([]);
    expect(bound.response).toEqual([]);
    expect(bound.prompt.apply('mail me at a@example.com', new FindingTally())).toBe('mail me at a@example.com');
  });

  it('compiles every prompt rule once and sends only the guardrails with response rules to the router', () => {
    const masking = row('mask', { prompt: [{ detector: 'email', case_insensitive: false, action: 'mask' }], response: [] });
    const denying = row('deny', { prompt: [], response: [{ name: 'codename', words: ['falcon'], patterns: [], case_insensitive: true, action: 'redact' }] });
    const bound = bindGuardrails([masking, denying]);
    expect(bound.specs.map((spec) => spec.id)).toEqual(['mask', 'deny']);
    expect(bound.response.map((spec) => spec.id)).toEqual(['deny']);
    const tally = new FindingTally();
    expect(bound.prompt.apply('mail me at a@example.com', tally)).toBe('mail me at [EMAIL]');
    expect(tally.toArray()).toEqual([expect.objectContaining({ guardrailId: 'mask', stage: 'prompt', action: 'mask', count: 1 })]);
  });
});
