/**
 * One row per wire format checked by the conformance suite (`providers.e2e-spec.ts`). Every row is a
 * provider of the e2e catalog pointing at the stack's simulator, which speaks every format at once.
 * `provider` is the YAML body of the provider entry (without `id`/`models`); `simulator` is the
 * simulator's origin, e.g. `http://127.0.0.1:20123`.
 */
export interface ConformanceTarget {
  /** The adapter's `format` id; the suite reads its declared capabilities from the registry. */
  format: string;
  /** The upstream model id the simulator is asked for. */
  upstreamModel: string;
  provider(simulator: string): string;
}

export const CONFORMANCE_TARGETS: ConformanceTarget[] = [
  {
    format: 'openai',
    upstreamModel: 'gpt-4o-mini',
    provider: (simulator) => `format: openai\n    base_url: ${simulator}/v1\n    api_key: sim-key`,
  },
];
