import { z } from 'zod';

/** The parts of Google's `GenerateContent` answers (AI Studio v1beta and Vertex AI v1), embeddings and errors the adapter reads. */

/** A part is text (maybe thinking) or a function call; others (inline data, code execution...) are skipped. */
const responsePart = z.object({
  text: z.string().optional(),
  thought: z.boolean().optional(),
  functionCall: z.object({ id: z.string().optional(), name: z.string(), args: z.record(z.string(), z.unknown()).optional() }).optional(),
});
export type GeminiResponsePart = z.output<typeof responsePart>;

export const usageSchema = z.object({
  promptTokenCount: z.number().optional(),
  candidatesTokenCount: z.number().optional(),
  toolUsePromptTokenCount: z.number().optional(),
  thoughtsTokenCount: z.number().optional(),
  cachedContentTokenCount: z.number().optional(),
});
export type GeminiUsage = z.output<typeof usageSchema>;

const googleError = z.object({ code: z.number().nullish(), message: z.string().nullish(), status: z.string().nullish() });

/** A `GenerateContentResponse`; in a stream, each event is one (or Google's error envelope). */
export const responseSchema = z.object({
  candidates: z.array(z.object({ content: z.object({ parts: z.array(responsePart).optional() }).optional(), finishReason: z.string().optional() })).optional(),
  promptFeedback: z.object({ blockReason: z.string().optional() }).optional(),
  usageMetadata: usageSchema.optional(),
  modelVersion: z.string().optional(),
  responseId: z.string().optional(),
  error: googleError.optional(),
});
export type GeminiResponse = z.output<typeof responseSchema>;

/** Google's error envelope (`google.rpc.Status` in JSON); a non-SSE stream wraps it in an array. */
const errorEnvelope = z.object({ error: googleError });
export const errorSchema = z.union([errorEnvelope, z.tuple([errorEnvelope], z.unknown())]);

/** AI Studio's `batchEmbedContents`. */
export const batchEmbeddingsSchema = z.object({ embeddings: z.array(z.object({ values: z.array(z.number()).optional() })) });

/** Vertex AI's `predict` for embedding models. */
export const predictionsSchema = z.object({
  predictions: z.array(
    z.object({ embeddings: z.object({ values: z.array(z.number()).optional(), statistics: z.object({ token_count: z.number().optional() }).optional() }).optional() }),
  ),
});
