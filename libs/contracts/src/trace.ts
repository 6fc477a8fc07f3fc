import { z } from 'zod';

/** W3C trace context carried inside every job payload so one trace spans all services. */
export const traceCarrierSchema = z.object({
  traceparent: z.string().optional(),
  tracestate: z.string().optional(),
});
export type TraceCarrier = z.infer<typeof traceCarrierSchema>;
