import { isAsciiAlnum, isAsciiLetter, type Span } from './span';

const MAX_LOCAL = 64;
const MAX_DOMAIN = 253;
const isLocalChar = (c: string | undefined) => isAsciiAlnum(c) || (c !== undefined && "._%+-'".includes(c));
const isDomainChar = (c: string | undefined) => isAsciiAlnum(c) || c === '.' || c === '-';

/**
 * Email addresses, found from each `@` outwards (so the scan stays linear): a local part of up to 64
 * characters and a domain with at least one dot and an alphabetic top-level label of two or more letters.
 */
export function findEmails(text: string): Span[] {
  const spans: Span[] = [];
  let from = 0;
  for (let at = text.indexOf('@', from); at !== -1; at = text.indexOf('@', from)) {
    from = at + 1;
    let start = at;
    while (start > 0 && at - start < MAX_LOCAL && isLocalChar(text[start - 1])) start -= 1;
    while (start < at && text[start] === '.') start += 1;
    let end = at + 1;
    while (end < text.length && end - at <= MAX_DOMAIN && isDomainChar(text[end])) end += 1;
    while (end > at + 1 && (text[end - 1] === '.' || text[end - 1] === '-')) end -= 1;
    if (start === at || !validDomain(text.slice(at + 1, end))) continue;
    spans.push({ start, end });
    from = end;
  }
  return spans;
}

function validDomain(domain: string): boolean {
  const labels = domain.split('.');
  if (labels.length < 2 || labels.some((label) => !label || label.startsWith('-'))) return false;
  const tld = labels[labels.length - 1]!;
  return tld.length >= 2 && [...tld].every(isAsciiLetter);
}
