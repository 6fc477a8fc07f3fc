import { isAsciiAlnum, isDigit, type Span } from './span';

const SEPARATORS = ' -.()';
const MAX_DIGITS = 15; // E.164

/**
 * Phone numbers: `+` and 8-15 digits (E.164, separators allowed), or 10-15 digits written with
 * separators as people write them (`(415) 555-0100`, `020 7946 0958`). Bare digit runs, dates and
 * dotted quads (IP addresses) are not phone numbers.
 */
export function findPhoneNumbers(text: string): Span[] {
  const spans: Span[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const opens = c === '+' || c === '(' ? isDigit(text[i + 1]) : isDigit(c);
    if (!opens || isAsciiAlnum(text[i - 1])) {
      i += 1;
      continue;
    }
    let digits = 0;
    let k = c === '+' ? i + 1 : i;
    let end = k;
    while (k < text.length && digits <= MAX_DIGITS) {
      const d = text[k]!;
      if (isDigit(d)) {
        digits += 1;
        end = k + 1;
      } else if (!SEPARATORS.includes(d) || (d === ' ' && text[k - 1] === ' ')) break;
      k += 1;
    }
    if (digits >= 8 && digits <= MAX_DIGITS && !isAsciiAlnum(text[end]) && isPhone(text.slice(i, end), c === '+', digits)) {
      spans.push({ start: i, end });
      i = end;
    } else i = Math.max(end, i + 1);
  }
  return spans;
}

function isPhone(candidate: string, international: boolean, digits: number): boolean {
  if (digits > MAX_DIGITS) return false;
  if (international) return digits >= 8;
  if (digits < 10 || !/[^0-9]/.test(candidate)) return false;
  const groups = candidate.split(/[^0-9]+/).filter(Boolean);
  const dottedQuad = /^[\d.]+$/.test(candidate) && groups.length === 4 && groups.every((g) => g.length <= 3);
  return !dottedQuad;
}
