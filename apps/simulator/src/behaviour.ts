/** What a request asked the simulator to do instead of (or on top of) answering normally. */
export type Failure =
  | { kind: 'status'; status: number; retryAfterSec?: number; message?: string }
  /** Destroy the socket before any byte of the response. */
  | { kind: 'reset' }
  /** Accept the request and never answer. */
  | { kind: 'stall' };

/** The effective behaviour for one request: instance config, then faults, then message directives. */
export interface Behaviour {
  latencyMs: number;
  intervalMs: number;
  /** Content deltas in a stream; 0 = one per word. */
  chunks: number;
  /** Length of the generated reply text in characters. */
  chars: number;
  noUsage: boolean;
  /** Stream this many SSE frames, then drop the connection. */
  cutAfter?: number;
  /** Stream this many SSE frames, then a provider error event. */
  errorAfter?: number;
  /** Stream this many SSE frames, then keep the connection open and send nothing more. */
  stallAfter?: number;
  /** Share (0-1) of tool-calling answers whose arguments are broken: not JSON, or not matching the tool's schema. */
  brokenToolRate: number;
  /** Share (0-1) of JSON-mode answers (`response_format`) that break their schema or are not JSON. */
  brokenJsonRate: number;
  /** Answer 200 with no content at all. */
  empty: boolean;
  failure?: Failure;
}

export type BehaviourPatch = Partial<Behaviour>;

/** Later patches win, field by field. */
export function mergeBehaviour(base: Behaviour, ...patches: Array<BehaviourPatch | undefined>): Behaviour {
  const out = { ...base };
  for (const patch of patches) if (patch) Object.assign(out, patch);
  return out;
}
