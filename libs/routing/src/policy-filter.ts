import type { CatalogEndpoint } from '@alltokens/catalog';
import { ApiError, type RoutingPolicy } from '@alltokens/contracts';

const PER_MILLION = 1_000_000;

function violation(policy: RoutingPolicy, endpoint: CatalogEndpoint): string | null {
  if (policy.allowedProviders.length && !policy.allowedProviders.includes(endpoint.providerId)) return `provider ${endpoint.providerId} is not allowed`;
  if (policy.deniedProviders.includes(endpoint.providerId)) return `provider ${endpoint.providerId} is denied`;
  if (policy.allowedModels.length && !policy.allowedModels.includes(endpoint.modelId)) return `model ${endpoint.modelId} is not allowed`;
  if (policy.deniedModels.includes(endpoint.modelId)) return `model ${endpoint.modelId} is denied`;
  if (policy.allowedRegions.length && !policy.allowedRegions.includes(endpoint.region ?? 'unknown')) return `region ${endpoint.region ?? 'unknown'} is not allowed`;
  if (policy.denyDataTraining && endpoint.trainsOnData) return 'the provider trains on prompts';
  if (policy.denyDataRetention && endpoint.retainsData) return 'the provider retains prompts';
  if (policy.requireZdr && !endpoint.zeroDataRetention) return 'zero data retention is required';
  const cap = policy.maxPricePerMtok;
  if (cap !== null && Math.max(endpoint.pricing.prompt, endpoint.pricing.completion) * PER_MILLION > cap) return `price above $${cap} per million tokens`;
  return null;
}

/** The first policy (all must hold: the strictest wins) that forbids this endpoint, named in the reason. */
export function policyExclusion(policies: RoutingPolicy[]): ((endpoint: CatalogEndpoint) => string | null) | undefined {
  if (!policies.length) return undefined;
  return (endpoint) => {
    for (const policy of policies) {
      const reason = violation(policy, endpoint);
      if (reason) return `policy "${policy.name}" (${policy.scope}): ${reason}`;
    }
    return null;
  };
}

/** The 403 for a request some endpoint could serve, were it not for the caller's policies. */
export function policyDenied(policies: RoutingPolicy[], reasons: Iterable<string>): ApiError {
  return new ApiError(403, 'policy_denied', `No endpoint for this request satisfies your policies: ${[...reasons].join('; ')}`, 'model', {
    policies: policies.map((policy) => policy.name),
  });
}
