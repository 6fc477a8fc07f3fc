import type { Catalog } from '@alltokens/catalog';
import type { EndpointFidelity, EndpointHealth, FidelityStore, HealthStore } from '@alltokens/routing';

const REFRESH_MS = 1000;
/** Fidelity moves slowly (an hour's window): read every fifth refresh. */
const FIDELITY_EVERY = 5;

/**
 * Every endpoint's recent health and measured fidelity, refreshed in the background so routing a
 * request costs no Redis round trip; at most a second stale, which is what a breaker's cooldown
 * tolerates anyway (fidelity, over its hour, at most five).
 */
export class HealthSnapshot {
  private snapshot: ReadonlyMap<string, EndpointHealth> = new Map();
  private fidelity: ReadonlyMap<string, EndpointFidelity> = new Map();
  private refreshes = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly store: HealthStore,
    private readonly catalog: Catalog,
    private readonly fidelityStore?: Pick<FidelityStore, 'snapshot'>,
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
      if (this.fidelityStore && this.refreshes++ % FIDELITY_EVERY === 0) this.fidelity = await this.fidelityStore.snapshot(ids);
      const health = await this.store.snapshot(ids);
      for (const [id, fidelity] of this.fidelity) {
        const entry = health.get(id);
        if (entry) entry.fidelity = fidelity;
      }
      this.snapshot = health;
    } catch {
      // Keep the last snapshot; routing still works without fresh health.
    }
  }
}
