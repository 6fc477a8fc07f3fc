import { z } from 'zod';
import { endpointStatusSchema, priceConfigSchema, type Catalog, type CatalogEndpoint } from '@alltokens/catalog';
import type { EndpointFidelity, EndpointHealth } from '@alltokens/routing';
import { priceString } from '../models/models.dto';

export const endpointEditSchema = z.strictObject({
  status: endpointStatusSchema.optional(),
  /** USD per million tokens; `null` returns to the configured price. */
  pricing: priceConfigSchema.strict().nullable().optional(),
});
export type EndpointEdit = z.infer<typeof endpointEditSchema>;

export const routeExplainQuerySchema = z.object({ generation_id: z.string().min(1, 'generation_id is required') });

const percent = (share: number | null) => (share === null ? null : Math.round(share * 10000) / 100);

/** Measured fidelity from real traffic over the last hour: counts, and shares in percent (null until measured). */
export function toFidelityView(fidelity: EndpointFidelity) {
  return {
    answers: fidelity.answers,
    tool_calls: fidelity.toolCalls,
    json_answers: fidelity.jsonAnswers,
    streams: fidelity.streams,
    tool_call_adherence: percent(fidelity.toolCallAdherence),
    json_schema_adherence: percent(fidelity.jsonAdherence),
    empty_answers: percent(fidelity.emptyRate),
    truncations: percent(fidelity.truncationRate),
    mid_stream_failures: percent(fidelity.midStreamFailureRate),
  };
}

/** OpenRouter's endpoint object, with live stats over the window and AllTokens' measured fidelity. */
export function toEndpointView(catalog: Catalog, endpoint: CatalogEndpoint, live: EndpointHealth, fidelity: EndpointFidelity) {
  return {
    name: `${catalog.provider(endpoint.providerId)?.name ?? endpoint.providerId} | ${endpoint.upstreamModel}`,
    provider_name: endpoint.providerId,
    tag: endpoint.providerId,
    context_length: endpoint.contextLength,
    max_completion_tokens: endpoint.maxOutputTokens,
    max_prompt_tokens: null,
    quantization: endpoint.quantization,
    region: endpoint.region,
    data_policy: { training: endpoint.trainsOnData, retains_prompts: endpoint.retainsData, zero_data_retention: endpoint.zeroDataRetention },
    pricing: {
      prompt: priceString(endpoint.pricing.prompt),
      completion: priceString(endpoint.pricing.completion),
      request: priceString(endpoint.pricing.request),
      input_cache_read: priceString(endpoint.pricing.cachedPrompt),
    },
    supported_parameters: endpoint.supportedParameters,
    status: endpoint.status === 'active' ? (live.breakerOpen ? -1 : 0) : -2,
    uptime_last_30m: live.uptime === null ? null : Math.round(live.uptime * 10000) / 100,
    latency_last_30m: { p50: live.latencyP50, p95: live.latencyP95 },
    ttft_last_30m: live.ttftAvg === null ? null : { avg: Math.round(live.ttftAvg), p50: live.ttftP50, p95: live.ttftP95 },
    throughput_last_30m: live.tokensPerSecond === null ? null : Math.round(live.tokensPerSecond * 10) / 10,
    requests_last_30m: live.requests,
    fidelity_last_60m: toFidelityView(fidelity),
  };
}
