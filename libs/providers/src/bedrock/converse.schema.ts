import { z } from 'zod';

/** The parts of Bedrock Runtime's answers the adapter reads: Converse, ConverseStream, InvokeModel embeddings, errors. */

export const usageSchema = z.object({
  inputTokens: z.number(),
  outputTokens: z.number(),
  cacheReadInputTokens: z.number().nullish(),
  cacheWriteInputTokens: z.number().nullish(),
});
export type ConverseUsage = z.output<typeof usageSchema>;

/** A content block is whichever one member it has; others (images, citations...) are skipped. */
const responseBlock = z.object({
  text: z.string().optional(),
  reasoningContent: z.object({ reasoningText: z.object({ text: z.string().nullish() }).nullish() }).optional(),
  toolUse: z.object({ toolUseId: z.string(), name: z.string(), input: z.unknown() }).optional(),
});

export const converseSchema = z.object({
  output: z.object({ message: z.object({ content: z.array(responseBlock) }) }),
  stopReason: z.string().optional(),
  usage: usageSchema.optional(),
});

/** ConverseStream payloads by `:event-type`; messageStart and contentBlockStop carry nothing to translate. */
export const STREAM_EVENTS = {
  contentBlockStart: z.object({
    contentBlockIndex: z.number(),
    start: z.object({ toolUse: z.object({ toolUseId: z.string(), name: z.string() }).optional() }).optional(),
  }),
  contentBlockDelta: z.object({
    contentBlockIndex: z.number(),
    delta: z.object({
      text: z.string().optional(),
      toolUse: z.object({ input: z.string() }).optional(),
      reasoningContent: z.object({ text: z.string().optional() }).optional(),
    }),
  }),
  messageStop: z.object({ stopReason: z.string().optional() }),
  metadata: z.object({ usage: usageSchema.optional() }),
};

/** Titan Text Embeddings: one vector per call. */
const titanEmbedding = z.object({ embedding: z.array(z.number()), inputTextTokenCount: z.number().optional() });
/** Cohere Embed: a list of float vectors, or (when `embedding_types` was sent) vectors by type. */
const cohereEmbeddings = z.object({ embeddings: z.union([z.array(z.array(z.number())), z.object({ float: z.array(z.array(z.number())) })]) });
export const embeddingsSchema = z.union([titanEmbedding, cohereEmbeddings]);

/** AWS's JSON error body; AWS's edge (authentication, authorization) capitalises `Message`. */
export const errorSchema = z.object({ message: z.string().nullish(), Message: z.string().nullish(), __type: z.string().nullish() });
