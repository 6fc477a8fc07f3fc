import { z } from 'zod';

/** The parts of Anthropic's Messages API responses, stream events and error bodies the adapter reads. */

export const usageSchema = z.object({
  input_tokens: z.number().nullish(),
  output_tokens: z.number().nullish(),
  cache_creation_input_tokens: z.number().nullish(),
  cache_read_input_tokens: z.number().nullish(),
  output_tokens_details: z.object({ thinking_tokens: z.number().nullish() }).nullish(),
});
export type AnthropicUsage = z.output<typeof usageSchema>;

/** Content blocks by `type`; others (redacted thinking, server tool results...) are skipped. */
export const RESPONSE_BLOCKS = {
  text: z.object({ text: z.string() }),
  thinking: z.object({ thinking: z.string() }),
  tool_use: z.object({ id: z.string(), name: z.string(), input: z.unknown() }),
};

export const messageSchema = z.object({
  id: z.string().optional(),
  model: z.string().optional(),
  content: z.array(z.unknown()),
  stop_reason: z.string().nullish(),
  usage: usageSchema.nullish(),
});

/** Stream events by `type`; ping, content_block_stop and kinds added later carry nothing to translate. */
export const STREAM_EVENTS = {
  message_start: z.object({ message: z.object({ id: z.string(), model: z.string(), usage: usageSchema.nullish() }) }),
  content_block_start: z.object({
    index: z.number(),
    content_block: z.object({ type: z.string(), id: z.string().optional(), name: z.string().optional(), text: z.string().optional() }),
  }),
  content_block_delta: z.object({
    index: z.number(),
    delta: z.object({ type: z.string(), text: z.string().optional(), thinking: z.string().optional(), partial_json: z.string().optional() }),
  }),
  message_delta: z.object({ delta: z.object({ stop_reason: z.string().nullish() }).nullish(), usage: usageSchema.nullish() }),
  message_stop: z.object({}),
  error: z.object({ error: z.object({ type: z.string().nullish(), message: z.string().nullish() }).nullish() }),
};

/** `{"type":"error","error":{"type","message"}}`. */
export const errorSchema = z.object({ error: z.object({ type: z.string().nullish(), message: z.string().nullish() }) });
