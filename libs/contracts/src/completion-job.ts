import { z } from 'zod';
import { chatCompletionRequestSchema } from './openai/chat-request.schema';
import { JobName } from './job-names';
import { embeddingsRequestSchema } from './openai/embeddings.schema';
import { guardrailFindingSchema, guardrailSpecSchema } from './guardrails';
import { routingPolicySchema } from './policy';
import { traceCarrierSchema } from './trace';

export const COMPLETION_JOB_VERSION = 1 as const;

export const callerSchema = z.object({
  keyId: z.string(),
  orgId: z.string(),
  /** Attribution carried to the ledger: the request's tags (`name:value`, the key's included) and OpenAI's `user`. */
  tags: z.array(z.string()).default([]),
  endUser: z.string().nullable().default(null),
  /** The gateway holds a budget reservation for the request: analytics settles only those (older gateways: always). */
  budgetReserved: z.boolean().default(true),
});
export type Caller = z.infer<typeof callerSchema>;

const jobEnvelope = {
  v: z.literal(COMPLETION_JOB_VERSION),
  requestId: z.string().min(1),
  /** Redis pub/sub channel of the gateway instance waiting for the reply. */
  replyTo: z.string().min(1),
  trace: traceCarrierSchema,
  caller: callerSchema,
  receivedAt: z.number().int(),
  /** Epoch ms after which the gateway has given up; the router must not start work past it. */
  deadlineAt: z.number().int(),
  /** The caller's policies (organisation, team, key); the router excludes endpoints any of them forbids. */
  policies: z.array(routingPolicySchema).default([]),
  /** The key's setting: a stream broken after its first byte may be continued on another endpoint (unless the request says no). */
  streamContinuation: z.boolean().default(true),
  /** The organisation's own provider keys (BYOK), still sealed: they are opened only in the router, per attempt. */
  credentials: z.record(z.string(), z.object({ sealed: z.string(), baseUrl: z.string().nullable() })).default({}),
  /** Guardrails: the findings of the prompt rules (applied by the gateway) and the response rules the router applies. */
  guardrails: z
    .object({ findings: z.array(guardrailFindingSchema).default([]), response: z.array(guardrailSpecSchema).default([]) })
    .default({ findings: [], response: [] }),
};

/** Job on the `completions` queue: one chat request for the router to serve. */
export const chatJobSchema = z.object({
  ...jobEnvelope,
  kind: z.literal(JobName.Chat),
  request: chatCompletionRequestSchema,
  /** Set for legacy `/completions`: the raw prompt, sent as it is to text-completion models. */
  legacyPrompt: z.string().optional(),
});
/** Job on the `completions` queue: one embeddings request. */
export const embeddingsJobSchema = z.object({ ...jobEnvelope, kind: z.literal(JobName.Embeddings), request: embeddingsRequestSchema });

/** Where a completions job's reply goes: read from a payload that failed validation, to tell the waiting client. */
export const replyAddressSchema = z.object({ requestId: jobEnvelope.requestId, replyTo: jobEnvelope.replyTo });

/** A chat job as the router reads it. */
export type CompletionJob = z.infer<typeof chatJobSchema>;
export type EmbeddingsJob = z.infer<typeof embeddingsJobSchema>;
/** Either job of the `completions` queue. */
export type RouterJob = CompletionJob | EmbeddingsJob;
