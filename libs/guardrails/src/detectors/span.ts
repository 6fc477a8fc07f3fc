/** A match in a text: [start, end) in UTF-16 code units. */
export interface Span {
  start: number;
  end: number;
}

export const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
export const isAsciiLetter = (c: string | undefined): boolean => c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
export const isAsciiAlnum = (c: string | undefined): boolean => isDigit(c) || isAsciiLetter(c);
