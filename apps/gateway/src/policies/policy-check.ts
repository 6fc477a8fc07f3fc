import type { Catalog } from '@alltokens/catalog';
import { ApiError, type ChatCompletionRequest, type RoutingPolicy } from '@alltokens/contracts';
import { policyExclusion, RoutePlanner } from '@alltokens/routing';

const NO_HEALTH = new Map();

/**
 * Refuses up front a request no endpoint can serve under the caller's policies, with a 403 naming the
 * policies that excluded the candidates (the router applies the same filter again when it routes).
 */
export function assertPolicyAllows(catalog: Catalog, request: ChatCompletionRequest, policies: RoutingPolicy[], legacyCompletion = false): void {
  const exclude = policyExclusion(policies);
  if (!exclude) return;
  const planner = new RoutePlanner(catalog);
  try {
    planner.plan({ request, health: NO_HEALTH, adapterExclusion: () => null, exclude, legacyCompletion });
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'no_endpoint_available') throw error;
    const plan = planner.plan({ request, health: NO_HEALTH, adapterExclusion: () => null, exclude: () => null, legacyCompletion });
    const reasons = [...new Set(plan.endpoints.map((endpoint) => exclude(endpoint)).filter((r): r is string => Boolean(r)))];
    throw new ApiError(403, 'policy_denied', `No endpoint for this request satisfies your policies: ${reasons.join('; ')}`, 'model', {
      policies: policies.map((policy) => policy.name),
    });
  }
}
