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
  cut_after: (patch, value, token) => void (patch.cutAfter = integer(value, token)),
  error_after: (patch, value, token) => void (patch.errorAfter = integer(value, token)),
  latency: (patch, value, token) => void (patch.latencyMs = integer(value, token)),
  interval: (patch, value, token) => void (patch.intervalMs = integer(value, token)),
  chunks: (patch, value, token) => void (patch.chunks = integer(value, token)),
  chars: (patch, value, token) => void (patch.chars = integer(value, token)),
};

/**
 * Reads `[sim:key=value key2 ...]` blocks from message text, e.g. `[sim:status=429 retry_after=1]`.
 * Returns undefined when the text has none (the common, fast case).
 */
export function parseDirectives(text: string | undefined): BehaviourPatch | undefined {
  if (!text || !text.includes(MARKER)) return undefined;
  const patch: BehaviourPatch = {};
  for (const [, body] of text.matchAll(BLOCK)) {
    for (const token of body!.split(/[\s,]+/)) {
      if (!token) continue;
      const eq = token.indexOf('=');
      const key = eq === -1 ? token : token.slice(0, eq);
      const apply = Object.hasOwn(KEYS, key) ? KEYS[key] : undefined;
      if (!apply) {
        throw new DirectiveError(`Unknown simulator directive '${key}'. Known: ${Object.keys(KEYS).join(', ')}.`);
      }
      apply(patch, eq === -1 ? undefined : token.slice(eq + 1), token);
    }
  }
  return patch;
}
