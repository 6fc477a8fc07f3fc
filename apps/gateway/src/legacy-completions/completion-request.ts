import { z } from 'zod';
import { ApiError, chatCompletionRequestSchema, type ChatCompletionRequest } from '@alltokens/contracts';

/** OpenAI's legacy `POST /completions` request. Unknown fields pass through like chat (routing extras). */
export const legacyCompletionRequestSchema = z.looseObject({
  model: z.string().min(1),
  prompt: z.union([z.string(), z.array(z.string()).length(1, 'AllTokens accepts one prompt per request')]),
  suffix: z.string().nullish(),
  max_tokens: z.number().int().positive().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  n: z.number().int().min(1).max(128).nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().optional() }).nullish(),
  logprobs: z.number().int().min(0).max(5).nullish(),
  echo: z.boolean().nullish(),
  stop: z.union([z.string(), z.array(z.string()).max(4)]).nullish(),
  presence_penalty: z.number().min(-2).max(2).nullish(),
  frequency_penalty: z.number().min(-2).max(2).nullish(),
  best_of: z.number().int().min(1).max(20).nullish(),
  logit_bias: z.record(z.string(), z.number()).nullish(),
  seed: z.number().int().nullish(),
  user: z.string().optional(),
});
export type LegacyCompletionRequest = z.infer<typeof legacyCompletionRequestSchema>;

/** OpenAI's default for the legacy endpoint. */
const LEGACY_DEFAULT_MAX_TOKENS = 16;
const LEGACY_ONLY = ['prompt', 'suffix', 'logprobs', 'echo', 'best_of', 'max_tokens'] as const;

/** The prompt as one user turn; the rest of the request carries over unchanged. */
export function toChatRequest(request: LegacyCompletionRequest): ChatCompletionRequest {
  if (request.suffix) throw new ApiError(400, 'unsupported_parameter', '`suffix` (insertion) is not supported: chat models cannot complete in the middle', 'suffix');
  if (request.logprobs) throw new ApiError(400, 'unsupported_parameter', '`logprobs` is not supported on /completions; use /chat/completions with `logprobs: true`', 'logprobs');
  if ((request.best_of ?? 1) > 1) throw new ApiError(400, 'unsupported_parameter', '`best_of` greater than 1 is not supported', 'best_of');
  const prompt = typeof request.prompt === 'string' ? request.prompt : request.prompt[0]!;
  const chat: Record<string, unknown> = { ...request };
  for (const name of LEGACY_ONLY) delete chat[name];
  chat.messages = [{ role: 'user', content: prompt }];
  chat.max_tokens = request.max_tokens ?? LEGACY_DEFAULT_MAX_TOKENS;
  return chatCompletionRequestSchema.parse(chat);
}
