import { z } from 'zod';

const tokenArray = z.array(z.number().int().nonnegative()).min(1);

/** OpenAI's embeddings request: text, a list of texts, or token arrays (as LangChain sends them). */
export const embeddingsRequestSchema = z.looseObject({
  model: z.string().min(1),
  input: z.union([
    z.string().min(1, 'input must not be empty'),
    z.array(z.string().min(1, 'input texts must not be empty')).min(1).max(2048),
    tokenArray,
    z.array(tokenArray).min(1).max(2048),
  ]),
  encoding_format: z.enum(['float', 'base64']).optional(),
  dimensions: z.number().int().positive().optional(),
  user: z.string().optional(),
});

export type EmbeddingsApiRequest = z.infer<typeof embeddingsRequestSchema>;

export interface EmbeddingsApiResponse {
  object: 'list';
  data: Array<{ object: 'embedding'; index: number; embedding: number[] | string }>;
  model: string;
  provider?: string;
  id?: string;
  usage: { prompt_tokens: number; total_tokens: number; cost?: number };
}
