import type { IncomingHttpHeaders } from 'node:http';

export interface RecordedRequest {
  at: string;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export type Outcome = 'reset' | 'stall' | 'cut' | 'stream_error';

export interface SimulatorStats {
  name: string;
  total: number;
  /** Provider API requests per path (control API requests are not counted). */
  paths: Record<string, number>;
  /** Responses per HTTP status. */
  statuses: Record<string, number>;
  /** Injected connection-level faults that produced no status. */
  outcomes: Record<Outcome, number>;
  pendingFaults: number;
}

const RECENT_LIMIT = 50;

/** Counters and the last requests, for tests that check what a gateway actually sent upstream. */
export class StatsRecorder {
  private total = 0;
  private paths: Record<string, number> = {};
  private statuses: Record<string, number> = {};
  private outcomes: Record<Outcome, number> = { reset: 0, stall: 0, cut: 0, stream_error: 0 };
  private recent: RecordedRequest[] = [];

  request(path: string): void {
    this.total++;
    this.paths[path] = (this.paths[path] ?? 0) + 1;
  }

  status(status: number): void {
    this.statuses[status] = (this.statuses[status] ?? 0) + 1;
  }

  outcome(kind: Outcome): void {
    this.outcomes[kind]++;
  }

  remember(request: Omit<RecordedRequest, 'at'>): void {
    if (this.recent.length === RECENT_LIMIT) this.recent.shift();
    this.recent.push({ at: new Date().toISOString(), ...request });
  }

  requests(): RecordedRequest[] {
    return [...this.recent];
  }

  snapshot(name: string, pendingFaults: number): SimulatorStats {
    return {
      name,
      total: this.total,
      paths: { ...this.paths },
      statuses: { ...this.statuses },
      outcomes: { ...this.outcomes },
      pendingFaults,
    };
  }

  reset(): void {
    this.total = 0;
    this.paths = {};
    this.statuses = {};
    this.outcomes = { reset: 0, stall: 0, cut: 0, stream_error: 0 };
    this.recent = [];
  }
}
