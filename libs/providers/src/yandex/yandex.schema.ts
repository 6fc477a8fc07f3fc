import { z } from 'zod';

/** The parts of the Foundation Models REST API's answers and errors the adapter reads. int64 fields arrive as decimal strings. */

const int64 = z.union([z.string(), z.number()]);

export const usageSchema = z.object({
  inputTextTokens: int64.optional(),
  completionTokens: int64.optional(),
  totalTokens: int64.optional(),
  completionTokensDetails: z.object({ reasoningTokens: int64.optional() }).optional(),
});
export type YandexUsage = z.output<typeof usageSchema>;

export const toolCallListSchema = z.object({
  toolCalls: z.array(z.object({ functionCall: z.object({ name: z.string(), arguments: z.record(z.string(), z.unknown()).optional() }) })),
});
export type YandexToolCallList = z.output<typeof toolCallListSchema>;

const alternative = z.object({
  message: z.object({ text: z.string().optional(), toolCallList: toolCallListSchema.optional() }).optional(),
  status: z.string().optional(),
});
export type YandexAlternative = z.output<typeof alternative>;

const result = z.object({ alternatives: z.array(alternative), usage: usageSchema.optional() });

/** A gRPC-gateway error: `grpcCode` (or, from plain gateways, `code`), `httpCode`, `message`. */
const yandexError = z.object({ grpcCode: z.number().optional(), code: z.number().optional(), httpCode: z.number().optional(), message: z.string().optional() });
export type YandexError = z.output<typeof yandexError>;

/** The non-streamed body is `{"result": {...}}`. */
export const completionSchema = z.object({ result });

/** Each stream line is a cumulative `{"result": ...}`, or `{"error": ...}`. */
export const streamLineSchema = z.object({ result: result.partial().optional(), error: yandexError.optional() });

/** `{"error": {...}}`, or the error fields at the top level. */
export const errorSchema = yandexError.extend({ error: yandexError.optional() });

export const embeddingSchema = z.object({ embedding: z.array(z.union([z.number(), z.string()])), numTokens: int64.optional() });
