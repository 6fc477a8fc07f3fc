/**
 * Measured provider fidelity: what real traffic showed about an endpoint's answers, counted per
 * answer and kept over a sliding window (FidelityStore). Routing reads it to exclude endpoints that
 * break tool calls or JSON schemas and to rank the others.
 */

/** What one served request showed; counts, so many requests sum into one write. */
export interface FidelitySample {
  /** Tool calls in the answer, checked against their tool's JSON schema. */
  toolCalls: number;
  /** Of those: arguments that were not JSON, or did not match the schema. */
  brokenToolCalls: number;
  /** 1 when the answer had to follow `response_format` JSON (object or schema) and was checked. */
  jsonAnswers: number;
  /** 1 when it was not JSON or broke the schema. */
  jsonViolations: number;
  /** 1 for an answer that arrived (a 200, or a stream that ended). */
  answers: number;
  /** 1 for a 200 with neither text nor tool calls. */
  empty: number;
  /** 1 for `finish_reason: length` below the `max_tokens` the request asked for. */
  truncated: number;
  /** 1 for a stream that started. */
  streams: number;
  /** 1 for a stream that broke after its first byte (reset, idle timeout, provider error event). */
  midStreamFailures: number;
}

export const FIDELITY_FIELDS = ['toolCalls', 'brokenToolCalls', 'jsonAnswers', 'jsonViolations', 'answers', 'empty', 'truncated', 'streams', 'midStreamFailures'] as const satisfies ReadonlyArray<keyof FidelitySample>;

export function emptySample(): FidelitySample {
  return { toolCalls: 0, brokenToolCalls: 0, jsonAnswers: 0, jsonViolations: 0, answers: 0, empty: 0, truncated: 0, streams: 0, midStreamFailures: 0 };
}

/** An endpoint's counts over the window and the shares they give (null until there is at least one sample). */
export interface EndpointFidelity extends FidelitySample {
  /** Tool calls whose arguments were JSON matching the schema. */
  toolCallAdherence: number | null;
  /** `response_format` answers that were JSON matching the schema. */
  jsonAdherence: number | null;
  emptyRate: number | null;
  truncationRate: number | null;
  midStreamFailureRate: number | null;
}

const share = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

export function describeFidelity(counts: FidelitySample): EndpointFidelity {
  return {
    ...counts,
    toolCallAdherence: share(counts.toolCalls - counts.brokenToolCalls, counts.toolCalls),
    jsonAdherence: share(counts.jsonAnswers - counts.jsonViolations, counts.jsonAnswers),
    emptyRate: share(counts.empty, counts.answers),
    truncationRate: share(counts.truncated, counts.answers),
    midStreamFailureRate: share(counts.midStreamFailures, counts.streams),
  };
}

/** How routing uses fidelity: the adherence below which tool/JSON requests avoid an endpoint, once enough samples say so. */
export interface FidelityPolicy {
  enabled: boolean;
  /** Tool-call / JSON-schema adherence under this excludes the endpoint for such requests (0-1). */
  threshold: number;
  /** Samples a share needs before routing believes it. */
  minSamples: number;
}

export const DEFAULT_FIDELITY_POLICY: FidelityPolicy = { enabled: true, threshold: 0.9, minSamples: 20 };
export const DISABLED_FIDELITY: FidelityPolicy = { ...DEFAULT_FIDELITY_POLICY, enabled: false };

/** Below this measured fidelity an endpoint counts as demoted in `/route/explain`. */
export const DEMOTION_SCORE = 0.99;

/** What the request needs of an answer, for fidelity. */
export interface FidelityNeeds {
  tools: boolean;
  json: boolean;
}

const pct = (value: number) => `${(value * 100).toFixed(1)} %`;

/**
 * Why measured fidelity rules this endpoint out for this request (tool calls or JSON it breaks too
 * often), or null. Like `require_parameters`: the endpoint claims the feature, the traffic says otherwise.
 */
export function fidelityExclusion(fidelity: EndpointFidelity | undefined, needs: FidelityNeeds, policy: FidelityPolicy): string | null {
  if (!fidelity || !policy.enabled) return null;
  const below = (adherence: number | null, samples: number) => adherence !== null && samples >= policy.minSamples && adherence < policy.threshold;
  if (needs.tools && below(fidelity.toolCallAdherence, fidelity.toolCalls)) {
    return `measured tool-call adherence ${pct(fidelity.toolCallAdherence!)} < ${pct(policy.threshold)} (${fidelity.toolCalls} calls)`;
  }
  if (needs.json && below(fidelity.jsonAdherence, fidelity.jsonAnswers)) {
    return `measured JSON-schema adherence ${pct(fidelity.jsonAdherence!)} < ${pct(policy.threshold)} (${fidelity.jsonAnswers} answers)`;
  }
  return null;
}

/**
 * The measured quality of an endpoint's answers for this request, 0-1 (1 when nothing measured is
 * wrong or too little is known): the product of the shares that went right, each counted once it has
 * `minSamples` samples. Tool-call and JSON adherence count only for requests that need them.
 */
export function fidelityScore(fidelity: EndpointFidelity | undefined, needs: FidelityNeeds, policy: FidelityPolicy): number {
  if (!fidelity || !policy.enabled) return 1;
  const known = (rate: number | null, samples: number) => (rate !== null && samples >= policy.minSamples ? rate : null);
  const good = [
    needs.tools ? known(fidelity.toolCallAdherence, fidelity.toolCalls) : null,
    needs.json ? known(fidelity.jsonAdherence, fidelity.jsonAnswers) : null,
  ];
  const bad = [known(fidelity.emptyRate, fidelity.answers), known(fidelity.truncationRate, fidelity.answers), known(fidelity.midStreamFailureRate, fidelity.streams)];
  let score = 1;
  for (const rate of good) if (rate !== null) score *= rate;
  for (const rate of bad) if (rate !== null) score *= 1 - rate;
  return score;
}
