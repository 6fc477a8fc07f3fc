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
  {
    format: 'azure',
    upstreamModel: 'gpt-4o-mini-deployment',
    provider: (simulator) => `format: azure\n    base_url: ${simulator}\n    api_key: sim-key\n    options:\n      api_version: "2024-10-21"`,
  },
  {
    format: 'yandex',
    upstreamModel: 'yandexgpt/latest',
    provider: (simulator) => `format: yandex\n    base_url: ${simulator}\n    api_key: sim-key\n    options:\n      folder_id: b1gsimfolder`,
  },
  {
    format: 'gigachat',
    upstreamModel: 'GigaChat-2-Max',
    provider: (simulator) =>
      `format: gigachat\n    base_url: ${simulator}/api/v1\n    api_key: sim-key\n    options:\n      auth_url: ${simulator}/api/v2/oauth\n      scope: GIGACHAT_API_PERS`,
  },
  {
    format: 'anthropic',
    upstreamModel: 'claude-sonnet-4-5',
    provider: (simulator) => `format: anthropic\n    base_url: ${simulator}\n    api_key: sim-key`,
  },
  {
    format: 'bedrock',
    upstreamModel: 'anthropic.claude-3-5-haiku-20241022-v1:0',
    provider: (simulator) =>
      `format: bedrock\n    base_url: ${simulator}\n    options:\n      region: us-east-1\n      access_key_id: AKIDSIMULATOR\n      secret_access_key: sim-key`,
  },
  {
    format: 'gemini',
    upstreamModel: 'gemini-2.5-flash',
    provider: (simulator) => `format: gemini\n    base_url: ${simulator}\n    api_key: sim-key`,
  },
  {
    format: 'vertex',
    upstreamModel: 'gemini-2.5-flash',
    provider: (simulator) => `format: vertex\n    base_url: ${simulator}\n    api_key: sim-key\n    options:\n      project: demo\n      location: us-central1`,
  },
  {
    format: 'cohere',
    upstreamModel: 'command-a-03-2025',
    provider: (simulator) => `format: cohere\n    base_url: ${simulator}\n    api_key: sim-key`,
  },
];
