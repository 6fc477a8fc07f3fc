import { ApiError, type ChatCompletionRequest } from '@alltokens/contracts';

/** OpenRouter's sampling parameters beyond OpenAI's. The gateway passes them through unchecked: a non-number is ignored. */
export interface OpenRouterSampling {
  top_k?: number;
  repetition_penalty?: number;
}

/** OpenAI fields the gateway passes through without a schema; only OpenAI-format APIs take them. */
export interface OpenAiExtras {
  service_tier?: unknown;
  modalities?: unknown;
  audio?: unknown;
  prediction?: unknown;
  verbosity?: unknown;
  prompt_cache_key?: unknown;
  safety_identifier?: unknown;
}

const OPENROUTER_NUMBERS: ReadonlySet<string> = new Set<keyof OpenRouterSampling>(['top_k', 'repetition_penalty']);

/** The request's declared fields (its index signature of pass-through extras left out). */
type Declared<T> = { [K in keyof T as string extends K ? never : K]: T[K] };

/** What a chat parameter table reads: OpenAI's request fields (declared and passed-through) and OpenRouter's sampling extras. */
export type ChatParameters = Declared<ChatCompletionRequest> & OpenAiExtras & OpenRouterSampling;

/** The sampling parameters every chat adapter's table accounts for: sent (somehow), dropped or refused. */
export const COMMON_PARAMETERS = [
  'max_tokens',
  'max_completion_tokens',
  'temperature',
  'top_p',
  'top_k',
  'stop',
  'frequency_penalty',
  'presence_penalty',
  'repetition_penalty',
  'seed',
  'n',
  'user',
  'logit_bias',
  'logprobs',
  'top_logprobs',
] as const satisfies ReadonlyArray<keyof ChatParameters>;

/** The output-token limit under either of OpenAI's names; the newer `max_completion_tokens` wins. */
export const OUTPUT_LIMIT = ['max_completion_tokens', 'max_tokens'] as const;

type Name<P> = Extract<keyof P, string>;
type ValueOf<P, F> = F extends readonly (infer N)[] ? NonNullable<P[N & keyof P]> : NonNullable<P[F & keyof P]>;

/** A parameter the provider takes, possibly under another name, nested, clamped or respelled. */
export interface MappedParameter<P, S, F> {
  /** The request field read; of a list, the first one the request sets. */
  from: F;
  /** Where the value goes in the provider's body; dots nest (`generationConfig.topP`). A later rule writing the same place wins. */
  to: string;
  /** The provider's range: a number outside it is clamped into it (OpenAI's 0..2 temperature → 0..1). */
  min?: number;
  max?: number;
  /** Sent only when this holds (Claude takes no sampling changes while thinking). */
  when?: (state: S, request: P) => boolean;
  /** The provider's spelling of the value; `undefined` sends nothing. */
  transform?: (value: ValueOf<P, F>, request: P, state: S) => unknown;
  /** The value sent when the request sets none; `undefined` sends nothing. */
  default?: (request: P, state: S) => unknown;
  /** For the docs: what else happens to the value. */
  note?: string;
}

/** Parameters the provider has no counterpart for: not sent, as OpenRouter does. Listed in docs/providers.md. */
export interface DroppedParameters<P> {
  drop: readonly Name<P>[];
}

/** A parameter the provider cannot honour: a request that sets it (to a value not accepted) gets a 400 naming it. */
export interface RefusedParameter<P, F extends Name<P>> {
  refuse: F;
  /** The values that are fine (`n: 1`); without it, any value is refused. */
  accepts?: (value: NonNullable<P[F]>) => boolean;
  message: string;
}

/** One row of a provider's parameter table; `from`/`refuse` narrow the value types of the functions. */
export type ParameterRule<P, S = void> =
  | { [K in Name<P>]: MappedParameter<P, S, K> | RefusedParameter<P, K> }[Name<P>]
  | (typeof OUTPUT_LIMIT extends readonly Name<P>[] ? MappedParameter<P, S, typeof OUTPUT_LIMIT> : never)
  | DroppedParameters<P>;

/** What a table does with one parameter, for the docs. */
export type ParameterFate =
  | { name: string; fate: 'sent'; to: string; min?: number; max?: number; note?: string }
  | { name: string; fate: 'dropped' }
  | { name: string; fate: 'refused'; message: string };

/** Anything that can say what it does with each parameter (every chat adapter, for docs/providers.md). */
export interface ParameterDocs {
  describe(): ParameterFate[];
}

interface CompiledMapping {
  sources: readonly string[];
  path: readonly string[];
  rule: MappedParameter<unknown, unknown, never>;
}

type Step = { kind: 'map'; mapping: CompiledMapping } | { kind: 'refuse'; name: string; rule: RefusedParameter<unknown, never> };

/**
 * A provider's parameter table, applied by one engine: each rule reads request fields, and writes
 * the provider's field (renamed, nested, clamped, respelled), drops it, or refuses it. The rules
 * run in order, so the body's fields come out in the table's order.
 */
export class ParameterTable<P, S = void> implements ParameterDocs {
  private readonly steps: Step[] = [];

  /** `within`: the body object the adapter puts the fields in (`generationConfig`), for the docs. */
  constructor(
    readonly rules: readonly ParameterRule<P, S>[],
    private readonly within?: string,
  ) {
    for (const rule of rules) {
      if ('from' in rule) {
        const sources: readonly string[] = typeof rule.from === 'string' ? [rule.from] : rule.from;
        this.steps.push({ kind: 'map', mapping: { sources, path: rule.to.split('.'), rule: rule as unknown as CompiledMapping['rule'] } });
      } else if ('refuse' in rule) {
        this.steps.push({ kind: 'refuse', name: rule.refuse, rule: rule as unknown as RefusedParameter<unknown, never> });
      }
    }
  }

  /** The provider's fields for this request, in table order (nested objects only where something was written). */
  apply(request: P, state: S): Record<string, unknown> {
    const fields = request as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const step of this.steps) {
      if (step.kind === 'refuse') {
        const value = read(fields, step.name);
        if (value !== undefined && !(step.rule.accepts?.(value as never) ?? false)) throw new ApiError(400, 'unsupported_parameter', step.rule.message, step.name);
        continue;
      }
      const { sources, path, rule } = step.mapping;
      if (rule.when && !rule.when(state, fields)) continue;
      let value = first(fields, sources);
      if (value === undefined) value = rule.default?.(fields, state);
      else if (rule.transform) value = rule.transform(value as never, fields, state);
      if (value === undefined) continue;
      if (typeof value === 'number') value = clamp(value, rule.min, rule.max);
      write(out, path, value);
    }
    return out;
  }

  describe(): ParameterFate[] {
    const fates: ParameterFate[] = [];
    for (const rule of this.rules) {
      if ('drop' in rule) for (const name of rule.drop) fates.push({ name, fate: 'dropped' });
      else if ('refuse' in rule) fates.push({ name: rule.refuse, fate: 'refused', message: rule.message });
      else {
        const { min, max, note } = rule;
        const to = this.within ? `${this.within}.${rule.to}` : rule.to;
        for (const name of typeof rule.from === 'string' ? [rule.from] : rule.from) fates.push({ name, fate: 'sent', to, min, max, note });
      }
    }
    return fates;
  }
}

/** A request value, `null` read as unset; OpenRouter's numeric extras only when they are numbers. */
function read(fields: Record<string, unknown>, name: string): unknown {
  const value = fields[name];
  if (value === null || (OPENROUTER_NUMBERS.has(name) && typeof value !== 'number')) return undefined;
  return value;
}

function first(fields: Record<string, unknown>, sources: readonly string[]): unknown {
  for (const name of sources) {
    const value = read(fields, name);
    if (value !== undefined) return value;
  }
  return undefined;
}

function clamp(value: number, min = -Infinity, max = Infinity): number {
  return value < min ? min : value > max ? max : value;
}

function write(out: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let target = out;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i]!;
    const next = target[key];
    if (next && typeof next === 'object') target = next as Record<string, unknown>;
    else target = target[key] = {};
  }
  target[path[path.length - 1]!] = value;
}

/** OpenAI's `stop` (a string or up to four) as the list most providers take. */
export const stopList = (stop: string | string[]): string[] => (typeof stop === 'string' ? [stop] : stop);

/** The same, sending nothing for an empty list (Anthropic and Converse reject an empty one). */
export const nonEmptyStopList = (stop: string | string[]): string[] | undefined => {
  const list = stopList(stop);
  return list.length > 0 ? list : undefined;
};
