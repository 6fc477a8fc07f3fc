export type Role = 'owner' | 'admin' | 'member' | 'viewer';

export interface Session {
  via: 'key' | 'oidc';
  name: string;
  role: Role;
  org_id: string;
  /** Signed in with the admin key (which may act in any organisation, or deployment-wide). */
  admin_key: boolean;
  /** The admin key not switched into an organisation. */
  deployment_wide: boolean;
  csrf_token: string;
  permissions: { write: boolean; playground: boolean; edit_catalog: boolean };
}

export interface OrganizationChoice {
  id: string;
  name: string;
  role: Role;
}

export interface ApiKey {
  id: string;
  name: string;
  label: string;
  kind: 'inference' | 'management';
  disabled: boolean;
  limit: number | null;
  limit_remaining: number | null;
  limit_reset: 'daily' | 'weekly' | 'monthly' | null;
  usage: number;
  usage_daily: number;
  usage_weekly: number;
  usage_monthly: number;
  tags: string[];
  allowed_models: string[];
  grace_until: string | null;
  team_id: string | null;
  user_id: string | null;
  metadata: Record<string, string>;
  rate_limits: { requests_per_minute: number | null; tokens_per_minute: number | null; concurrent_requests: number | null };
  expires_at: string | null;
  created_at: string;
}

export interface LogRow {
  id: string;
  created_at: string;
  key_id: string;
  model: string | null;
  provider_id: string | null;
  status: string;
  streamed: boolean;
  prompt_tokens: number;
  completion_tokens: number;
  cost_usd: number;
  latency_ms: number;
  ttft_ms: number | null;
  finish_reason: string | null;
  error_code: string | null;
  cache_hit: boolean;
  tags: string[];
  end_user: string | null;
  guardrails: GuardrailFinding[];
}

/** A guardrail rule that fired on a request: never the text it matched. */
export interface GuardrailFinding {
  guardrailId: string;
  rule: string;
  stage: string;
  action: string;
  count: number;
}

export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
}

export interface OverviewTotals {
  requests: number;
  errors: number;
  tokens: number;
  cost: number;
  latency_ms: Percentiles | null;
  ttft_ms: Percentiles | null;
}

export interface Overview {
  range: string;
  bucket: 'minute' | 'hour' | 'day';
  from: string;
  to: string;
  split: string;
  totals: OverviewTotals & { error_rate: number };
  groups: string[];
  labels: Record<string, string>;
  buckets: Array<OverviewTotals & { bucket: string }>;
  series: Array<{ bucket: string; group: string | null; requests: number; errors: number; tokens: number; cost: number }>;
  elapsed_ms: number;
}

export interface Budget {
  id: string;
  scope: 'organization' | 'team' | 'key';
  scope_id: string;
  amount: number;
  period: string;
  thresholds: number[];
  webhook_url: string | null;
  period_start: string;
  spent: number;
  used: number;
  alerts_fired: Array<{ threshold: number; fired_at: string }>;
}

/** As `GET /api/v1/policies` returns it (the routing policy's own field names). */
export interface Policy {
  id: string;
  name: string;
  scope: 'organization' | 'team' | 'key';
  scope_id: string;
  allowedProviders: string[];
  deniedProviders: string[];
  allowedModels: string[];
  deniedModels: string[];
  allowedRegions: string[];
  denyDataTraining: boolean;
  denyDataRetention: boolean;
  requireZdr: boolean;
  maxPricePerMtok: number | null;
}

export interface Team {
  id: string;
  name: string;
  rate_limits: { requests_per_minute: number | null; tokens_per_minute: number | null; concurrent_requests: number | null };
  created_at: string;
}

export interface Member {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  joined_at?: string;
}

export interface Credential {
  provider_id: string;
  base_url: string | null;
  key_last_four: string;
  updated_at: string;
}

export interface AuditEntry {
  id: string;
  actor: string;
  action: string;
  targetType: string;
  targetId: string | null;
  before: unknown;
  after: unknown;
  created_at: string;
}

export interface EndpointHealth {
  id: string;
  provider: string;
  status: 'active' | 'disabled';
  breaker_open: boolean;
  pricing: { prompt: number; completion: number; cached_prompt: number | null; request: number };
  context_length: number;
  region: string | null;
  data_policy: { training: boolean; retains_prompts: boolean; zero_data_retention: boolean };
  latency_p50: number | null;
  latency_p95: number | null;
  tokens_per_second: number | null;
  uptime: number | null;
  requests: number;
  /** Measured over the last hour from real answers; shares in percent, null until measured. */
  fidelity: {
    answers: number;
    tool_calls: number;
    json_answers: number;
    streams: number;
    tool_call_adherence: number | null;
    json_schema_adherence: number | null;
    empty_answers: number | null;
    truncations: number | null;
    mid_stream_failures: number | null;
  };
}

export interface ModelWithEndpoints {
  id: string;
  name: string;
  context_length: number;
  endpoints: EndpointHealth[];
}

export interface Guardrail {
  id: string;
  name: string;
  scope: string;
  scope_id: string;
  enabled: boolean;
  prompt: Array<{ detector: string; name?: string; action: string }>;
  response: Array<{ name: string; words: string[]; patterns: string[]; action: string }>;
  created_at: string;
}

export interface AlertDestination {
  id: string;
  name: string;
  kind: 'webhook' | 'slack';
  url: string;
  signed: boolean;
  created_at: string;
}

export interface AlertRule {
  id: string;
  name: string;
  type: 'budget_threshold' | 'error_rate' | 'latency' | 'breaker_open';
  destination_ids: string[];
  endpoint_id: string | null;
  threshold: number | null;
  percentile: number | null;
  window_seconds: number;
  min_requests: number;
  enabled: boolean;
}

export interface AlertEvent {
  id: string;
  type: string;
  summary: string;
  data: Record<string, unknown>;
  created_at: string;
}
