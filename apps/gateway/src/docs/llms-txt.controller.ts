import { Controller, Get, Header } from '@nestjs/common';
import { Catalog } from '@alltokens/catalog';

/** `/llms.txt`: a short machine-readable entry point for AI agents (https://llmstxt.org). */
@Controller()
export class LlmsTxtController {
  constructor(private readonly catalog: Catalog) {}

  @Get('llms.txt')
  @Header('content-type', 'text/plain; charset=utf-8')
  render(): string {
    const models = this.catalog.models().map((model) => `- ${model.id}: ${model.name}, context ${model.contextLength}`);
    return `# AllTokens

> OpenAI-compatible LLM gateway: one API for many providers, with routing (quality/speed/cost), failover, budgets and analytics. Base URL: /api/v1 (also /v1). Auth: "Authorization: Bearer <api key>" or "X-API-Key: <api key>".

## API
- POST /api/v1/chat/completions: OpenAI chat completions; stream with "stream": true (SSE, ends with data: [DONE]); usage.cost is the USD billed.
- POST /api/v1/responses: OpenAI's Responses API, stateless (send the whole input; no previous_response_id).
- POST /api/v1/messages (+ /messages/count_tokens): Anthropic's Messages API for Anthropic-SDK clients, any provider behind it; errors in Anthropic's shape.
- POST /api/v1/embeddings: OpenAI embeddings (float or base64) from models configured as embeddings endpoints.
- POST /api/v1/completions: legacy text completions (native for text-completion models, via chat otherwise).
- GET /api/v1/models: models (id, name, context_length, pricing per token, supported_parameters); ?supported_parameters=tools filters.
- GET /api/v1/models/{author}/{slug}/endpoints: providers serving a model with price, live latency/uptime and measured fidelity (tool-call and JSON-schema adherence from real traffic).
- GET /api/v1/generation?id=<id>: the stored record of a request (tokens, cost, latency, provider, attempts).
- GET /api/v1/route/explain?generation_id=<id>: why the router chose what it chose.
- GET /api/v1/key, GET /api/v1/credits: the calling key's usage (lifetime, usage_daily/weekly/monthly), limit, limit_reset and limit_remaining; the organisation's credits.
- Attribution: tag requests with the header "x-alltokens-tags: team:search,feature:summaries" or OpenAI's "metadata" map; "user" names the end user. Analytics groups by them (group_by=tag:<name>, group_by=user).
- Management (admin or management key): /api/v1/keys, /api/v1/users (members and roles), POST /api/platform/users/{userId}/apikeys {"label"}, /api/v1/provider-credentials (bring your own provider key), /api/v1/policies, /api/v1/guardrails (PII masking/blocking, response deny-lists), /api/v1/alerts/{destinations,rules,events} (signed webhooks, Slack), /api/v1/teams, /api/v1/budgets (also per tag and end user), /api/v1/credits, /api/v1/analytics/usage, /api/v1/analytics/requests, /api/v1/audit-logs.
- OpenAPI: /docs-json; human docs: /docs.

## Choosing a model
- A concrete id such as openai/gpt-4o-mini routes across the providers serving it (cheapest healthy first, failover before the first byte; a stream broken mid-answer is continued on another provider and still ends with data: [DONE], unless the body says "stream_continuation": false).
- "router" or "auto": AllTokens picks the model; set "objective": "balanced" | "cheapest" | "fastest" | "best" and optionally "max_cost_per_1k_tokens" at the top level of the body. "router:cost", "router:speed", "router:quality" are shortcuts; "free" uses zero-price endpoints only.
- OpenRouter's "provider" object (order, only, ignore, sort, max_price, data_collection, zdr, quantizations, allow_fallbacks, require_parameters), the ":nitro"/":floor" suffixes and the "models" fallback list are honoured.
- Responses carry x-alltokens-* route headers and "alltokens_route": {trace_id, candidates: {count}, decision_reason} (a continued stream adds "continued": true and "failover_count").

## Errors
OpenAI shape {"error":{"message","type","param","code"}}. 402 (over budget), 403 and guardrail refusals (400 guardrail_blocked) carry x-should-retry: false: do not retry them. 429 carries retry-after. Admin bodies refuse unknown fields (400 unknown_field).

## Models here
${models.join('\n')}
`;
  }
}
