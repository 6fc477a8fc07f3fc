import type { BehaviourPatch } from './behaviour';

/** A `[sim:...]` directive the simulator cannot understand; answered as a 400 so typos are loud. */
export class DirectiveError extends Error {}

const BLOCK = /\[sim:([^\]]*)\]/g;
const MARKER = '[sim:';

type Apply = (patch: BehaviourPatch, value: string | undefined, token: string) => void;

function integer(value: string | undefined, token: string, min = 0): number {
  const n = Number(value);
  if (value === undefined || value === '' || !Number.isInteger(n) || n < min) {
    throw new DirectiveError(`Invalid simulator directive '${token}': expected an integer >= ${min}.`);
  }
  return n;
}

/** A percentage 0-100 as a share 0-1. */
function percent(value: string | undefined, token: string): number {
  const n = Number(value);
  if (value === undefined || value === '' || !Number.isFinite(n) || n < 0 || n > 100) {
    throw new DirectiveError(`Invalid simulator directive '${token}': expected a percentage 0-100.`);
  }
  return n / 100;
}

function flag(value: string | undefined, token: string): void {
  if (value !== undefined) throw new DirectiveError(`Invalid simulator directive '${token}': takes no value.`);
}

const KEYS: Record<string, Apply> = {
  status(patch, value, token) {
    const status = integer(value, token, 400);
    if (status > 599) throw new DirectiveError(`Invalid simulator directive '${token}': expected a status 400-599.`);
    const retryAfterSec = patch.failure?.kind === 'status' ? patch.failure.retryAfterSec : undefined;
    patch.failure = { kind: 'status', status, retryAfterSec };
  },
  retry_after(patch, value, token) {
    const retryAfterSec = integer(value, token);
    const status = patch.failure?.kind === 'status' ? patch.failure.status : 429;
    patch.failure = { kind: 'status', status, retryAfterSec };
  },
  reset(patch, value, token) {
    flag(value, token);
    patch.failure = { kind: 'reset' };
  },
  stall(patch, value, token) {
    flag(value, token);
    patch.failure = { kind: 'stall' };
  },
  no_usage(patch, value, token) {
    flag(value, token);
    patch.noUsage = true;
  },
  empty(patch, value, token) {
    flag(value, token);
    patch.empty = true;
  },
  cut_after: (patch, value, token) => void (patch.cutAfter = integer(value, token)),
  error_after: (patch, value, token) => void (patch.errorAfter = integer(value, token)),
  stall_after: (patch, value, token) => void (patch.stallAfter = integer(value, token)),
  broken_tools: (patch, value, token) => void (patch.brokenToolRate = percent(value, token)),
  broken_json: (patch, value, token) => void (patch.brokenJsonRate = percent(value, token)),
  latency: (patch, value, token) => void (patch.latencyMs = integer(value, token)),
  interval: (patch, value, token) => void (patch.intervalMs = integer(value, token)),
  chunks: (patch, value, token) => void (patch.chunks = integer(value, token)),
  chars: (patch, value, token) => void (patch.chars = integer(value, token)),
};

/** Who is reading the directives: a block with `on=<name>` applies only where the name is the instance's or the wire format's. */
export interface DirectiveTarget {
  instance: string;
  personality: string;
  /** The request does not continue a prefilled answer: `on=fresh` blocks apply to it. */
  fresh?: boolean;
}

const matches = (scope: string, target: DirectiveTarget) => scope === target.instance || scope === target.personality || (scope === 'fresh' && target.fresh === true);

const SCOPE = 'on=';

/**
 * Reads `[sim:key=value key2 ...]` blocks from message text, e.g. `[sim:status=429 retry_after=1]`.
 * A block holding `on=<name>` applies only on the simulator instance (`SIM_NAME`) or wire format
 * (`openai`, `anthropic`...) of that name, or with `on=fresh` to any request that does not continue
 * a prefilled answer, so one request can fail on one endpoint and succeed on the next (or on its
 * continuation); its other keys are still checked everywhere. Returns undefined when the text has none (the
 * common, fast case).
 */
export function parseDirectives(text: string | undefined, target?: DirectiveTarget): BehaviourPatch | undefined {
  if (!text || !text.includes(MARKER)) return undefined;
  const patch: BehaviourPatch = {};
  for (const [, body] of text.matchAll(BLOCK)) {
    const tokens = body!.split(/[\s,]+/).filter(Boolean);
    const scopes = tokens.filter((token) => token.startsWith(SCOPE)).map((token) => token.slice(SCOPE.length));
    if (scopes.some((scope) => scope === '')) throw new DirectiveError(`Invalid simulator directive 'on=': expected a name.`);
    const applies = scopes.length === 0 || (target !== undefined && scopes.some((scope) => matches(scope, target)));
    // A block meant for another endpoint is still checked, into a patch that is thrown away.
    const into: BehaviourPatch = applies ? patch : {};
    for (const token of tokens) {
      if (token.startsWith(SCOPE)) continue;
      const eq = token.indexOf('=');
      const key = eq === -1 ? token : token.slice(0, eq);
      const apply = Object.hasOwn(KEYS, key) ? KEYS[key] : undefined;
      if (!apply) {
        throw new DirectiveError(`Unknown simulator directive '${key}'. Known: on, ${Object.keys(KEYS).join(', ')}.`);
      }
      apply(into, eq === -1 ? undefined : token.slice(eq + 1), token);
    }
  }
  return patch;
}
