import { z } from 'zod';

/** The parts of Cohere's v2 Chat and Embed answers and error bodies the adapter reads. */

export const usageSchema = z.object({
  billed_units: z.object({ input_tokens: z.number().optional(), output_tokens: z.number().optional() }).optional(),
  tokens: z.object({ input_tokens: z.number().optional(), output_tokens: z.number().optional() }).optional(),
  cached_tokens: z.number().optional(),
});
export type CohereUsage = z.output<typeof usageSchema>;

/** Text and thinking content blocks; others (documents, images...) are skipped. */
const content = z.object({ type: z.string(), text: z.string().optional(), thinking: z.string().optional() });

const toolCall = z.object({ id: z.string(), function: z.object({ name: z.string(), arguments: z.string().optional() }) });

export const chatResponseSchema = z.object({
  id: z.string().optional(),
  finish_reason: z.string().optional(),
  message: z.object({ content: z.array(content).optional(), tool_plan: z.string().optional(), tool_calls: z.array(toolCall).optional() }),
  usage: usageSchema.optional(),
});

const streamToolCall = z.object({ id: z.string().optional(), function: z.object({ name: z.string().optional(), arguments: z.string().optional() }).optional() });

/** Stream events by `type`; content-end, tool-call-end, citations and debug events carry nothing a client needs. */
const withMessage = <T extends z.ZodRawShape>(message: T) => ({ delta: z.object({ message: z.object(message).optional() }).optional() });
const contentDelta = z.object(withMessage({ content: z.object({ text: z.string().optional(), thinking: z.string().optional() }).optional() }));
const toolCallDelta = z.object({ index: z.number().optional(), ...withMessage({ tool_calls: streamToolCall.optional() }) });
export const STREAM_EVENTS = {
  'message-start': z.object({ id: z.string().optional() }),
  'content-start': contentDelta,
  'content-delta': contentDelta,
  'tool-plan-delta': z.object(withMessage({ tool_plan: z.string().optional() })),
  'tool-call-start': toolCallDelta,
  'tool-call-delta': toolCallDelta,
  'message-end': z.object({
    delta: z.object({ finish_reason: z.string().optional(), usage: usageSchema.optional(), error: z.string().optional() }).optional(),
  }),
};

/** An error body sent as an event, without a `type`. */
export const streamErrorSchema = z.object({ message: z.string().optional() });

/** Cohere's error bodies carry only `{id, message}`. */
export const errorSchema = z.object({ message: z.string().nullish() });

export const embedResponseSchema = z.object({
  embeddings: z.object({ float: z.array(z.array(z.number())) }),
  meta: z.object({ billed_units: z.object({ input_tokens: z.number().optional() }).optional() }).optional(),
});
