const LOREM =
  'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et ' +
  'dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ' +
  'ea commodo consequat. Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu ' +
  'fugiat nulla pariatur. Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt ' +
  'mollit anim id est laborum. ';

const cache = new Map<number, string>();

/** Deterministic filler text of exactly `chars` characters. */
export function loremText(chars: number): string {
  let text = cache.get(chars);
  if (text === undefined) {
    text = LOREM.repeat(Math.ceil(chars / LOREM.length)).slice(0, chars);
    if (text.endsWith(' ')) text = `${text.slice(0, -1)}.`;
    if (cache.size > 64) cache.clear();
    cache.set(chars, text);
  }
  return text;
}

const WORDS = /\s*\S+\s*$|\s*\S+/g;
const JSON_TOKENS = /[A-Za-z0-9_]+|[^A-Za-z0-9_]+/g;

/**
 * Splits text into stream deltas: `pieces` near-equal slices, or (0) one per word with its leading
 * space, the way token deltas look. Concatenating the result always gives back `text`.
 */
export function splitText(text: string, pieces: number): string[] {
  if (text.length === 0) return [];
  if (pieces <= 0) return text.match(WORDS) ?? [text];
  const count = Math.min(pieces, text.length);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    out.push(text.slice(Math.floor((i * text.length) / count), Math.floor(((i + 1) * text.length) / count)));
  }
  return out;
}

/** Splits JSON text the way tool-call argument deltas arrive: words and runs of punctuation. */
export const splitJson = (text: string): string[] => text.match(JSON_TOKENS) ?? [];

/** Cuts `text` before the earliest stop sequence; undefined when none occurs. */
export function cutAtStop(text: string, stops: readonly string[]): string | undefined {
  let at = -1;
  for (const stop of stops) {
    const index = text.indexOf(stop);
    if (index !== -1 && (at === -1 || index < at)) at = index;
  }
  return at === -1 ? undefined : text.slice(0, at);
}
