import type { GuardrailSpec, PromptDetector, PromptRule } from '@alltokens/contracts';
import { findCardNumbers } from './detectors/card-number';
import { findEmails } from './detectors/email';
import { findIbans } from './detectors/iban';
import { findPhoneNumbers } from './detectors/phone';
import { findSecrets } from './detectors/secret';
import type { Span } from './detectors/span';
import { FindingTally, GuardrailBlockedError } from './findings';
import { SafePattern } from './safe-pattern';
import { SpanSet } from './span-set';

type BuiltIn = Exclude<PromptDetector, 'regex'>;

const BUILT_IN: Record<BuiltIn, (text: string) => Span[]> = {
  card_number: findCardNumbers,
  iban: findIbans,
  secret: findSecrets,
  email: findEmails,
  phone: findPhoneNumbers,
};
/** Where two matches overlap, the more specific detector keeps the text (a card number is not a phone number). */
const PRIORITY: PromptDetector[] = ['card_number', 'iban', 'secret', 'email', 'phone', 'regex'];

interface CompiledRule {
  guardrailId: string;
  guardrailName: string;
  name: string;
  detector: PromptDetector;
  action: PromptRule['action'];
  replacement: string;
  pattern?: SafePattern;
}

function compileRule(spec: GuardrailSpec, rule: PromptRule): CompiledRule {
  const name = rule.name ?? rule.detector;
  return {
    guardrailId: spec.id,
    guardrailName: spec.name,
    name,
    detector: rule.detector,
    action: rule.action,
    replacement: rule.replacement ?? `[${name.toUpperCase()}]`,
    pattern: rule.detector === 'regex' ? new SafePattern(rule.pattern!, rule.case_insensitive) : undefined,
  };
}

/**
 * The prompt rules of every guardrail that applies to a request. Each text is scanned once per
 * detector (linear in its length); a `block` match stops the request, `mask` matches are replaced.
 */
export class PromptGuard {
  private constructor(private readonly rules: CompiledRule[]) {}

  static compile(specs: GuardrailSpec[]): PromptGuard {
    const rules = specs.flatMap((spec) => spec.prompt.map((rule) => compileRule(spec, rule)));
    // Blocking rules first (a blocked request needs no masking), then masks by detector priority.
    rules.sort((a, b) => Number(a.action !== 'block') - Number(b.action !== 'block') || PRIORITY.indexOf(a.detector) - PRIORITY.indexOf(b.detector));
    return new PromptGuard(rules);
  }

  get empty(): boolean {
    return this.rules.length === 0;
  }

  /** Masks `text`, counting matches in `tally`; throws GuardrailBlockedError on a blocking match. */
  apply(text: string, tally: FindingTally): string {
    if (!text || !this.rules.length) return text;
    const found = new Map<PromptDetector, Span[]>();
    const spansOf = (rule: CompiledRule) => {
      if (rule.pattern) return rule.pattern.find(text);
      let spans = found.get(rule.detector);
      if (!spans) found.set(rule.detector, (spans = BUILT_IN[rule.detector as BuiltIn](text)));
      return spans;
    };
    const masks = new SpanSet<CompiledRule>();
    for (const rule of this.rules) {
      const spans = spansOf(rule);
      if (!spans.length) continue;
      if (rule.action === 'block') {
        tally.add(rule.guardrailId, rule.name, 'prompt', 'block', spans.length);
        throw new GuardrailBlockedError({ guardrailId: rule.guardrailId, guardrailName: rule.guardrailName, rule: rule.name, stage: 'prompt' });
      }
      let taken = 0;
      for (const span of spans) if (masks.take(span, rule)) taken += 1;
      if (taken) tally.add(rule.guardrailId, rule.name, 'prompt', 'mask', taken);
    }
    return masks.size ? masks.replaceIn(text, (rule) => rule.replacement) : text;
  }
}
