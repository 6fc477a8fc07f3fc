import { describeFidelity, emptySample, fidelityExclusion, fidelityScore, type FidelityPolicy } from './fidelity';

const policy: FidelityPolicy = { enabled: true, threshold: 0.9, minSamples: 20 };
const measured = (counts: Partial<ReturnType<typeof emptySample>>) => describeFidelity({ ...emptySample(), ...counts });

describe('fidelity routing rules', () => {
  const sloppy = measured({ answers: 100, toolCalls: 100, brokenToolCalls: 20 });

  it('excludes an endpoint for tool requests once enough calls show adherence under the threshold', () => {
    expect(fidelityExclusion(sloppy, { tools: true, json: false }, policy)).toBe('measured tool-call adherence 80.0 % < 90.0 % (100 calls)');
    expect(fidelityExclusion(sloppy, { tools: false, json: true }, policy)).toBeNull();
    expect(fidelityExclusion(measured({ toolCalls: 10, brokenToolCalls: 5 }), { tools: true, json: false }, policy)).toBeNull();
    expect(fidelityExclusion(sloppy, { tools: true, json: false }, { ...policy, enabled: false })).toBeNull();
    expect(fidelityExclusion(measured({ jsonAnswers: 50, jsonViolations: 10 }), { tools: false, json: true }, policy)).toMatch(/JSON-schema adherence 80.0 %/);
  });

  it('scores what went right, counting only shares with enough samples and only the needs of the request', () => {
    expect(fidelityScore(sloppy, { tools: true, json: false }, policy)).toBeCloseTo(0.8, 10);
    expect(fidelityScore(sloppy, { tools: false, json: false }, policy)).toBe(1);
    const flaky = measured({ answers: 50, empty: 5, streams: 40, midStreamFailures: 4 });
    expect(fidelityScore(flaky, { tools: false, json: false }, policy)).toBeCloseTo(0.9 * 0.9, 10);
    expect(fidelityScore(undefined, { tools: true, json: true }, policy)).toBe(1);
  });
});
