import type { CatalogEndpoint } from '@alltokens/catalog';
import type { Objective } from './model-spec';

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
