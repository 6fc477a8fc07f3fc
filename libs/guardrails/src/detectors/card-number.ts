import { luhnValid } from './luhn';
import { isAsciiAlnum, isDigit, type Span } from './span';

const MIN_DIGITS = 13;
const MAX_DIGITS = 19;

/**
 * Payment card numbers: 13-19 digits, optionally grouped by single spaces or hyphens, standing alone
 * (no letter or digit around them) and passing the Luhn check, so order ids and phone numbers rarely match.
 */
export function findCardNumbers(text: string): Span[] {
  const spans: Span[] = [];
  let i = 0;
  while (i < text.length) {
    if (!isDigit(text[i]) || isAsciiAlnum(text[i - 1])) {
      i += 1;
      continue;
    }
    let digits = '';
    let k = i;
    while (k < text.length) {
      if (isDigit(text[k])) {
        digits += text[k];
        k += 1;
      } else if ((text[k] === ' ' || text[k] === '-') && isDigit(text[k + 1])) {
        k += 1;
      } else break;
    }
    if (digits.length >= MIN_DIGITS && digits.length <= MAX_DIGITS && !isAsciiAlnum(text[k]) && luhnValid(digits)) spans.push({ start: i, end: k });
    i = k;
  }
  return spans;
}
