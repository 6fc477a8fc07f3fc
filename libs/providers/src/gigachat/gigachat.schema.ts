import { z } from 'zod';

/** The parts of GigaChat's answers (`/chat/completions`, `/embeddings`) and error bodies the adapter reads. */

/** A response message, or a stream delta. */
const reply = z.object({
  content: z.string().nullish(),
  /** An object, not a JSON string as in OpenAI's API. */
  function_call: z.object({ name: z.string(), arguments: z.record(z.string(), z.unknown()).optional() }).optional(),
  functions_state_id: z.string().optional(),
  reasoning_content: z.string().optional(),
});
export type GigaChatReply = z.output<typeof reply>;

export const usageSchema = z.object({
  prompt_tokens: z.number().optional(),
  completion_tokens: z.number().optional(),
  precached_prompt_tokens: z.number().optional(),
});
export type GigaChatUsage = z.output<typeof usageSchema>;

export const completionSchema = z.object({
  choices: z.array(z.object({ message: reply.optional(), index: z.number().optional(), finish_reason: z.string().optional() })),
  created: z.number().optional(),
  usage: usageSchema.optional(),
});

/** A stream event; an error event has `status` and `message` instead of `choices`. */
export const chunkSchema = z.object({
  choices: z.array(z.object({ delta: reply.optional(), index: z.number().optional(), finish_reason: z.string().optional() })).optional(),
  usage: usageSchema.optional(),
  status: z.number().optional(),
  message: z.string().optional(),
});

/** `{"status": 401, "message": "..."}`. */
export const errorSchema = z.object({ status: z.number().optional(), message: z.string().optional() });

export const embeddingsSchema = z.object({
  data: z.array(z.object({ embedding: z.array(z.number()), index: z.number(), usage: z.object({ prompt_tokens: z.number().optional() }).optional() })),
});
