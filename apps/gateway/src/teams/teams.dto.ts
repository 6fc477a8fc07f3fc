import { z } from 'zod';
import type { Team } from '@alltokens/db';

export const createTeamSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  org_id: z.string().min(1).optional(),
  rate_limits: z
    .strictObject({
      requests_per_minute: z.number().int().positive().optional(),
      tokens_per_minute: z.number().int().positive().optional(),
      concurrent_requests: z.number().int().positive().optional(),
    })
    .optional(),
});
export type CreateTeamInput = z.infer<typeof createTeamSchema>;

export const toTeamView = (team: Team) => ({
  id: team.id,
  org_id: team.orgId,
  name: team.name,
  rate_limits: { requests_per_minute: team.rateLimitRpm, tokens_per_minute: team.rateLimitTpm, concurrent_requests: team.maxConcurrency },
  created_at: team.createdAt.toISOString(),
});
