import { countTokens, decode, encode } from 'gpt-tokenizer';

// Text is treated as text: a prompt containing "<|endoftext|>" must not throw.
const AS_TEXT = { disallowedSpecial: new Set<string>() };
const CACHE_LIMIT = 2048;
const cache = new Map<string, number>();

/**
 * o200k token count of `text`. Cached, because the simulator sends the same replies and sees the same
 * prompts over and over, and tokenizing 10 KB costs about a millisecond.
 */
export function tokenCount(text: string): number {
  if (text.length === 0) return 0;
  let count = cache.get(text);
  if (count === undefined) {
    count = countTokens(text, AS_TEXT);
    if (cache.size === CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(text, count);
  }
  return count;
}

/** The first `maxTokens` tokens of `text`, or undefined when it already fits. */
export function truncateToTokens(text: string, maxTokens: number): string | undefined {
  if (tokenCount(text) <= maxTokens) return undefined;
  return decode(encode(text, AS_TEXT).slice(0, maxTokens));
}
