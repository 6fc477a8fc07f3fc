import { setFlagsFromString } from 'node:v8';
import type { Span } from './detectors/span';

// Operator-supplied patterns must not take super-linear time on any input (ReDoS). V8 has a
// linear-time engine (the `l` flag) without backreferences, lookarounds, `i`/`u` flags or counted
// repetitions above 16: a pattern is accepted only if that engine can run it. It then runs on the
// fast backtracking engine, which hands a regexp over to the linear one once it backtracks past
// 50,000 steps. Both flags are process-wide; the second protects every regexp of the process.
setFlagsFromString('--enable-experimental-regexp-engine');
setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');

export class UnsafePatternError extends Error {
  constructor(
    readonly pattern: string,
    reason: string,
  ) {
    super(`Pattern '${pattern}' is not accepted: ${reason}`);
    this.name = 'UnsafePatternError';
  }
}

/** An operator-supplied pattern that runs in linear time; `caseInsensitive` folds ASCII letters of the text (write it in lowercase). */
export class SafePattern {
  private readonly regex: RegExp;

  constructor(
    readonly source: string,
    readonly caseInsensitive = false,
  ) {
    try {
      new RegExp(source, 'l');
    } catch (error) {
      const message = (error as Error).message;
      const reason = message.includes('linear time')
        ? 'it needs backtracking (backreferences, lookarounds and counted repetitions above 16 are not supported)'
        : message.replace(/^Invalid regular expression: /, '');
      throw new UnsafePatternError(source, reason);
    }
    if (new RegExp(`^(?:${source})$`, 'l').test('')) throw new UnsafePatternError(source, 'it matches empty text');
    this.regex = new RegExp(source, 'g');
  }

  /** Every non-empty match, left to right, not overlapping. */
  find(text: string): Span[] {
    return findAll(this.regex, this.caseInsensitive ? foldAscii(text) : text);
  }
}

/** Non-empty matches of a global regexp. */
export function findAll(regex: RegExp, text: string): Span[] {
  const spans: Span[] = [];
  regex.lastIndex = 0;
  for (let match = regex.exec(text); match; match = regex.exec(text)) {
    if (match[0].length === 0) regex.lastIndex += 1;
    else spans.push({ start: match.index, end: match.index + match[0].length });
  }
  return spans;
}

/** Lowercases A-Z only, so every index of the result is the same character position in `text`. */
export function foldAscii(text: string): string {
  return /[A-Z]/.test(text) ? text.replace(/[A-Z]+/g, (run) => run.toLowerCase()) : text;
}

/** Checks a pattern without keeping it; throws UnsafePatternError naming what is wrong. */
export function assertSafePattern(source: string): void {
  new SafePattern(source);
}
