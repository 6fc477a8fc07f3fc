import type { GuardrailSpec, ResponseRule } from '@alltokens/contracts';
import type { Span } from './detectors/span';
import { FindingTally, type BlockedBy } from './findings';
import { SafePattern } from './safe-pattern';
import { SpanSet } from './span-set';
import { WordMatcher } from './word-matcher';

interface CompiledRule {
  guardrailId: string;
  guardrailName: string;
  name: string;
  action: ResponseRule['action'];
  replacement: string;
  words: WordMatcher | null;
  patterns: SafePattern[];
}

/** How far back a stream's deny-list looks across chunk boundaries for patterns (words: their own length). */
const STREAM_PATTERN_WINDOW = 1024;

function compileRule(spec: GuardrailSpec, rule: ResponseRule): CompiledRule {
  return {
    guardrailId: spec.id,
    guardrailName: spec.name,
    name: rule.name,
    action: rule.action,
    replacement: rule.replacement ?? '[REDACTED]',
    words: rule.words.length ? new WordMatcher(rule.words, rule.case_insensitive) : null,
    patterns: rule.patterns.map((pattern) => new SafePattern(pattern, rule.case_insensitive)),
  };
}

const spansOf = (rule: CompiledRule, text: string): Span[] => [...(rule.words?.find(text) ?? []), ...rule.patterns.flatMap((p) => p.find(text))];
const blockedBy = (rule: CompiledRule): BlockedBy => ({ guardrailId: rule.guardrailId, guardrailName: rule.guardrailName, rule: rule.name, stage: 'response' });

export interface CheckedText {
  text: string;
  blocked: BlockedBy | null;
}

/** The response deny-lists of every guardrail that applies to a request. */
export class ResponseGuard {
  private constructor(private readonly rules: CompiledRule[]) {}

  static compile(specs: GuardrailSpec[]): ResponseGuard {
    return new ResponseGuard(specs.flatMap((spec) => spec.response.map((rule) => compileRule(spec, rule))));
  }

  get empty(): boolean {
    return this.rules.length === 0;
  }

  /** A whole response: the first `block` rule that matches refuses it, `redact` matches are replaced. */
  check(text: string, tally: FindingTally): CheckedText {
    if (!text || !this.rules.length) return { text, blocked: null };
    const redactions = new SpanSet<CompiledRule>();
    for (const rule of [...this.rules].sort((a, b) => Number(a.action !== 'block') - Number(b.action !== 'block'))) {
      const spans = spansOf(rule, text);
      if (!spans.length) continue;
      if (rule.action === 'block') {
        tally.add(rule.guardrailId, rule.name, 'response', 'block', spans.length);
        return { text, blocked: blockedBy(rule) };
      }
      let taken = 0;
      for (const span of spans) if (redactions.take(span, rule)) taken += 1;
      if (taken) tally.add(rule.guardrailId, rule.name, 'response', 'redact', taken);
    }
    return { text: redactions.size ? redactions.replaceIn(text, (rule) => rule.replacement) : text, blocked: null };
  }

  /**
   * A stream's watcher: each delta is checked with the text just before it, before it is sent. Text
   * already sent cannot be redacted, so in a stream any match (block or redact rule) stops it.
   */
  watch(tally: FindingTally): StreamWatch {
    const patterns = this.rules.some((rule) => rule.patterns.length > 0);
    const longestWord = Math.max(0, ...this.rules.map((rule) => rule.words?.longest ?? 0));
    return new StreamWatch(this.rules, tally, Math.max(longestWord, patterns ? STREAM_PATTERN_WINDOW : 0));
  }
}

export class StreamWatch {
  private tail = '';

  constructor(
    private readonly rules: CompiledRule[],
    private readonly tally: FindingTally,
    private readonly window: number,
  ) {}

  /** Returns the rule that matched the text ending with `delta`, or null when it may be sent. */
  push(delta: string): BlockedBy | null {
    if (!delta || !this.rules.length) return null;
    const text = this.tail + delta;
    for (const rule of this.rules) {
      // Only matches reaching into the new text: earlier ones would have stopped the stream already.
      const spans = spansOf(rule, text).filter((span) => span.end > this.tail.length);
      if (spans.length) {
        this.tally.add(rule.guardrailId, rule.name, 'response', 'block', spans.length);
        return blockedBy(rule);
      }
    }
    this.tail = text.slice(Math.max(0, text.length - this.window));
    return null;
  }
}
