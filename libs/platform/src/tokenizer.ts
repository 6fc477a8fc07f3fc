import type * as Tokenizer from 'gpt-tokenizer';

// Loaded on first use: its encoding tables cost ~70 MB of RSS, and most requests never count tokens.
let tokenizer: typeof Tokenizer | undefined;

/** Tokens in `text` by OpenAI's o200k encoding (gpt-tokenizer). */
export function countTokens(text: string): number {
  tokenizer ??= require('gpt-tokenizer') as typeof Tokenizer;
  return text ? tokenizer.encode(text).length : 0;
}
