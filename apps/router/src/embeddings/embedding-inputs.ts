import type { EmbeddingsApiRequest } from '@alltokens/contracts';

type Decoder = (tokens: number[]) => string;
let decodeCl100k: Decoder | undefined;

/**
 * The request's input as texts. Token arrays (LangChain's OpenAIEmbeddings sends cl100k ids) are
 * decoded back to text, so every provider, not only OpenAI, can serve them.
 */
export function embeddingInputs(input: EmbeddingsApiRequest['input']): string[] {
  if (typeof input === 'string') return [input];
  if (input.length === 0) return [];
  if (typeof input[0] === 'string') return input as string[];
  decodeCl100k ??= (require('gpt-tokenizer/encoding/cl100k_base') as { decode: Decoder }).decode;
  if (typeof input[0] === 'number') return [decodeCl100k(input as number[])];
  return (input as number[][]).map((tokens) => decodeCl100k!(tokens));
}

/** OpenAI's `encoding_format: "base64"`: little-endian float32 bytes, base64-encoded. */
export function toBase64Floats(vector: number[]): string {
  return Buffer.from(new Float32Array(vector).buffer).toString('base64');
}
