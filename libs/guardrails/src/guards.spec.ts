import type { ChatCompletionRequest, GuardrailSpec } from '@alltokens/contracts';
import { guardrailSpecSchema } from '@alltokens/contracts';
import { guardChatRequest, guardEmbeddingsInput } from './chat-request-guard';
import { FindingTally, GuardrailBlockedError } from './findings';
import { assertSafePattern, UnsafePatternError } from './safe-pattern';
import { PromptGuard } from './prompt-guard';
import { ResponseGuard } from './response-guard';

const spec = (input: Record<string, unknown>): GuardrailSpec => guardrailSpecSchema.parse({ id: 'g1', name: 'pii', ...input });

describe('PromptGuard', () => {
  const guard = PromptGuard.compile([
    spec({
      prompt: [
        { detector: 'email', action: 'mask' },
        { detector: 'phone', action: 'mask' },
        { detector: 'card_number', action: 'mask' },
        { detector: 'regex', name: 'employee-id', pattern: 'emp-[0-9]{6}', case_insensitive: true, action: 'mask', replacement: '<EMPLOYEE>' },
      ],
    }),
  ]);

  it('masks every match and counts them per rule, never keeping the text', () => {
    const tally = new FindingTally();
    const out = guard.apply('Mail a@example.com and b@example.org, call +44 20 7946 0958, card 4111 1111 1111 1111, staff EMP-123456.', tally);
    expect(out).toBe('Mail [EMAIL] and [EMAIL], call [PHONE], card [CARD_NUMBER], staff <EMPLOYEE>.');
    expect(tally.toArray()).toEqual(
      expect.arrayContaining([
        { guardrailId: 'g1', rule: 'email', stage: 'prompt', action: 'mask', count: 2 },
        { guardrailId: 'g1', rule: 'phone', stage: 'prompt', action: 'mask', count: 1 },
        { guardrailId: 'g1', rule: 'card_number', stage: 'prompt', action: 'mask', count: 1 },
        { guardrailId: 'g1', rule: 'employee-id', stage: 'prompt', action: 'mask', count: 1 },
      ]),
    );
    expect(JSON.stringify(tally.toArray())).not.toContain('example');
  });

  it('gives overlapping text to the more specific detector (a 15-digit card is not a phone number)', () => {
    const tally = new FindingTally();
    expect(guard.apply('amex 3782 822463 10005 ok', tally)).toBe('amex [CARD_NUMBER] ok');
    expect(tally.toArray().map((f) => f.rule)).toEqual(['card_number']);
  });

  it('blocks on a blocking rule, naming the guardrail and rule but not the text', () => {
    const blocking = PromptGuard.compile([spec({ prompt: [{ detector: 'email', action: 'mask' }, { detector: 'secret', action: 'block' }] })]);
    const tally = new FindingTally();
    let error: unknown;
    try {
      blocking.apply('here is sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789 for a@b.io', tally);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(GuardrailBlockedError);
    expect((error as GuardrailBlockedError).blockedBy).toEqual({ guardrailId: 'g1', guardrailName: 'pii', rule: 'secret', stage: 'prompt' });
    expect((error as Error).message).not.toContain('sk-proj');
    expect(tally.toArray()).toEqual([{ guardrailId: 'g1', rule: 'secret', stage: 'prompt', action: 'block', count: 1 }]);
  });

  it('leaves text without matches untouched (same string)', () => {
    const text = 'nothing to see here';
    expect(guard.apply(text, new FindingTally())).toBe(text);
  });
});

describe('guardChatRequest', () => {
  const guard = PromptGuard.compile([spec({ prompt: [{ detector: 'email', action: 'mask' }] })]);

  it('masks every role, text parts, tool-call arguments and the legacy prompt', () => {
    const request = {
      model: 'm',
      messages: [
        { role: 'system', content: 'owner ops@corp.example' },
        { role: 'user', content: [{ type: 'text', text: 'me: me@corp.example' }, { type: 'image_url', image_url: { url: 'https://x/y.png' } }] },
        { role: 'assistant', content: null, tool_calls: [{ id: 't', type: 'function', function: { name: 'mail', arguments: '{"to":"x@corp.example"}' } }] },
        { role: 'tool', tool_call_id: 't', content: 'sent to x@corp.example' },
      ],
    } as ChatCompletionRequest;
    const tally = new FindingTally();
    const out = guardChatRequest(guard, request, tally, 'prompt by p@corp.example');
    expect(JSON.stringify(out.request)).not.toContain('corp.example');
    expect(out.legacyPrompt).toBe('prompt by [EMAIL]');
    expect(tally.toArray()).toEqual([{ guardrailId: 'g1', rule: 'email', stage: 'prompt', action: 'mask', count: 5 }]);
    expect((out.request.messages[1] as { content: Array<{ type: string }> }).content[1]).toBe((request.messages[1] as { content: unknown[] }).content[1]);
  });

  it('returns the same request object when nothing matched', () => {
    const request = { model: 'm', messages: [{ role: 'user', content: 'hi' }] } as ChatCompletionRequest;
    expect(guardChatRequest(guard, request, new FindingTally()).request).toBe(request);
  });

  it('guards embeddings strings and leaves token arrays alone', () => {
    const tally = new FindingTally();
    expect(guardEmbeddingsInput(guard, ['a a@b.io', 'c'], tally)).toEqual(['a [EMAIL]', 'c']);
    const tokens = [[1, 2, 3]];
    expect(guardEmbeddingsInput(guard, tokens, tally)).toBe(tokens);
  });
});

describe('ResponseGuard', () => {
  const guard = ResponseGuard.compile([
    spec({ response: [{ name: 'codenames', words: ['Project Falcon', 'bluebird'], action: 'redact' }] }),
    { ...spec({ response: [{ name: 'leaks', words: ['internal only'], patterns: ['ticket-[0-9]{4}'], action: 'block' }] }), id: 'g2', name: 'leaks' },
  ]);

  it('redacts whole words case-insensitively, not parts of words', () => {
    const tally = new FindingTally();
    const out = guard.check('The project falcon plan; Bluebird, bluebirds and PROJECT FALCON.', tally);
    expect(out).toEqual({ text: 'The [REDACTED] plan; [REDACTED], bluebirds and [REDACTED].', blocked: null });
    expect(tally.toArray()).toEqual([{ guardrailId: 'g1', rule: 'codenames', stage: 'response', action: 'redact', count: 3 }]);
  });

  it('refuses a response matching a blocking rule (words or patterns)', () => {
    expect(guard.check('this is INTERNAL ONLY', new FindingTally()).blocked).toEqual({ guardrailId: 'g2', guardrailName: 'leaks', rule: 'leaks', stage: 'response' });
    expect(guard.check('see ticket-1234', new FindingTally()).blocked?.rule).toBe('leaks');
  });

  it('watches a stream across chunk boundaries and stops at the first match', () => {
    const tally = new FindingTally();
    const watch = guard.watch(tally);
    expect(watch.push('The plan for Project Fal')).toBeNull();
    expect(watch.push('con is ready')?.rule).toBe('codenames');
    expect(tally.toArray()).toEqual([{ guardrailId: 'g1', rule: 'codenames', stage: 'response', action: 'block', count: 1 }]);
    const patterns = guard.watch(new FindingTally());
    expect(patterns.push('see tick')).toBeNull();
    expect(patterns.push('et-98')).toBeNull();
    expect(patterns.push('76 now')?.rule).toBe('leaks');
  });
});

describe('operator patterns', () => {
  it.each([
    ['(a)\\1', 'backreferences'],
    ['(?=a)b', 'lookarounds'],
    ['x{2,40}', 'counted repetitions above 16'],
    ['a*', 'matches empty text'],
    ['(', 'Unterminated group'],
  ])('refuses %s (%s)', (pattern, reason) => {
    expect(() => assertSafePattern(pattern)).toThrow(UnsafePatternError);
    expect(() => assertSafePattern(pattern)).toThrow(reason);
  });

  it('runs catastrophic-looking patterns in linear time', () => {
    const guard = PromptGuard.compile([spec({ prompt: [{ detector: 'regex', name: 'evil', pattern: '(a+)+$', action: 'mask' }] })]);
    const started = performance.now();
    guard.apply(`${'a'.repeat(50_000)}!`, new FindingTally());
    expect(performance.now() - started).toBeLessThan(500);
  });
});
