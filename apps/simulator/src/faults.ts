import { z } from 'zod';
import type { BehaviourPatch } from './behaviour';

const common = {
  /** How many matching requests this fault applies to. */
  count: z.number().int().min(1).default(1),
  /** Only requests to this path (e.g. `/v1/chat/completions`); any path when absent. */
  path: z.string().startsWith('/').optional(),
  /** Only requests for this model; any model when absent. */
  model: z.string().optional(),
};
const frames = z.number().int().min(0);

export const faultSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('status'),
    status: z.number().int().min(400).max(599),
    retry_after: z.number().int().min(0).optional(),
    message: z.string().optional(),
    ...common,
  }),
  z.object({ type: z.literal('reset'), ...common }),
  z.object({ type: z.literal('stall'), ...common }),
  z.object({ type: z.literal('cut_after'), chunks: frames, ...common }),
  z.object({ type: z.literal('error_after'), chunks: frames, ...common }),
  z.object({ type: z.literal('stall_after'), chunks: frames, ...common }),
  z.object({ type: z.literal('latency'), ms: z.number().int().min(0).max(600_000), ...common }),
  z.object({ type: z.literal('no_usage'), ...common }),
]);
export type Fault = z.infer<typeof faultSchema>;
export type FaultInput = z.input<typeof faultSchema>;

/** Accepts `{ "faults": [...] }`, a bare array, or a single fault. */
export const faultListSchema = z.union([
  z.object({ faults: z.array(faultSchema) }).transform((body) => body.faults),
  z.array(faultSchema),
  faultSchema.transform((fault) => [fault]),
]);

function toPatch(fault: Fault): BehaviourPatch {
  switch (fault.type) {
    case 'status':
      return { failure: { kind: 'status', status: fault.status, retryAfterSec: fault.retry_after, message: fault.message } };
    case 'reset':
    case 'stall':
      return { failure: { kind: fault.type } };
    case 'cut_after':
      return { cutAfter: fault.chunks };
    case 'error_after':
      return { errorAfter: fault.chunks };
    case 'stall_after':
      return { stallAfter: fault.chunks };
    case 'latency':
      return { latencyMs: fault.ms };
    case 'no_usage':
      return { noUsage: true };
  }
}

/** status, reset and stall all decide the outcome, so one request takes at most one of them. */
const group = (type: Fault['type']): string => (type === 'status' || type === 'reset' || type === 'stall' ? 'failure' : type);

interface Pending {
  fault: Fault;
  remaining: number;
}

/**
 * Faults queued through the control API. A request consumes the first matching fault of each
 * kind, so `[latency, cut_after]` combine on one request while `[503, 503]` hit two requests.
 */
export class FaultQueue {
  private pending: Pending[] = [];

  add(faults: FaultInput[]): number {
    for (const input of faults) {
      const fault = faultSchema.parse(input);
      this.pending.push({ fault, remaining: fault.count });
    }
    return this.pending.length;
  }

  take(path: string, model: string | undefined): BehaviourPatch | undefined {
    if (this.pending.length === 0) return undefined;
    const taken = new Set<string>();
    let patch: BehaviourPatch | undefined;
    for (const entry of this.pending) {
      const { fault } = entry;
      if (taken.has(group(fault.type))) continue;
      if (fault.path !== undefined && fault.path !== path) continue;
      if (fault.model !== undefined && fault.model !== model) continue;
      taken.add(group(fault.type));
      entry.remaining--;
      patch = { ...patch, ...toPatch(fault) };
    }
    this.pending = this.pending.filter((entry) => entry.remaining > 0);
    return patch;
  }

  list(): Array<Fault & { remaining: number }> {
    return this.pending.map(({ fault, remaining }) => ({ ...fault, remaining }));
  }

  clear(): void {
    this.pending = [];
  }
}
