import { z } from 'zod';
import { relayedFinishReason } from '../core/upstream-json';

/**
 * The fields of OpenAI's wire format AllTokens reads. Completions and chunks are relayed as the
 * provider sent them, so these schemas check only what the router relies on; everything else
 * passes through unchecked.
 */

const usage = z.object({
  prompt_tokens: z.number().optional(),
  completion_tokens: z.number().optional(),
  total_tokens: z.number().optional(),
  prompt_tokens_details: z.object({ cached_tokens: z.number().nullish() }).nullish(),
  completion_tokens_details: z.object({ reasoning_tokens: z.number().nullish() }).nullish(),
});

/** Compatible servers (DeepSeek, vLLM) name the reasoning text `reasoning_content`. */
const reasoningText = { reasoning: z.string().nullish(), reasoning_content: z.string().nullish() };

const toolCall = z.object({ id: z.string(), function: z.object({ name: z.string(), arguments: z.string() }) });

export const completionSchema = z.object({
  choices: z.array(
    z.object({
      message: z.object({ content: z.string().nullish(), tool_calls: z.array(toolCall).nullish(), ...reasoningText }),
      finish_reason: z.string().nullish(),
    }),
  ),
  usage: usage.nullish(),
});

const toolCallDelta = z.object({
  index: z.number(),
  id: z.string().nullish(),
  function: z.object({ name: z.string().nullish(), arguments: z.string().nullish() }).nullish(),
});

export const chunkSchema = z.object({
  choices: z.array(
    z.object({
      delta: z.object({ content: z.string().nullish(), tool_calls: z.array(toolCallDelta).nullish(), ...reasoningText }),
      finish_reason: z.string().nullish(),
    }),
  ),
  usage: usage.nullish(),
});

/** `{"error": {...}}`, in an error body or as a stream event; some compatible servers send a bare string. */
export const errorSchema = z.object({
  error: z.union([
    z.object({ message: z.string().nullish(), code: z.union([z.string(), z.number()]).nullish(), type: z.string().nullish() }),
    z.string(),
  ]),
});

export const embeddingsSchema = z.object({
  data: z.array(z.object({ index: z.number(), embedding: z.array(z.number()) })),
  usage: z.object({ prompt_tokens: z.number().optional() }).nullish(),
});

/** The legacy `/completions` API: choices carry `text`. Read into chat shape, so this one is parsed, not relayed. */
const textChoice = z.object({ index: z.number(), text: z.string(), finish_reason: relayedFinishReason.nullish() });
export const textCompletionSchema = z.object({
  id: z.string(),
  created: z.number(),
  model: z.string(),
  choices: z.array(textChoice),
  usage: z.object({ prompt_tokens: z.number(), completion_tokens: z.number(), total_tokens: z.number() }).loose().nullish(),
});
