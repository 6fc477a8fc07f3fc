import type { CatalogEndpoint } from '@alltokens/catalog';
import type { Objective } from '@alltokens/contracts';

export type RouteMode = 'model' | 'provider' | 'fixed';
export type DecisionReason =
  | 'router_auto'
  | 'cheapest_under_budget'
  | 'fastest_available'
  | 'balanced_best_match'
  | 'fixed_model'
  | 'provider_fallback';

/** Every endpoint considered, and what became of it (for `/route/explain`). */
export interface CandidateReport {
  endpointId: string;
  modelId: string;
  providerId: string;
  excluded: string | null;
  rank: number | null;
  score: number | null;
  costPer1k: number;
  breakerOpen: boolean;
  /** Measured fidelity for this request (0-1, see fidelityScore), null when nothing measured counts yet. */
  fidelity: number | null;
  /** Ranked lower (or kept only as a last resort) because of its measured fidelity. */
  demotedByFidelity: boolean;
}

export interface RoutePlan {
  mode: RouteMode;
  decisionReason: DecisionReason;
  objective: Objective | null;
  /** Endpoints to try, in order. */
  endpoints: CatalogEndpoint[];
  reports: CandidateReport[];
}

export const REASON_BY_OBJECTIVE: Record<Objective, DecisionReason> = {
  balanced: 'balanced_best_match',
  cheapest: 'cheapest_under_budget',
  fastest: 'fastest_available',
  best: 'router_auto',
};

/** How a request was routed, as its headers, its body's `alltokens_route`, its route record and the ledger all state it. */
export interface RouteDecision {
  mode: RouteMode;
  decisionReason: DecisionReason;
}

/** Embeddings go to the endpoints of the model asked for. */
export const EMBEDDINGS_ROUTE: RouteDecision = { mode: 'fixed', decisionReason: 'fixed_model' };

/** The decision once an endpoint answered after `failedAttempts` failed ones: the plan's, or `provider_fallback`. */
export function servedRoute(planned: RouteDecision, failedAttempts: number): RouteDecision {
  return failedAttempts > 0 ? { mode: planned.mode, decisionReason: 'provider_fallback' } : { mode: planned.mode, decisionReason: planned.decisionReason };
}
