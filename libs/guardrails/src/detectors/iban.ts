import { isAsciiAlnum, isAsciiLetter, isDigit, type Span } from './span';

/** IBAN length per country (ISO 13616 registry). */
const IBAN_LENGTHS: Record<string, number> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28, CH: 21, CR: 22, CY: 28,
  CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23,
  GL: 18, GR: 27, GT: 28, HN: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28,
  LC: 32, LI: 21, LT: 20, LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28,
  NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24, SC: 31, SD: 18, SE: 24,
  SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20, YE: 30,
};

/** ISO 7064 mod 97-10 over the rearranged IBAN (country and check digits moved to the end): valid when 1. */
export function ibanChecksumValid(iban: string): boolean {
  const value = (iban.slice(4) + iban.slice(0, 4)).toUpperCase();
  let remainder = 0;
  for (const char of value) {
    if (isDigit(char)) remainder = (remainder * 10 + (char.charCodeAt(0) - 48)) % 97;
    else if (isAsciiLetter(char)) remainder = (remainder * 100 + (char.charCodeAt(0) - 55)) % 97;
    else return false;
  }
  return remainder === 1;
}

/**
 * IBANs: a known country code, two check digits and the country's exact length of letters and
 * digits (single spaces between groups allowed), standing alone and passing the mod-97 check.
 */
export function findIbans(text: string): Span[] {
  const spans: Span[] = [];
  for (let i = 0; i + 4 <= text.length; i += 1) {
    if (!isAsciiLetter(text[i]) || !isAsciiLetter(text[i + 1]) || !isDigit(text[i + 2]) || !isDigit(text[i + 3]) || isAsciiAlnum(text[i - 1])) continue;
    const length = IBAN_LENGTHS[text.slice(i, i + 2).toUpperCase()];
    if (!length) continue;
    let compact = '';
    let k = i;
    while (k < text.length && compact.length < length) {
      if (isAsciiAlnum(text[k])) compact += text[k++];
      else if (text[k] === ' ' && isAsciiAlnum(text[k + 1]) && compact.length > 0) k += 1;
      else break;
    }
    if (compact.length === length && !isAsciiAlnum(text[k]) && ibanChecksumValid(compact)) {
      spans.push({ start: i, end: k });
      i = k - 1;
    }
  }
  return spans;
}
