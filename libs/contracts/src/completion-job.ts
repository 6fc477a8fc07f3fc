import { z } from 'zod';
import { chatCompletionRequestSchema } from './openai/chat-request.schema';
import { routingPolicySchema } from './policy';
import { traceCarrierSchema } from './trace';

export const COMPLETION_JOB_VERSION = 1;

export const callerSchema = z.object({
  keyId: z.string(),
  orgId: z.string(),
});
export type Caller = z.infer<typeof callerSchema>;

/** Job on the `completions` queue: one client request for the router to serve. */
export const completionJobSchema = z.object({
  v: z.literal(COMPLETION_JOB_VERSION),
  requestId: z.string().min(1),
  /** Redis pub/sub channel of the gateway instance waiting for the reply. */
  replyTo: z.string().min(1),
  trace: traceCarrierSchema,
  caller: callerSchema,
  receivedAt: z.number().int(),
  /** Epoch ms after which the gateway has given up; the router must not start work past it. */
  deadlineAt: z.number().int(),
  kind: z.literal('chat'),
  request: chatCompletionRequestSchema,
  /** The caller's policies (organisation, team, key); the router excludes endpoints any of them forbids. */
  policies: z.array(routingPolicySchema).default([]),
});
export type CompletionJob = z.infer<typeof completionJobSchema>;
export type CompletionJobInput = z.input<typeof completionJobSchema>;
