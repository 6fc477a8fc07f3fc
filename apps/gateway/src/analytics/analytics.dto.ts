import { z } from 'zod';
import { requestStatusSchema } from '@alltokens/contracts';

const time = z.iso.datetime({ offset: true });

export const usageQuerySchema = z.object({
  from: time.optional(),
  to: time.optional(),
  bucket: z.enum(['1m', '1h', '1d']).default('1h'),
  group_by: z.enum(['none', 'key', 'team', 'model', 'provider']).default('none'),
  key_id: z.string().optional(),
  model: z.string().optional(),
});
export type UsageQuery = z.infer<typeof usageQuerySchema>;

export const requestLogQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().optional(),
  key_id: z.string().optional(),
  model: z.string().optional(),
  provider: z.string().optional(),
  status: requestStatusSchema.optional(),
  from: time.optional(),
  to: time.optional(),
});
export type RequestLogQuery = z.infer<typeof requestLogQuerySchema>;
