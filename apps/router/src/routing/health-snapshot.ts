import type { Catalog } from '@alltokens/catalog';
import type { EndpointHealth, HealthStore } from '@alltokens/routing';

const REFRESH_MS = 1000;

/**
 * Every endpoint's recent health, refreshed in the background so routing a request costs no Redis
 * round trip; at most a second stale, which is what a breaker's cooldown tolerates anyway.
 */
export class HealthSnapshot {
  private snapshot: ReadonlyMap<string, EndpointHealth> = new Map();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly store: HealthStore,
    private readonly catalog: Catalog,
  ) {}

  async start(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), REFRESH_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  current(): ReadonlyMap<string, EndpointHealth> {
    return this.snapshot;
  }

  async refresh(): Promise<void> {
    const ids = this.catalog.models().flatMap((model) => model.endpoints.map((endpoint) => endpoint.id));
    try {
      this.snapshot = await this.store.snapshot(ids);
    } catch {
      // Keep the last snapshot; routing still works without fresh health.
    }
  }
}
