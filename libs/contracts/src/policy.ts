import { z } from 'zod';

/** One policy as the router applies it; a request obeys every policy of its key, team and organisation. */
export const routingPolicySchema = z.object({
  id: z.string(),
  name: z.string(),
  scope: z.enum(['organization', 'team', 'key']),
  allowedProviders: z.array(z.string()).default([]),
  deniedProviders: z.array(z.string()).default([]),
  allowedModels: z.array(z.string()).default([]),
  deniedModels: z.array(z.string()).default([]),
  allowedRegions: z.array(z.string()).default([]),
  denyDataTraining: z.boolean().default(false),
  denyDataRetention: z.boolean().default(false),
  requireZdr: z.boolean().default(false),
  /** USD per million tokens, applied to prompt and completion prices. */
  maxPricePerMtok: z.number().nonnegative().nullable().default(null),
});
export type RoutingPolicy = z.infer<typeof routingPolicySchema>;
