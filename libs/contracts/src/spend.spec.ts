import { budgetPeriodStart, fromNanoUsd, toNanoUsd } from './spend';

describe('budget periods and money units', () => {
  const wednesday = new Date('2026-11-25T15:30:00Z');
  it.each([
    ['daily', '2026-11-25T00:00:00.000Z'],
    ['weekly', '2026-11-23T00:00:00.000Z'],
    ['monthly', '2026-11-01T00:00:00.000Z'],
    ['total', '1970-01-01T00:00:00.000Z'],
  ] as const)('%s starts at %s', (period, expected) => {
    expect(budgetPeriodStart(period, wednesday).toISOString()).toBe(expected);
  });

  it('counts money in exact nano-dollars', () => {
    expect(toNanoUsd(0.0000144)).toBe(14400);
    expect(fromNanoUsd(toNanoUsd(12.3456789))).toBeCloseTo(12.3456789, 9);
    expect(toNanoUsd(0.1) + toNanoUsd(0.2)).toBe(toNanoUsd(0.3));
  });
});
