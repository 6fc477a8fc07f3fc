/** How a sloppy model breaks structured output: JSON cut short, or JSON that does not match the schema. */
export type Breakage = 'json' | 'schema';

const WRONG_TYPE = (value: unknown): unknown => (typeof value === 'string' ? 12345 : 'not the declared type');

/** `json` cut short by one character: no longer parseable. */
const cutShort = (json: string): string => json.slice(0, Math.max(1, json.length - 1));

/**
 * Structured output gone wrong, as fidelity checks see it: `json` makes it unparseable; `schema` keeps
 * it JSON but gives its first property a value of the wrong type (an object without properties is
 * cut short instead, there being nothing to mistype).
 */
export function breakJson(json: string, kind: Breakage): string {
  if (kind === 'json') return cutShort(json);
  const value = JSON.parse(json) as unknown;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return JSON.stringify(WRONG_TYPE(value));
  const [first] = Object.keys(value);
  if (first === undefined) return cutShort(json);
  return JSON.stringify({ ...value, [first]: WRONG_TYPE((value as Record<string, unknown>)[first]) });
}

/** With probability `rate`, one of `kinds` (chosen at random); otherwise undefined. */
export function drawBreakage(rate: number, kinds: readonly Breakage[]): Breakage | undefined {
  if (rate <= 0 || Math.random() >= rate) return undefined;
  return kinds[Math.floor(Math.random() * kinds.length)];
}
