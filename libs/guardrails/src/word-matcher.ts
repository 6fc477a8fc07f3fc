import type { Span } from './detectors/span';
import { findAll } from './safe-pattern';

const WORD_CHAR = /[\p{L}\p{N}_]/u;
const isWordChar = (c: string | undefined): boolean => {
  if (c === undefined) return false;
  const code = c.charCodeAt(0);
  if (code < 128) return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
  return WORD_CHAR.test(c);
};
const escape = (word: string) => word.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Lowercases the text when that keeps every index in place (it does, except for a few letters like 'İ'). */
export function foldCase(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  let out = '';
  for (const c of text) out += c.toLowerCase().length === c.length ? c.toLowerCase() : c;
  return out;
}

/**
 * Whole-word matching of a deny-list: one alternation of the escaped words (longest first), whole-word
 * boundaries checked on each hit. Literal alternations never backtrack past one word per position.
 */
export class WordMatcher {
  private readonly regex: RegExp;
  readonly longest: number;

  constructor(
    words: string[],
    private readonly caseInsensitive: boolean,
  ) {
    const folded = [...new Set(words.map((word) => (caseInsensitive ? foldCase(word) : word)))].sort((a, b) => b.length - a.length);
    this.longest = folded[0]?.length ?? 0;
    this.regex = new RegExp(folded.map(escape).join('|'), 'g');
  }

  find(text: string): Span[] {
    const input = this.caseInsensitive ? foldCase(text) : text;
    const spans: Span[] = [];
    for (const span of findAll(this.regex, input)) {
      const startsWord = !(isWordChar(input[span.start - 1]) && isWordChar(input[span.start]));
      const endsWord = !(isWordChar(input[span.end - 1]) && isWordChar(input[span.end]));
      if (startsWord && endsWord) spans.push(span);
    }
    return spans;
  }
}
