/** Bounds the memory of a gateway serving very many keys or organisations: past it the cache starts over. */
const MAX_ENTRIES = 100_000;

interface Entry<T> {
  value: Promise<T>;
  at: number;
  last?: { value: T };
}

/**
 * Values loaded from the database and trusted for `ttlMs`. Concurrent lookups share one load. When a
 * reload fails (the database is down or restarting), the last value that loaded keeps being served and
 * the reload is tried again after another `ttlMs`, so requests the gateway can serve from what it knows
 * do not fail with the database; with no earlier value the failure is the caller's.
 */
export class LastGoodCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(private readonly ttlMs: number) {}

  get(id: string, load: () => Promise<T>): Promise<T> {
    const cached = this.entries.get(id);
    if (cached && Date.now() - cached.at < this.ttlMs) return cached.value;
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    const last = cached?.last;
    const entry: Entry<T> = { at: Date.now(), last, value: Promise.resolve(undefined as T) };
    entry.value = load().then(
      (value) => ((entry.last = { value }), value),
      (error: unknown) => {
        if (last) return last.value;
        if (this.entries.get(id) === entry) this.entries.delete(id);
        throw error;
      },
    );
    this.entries.set(id, entry);
    return entry.value;
  }

  delete(id: string): void {
    this.entries.delete(id);
  }

  clear(): void {
    this.entries.clear();
  }
}
