import type { ProviderAdapter } from './adapter';

/** Format id → adapter. Each provider folder contributes one line in `../registry.ts`. */
export class AdapterRegistry {
  private readonly adapters = new Map<string, ProviderAdapter>();

  constructor(adapters: ProviderAdapter[]) {
    for (const adapter of adapters) this.adapters.set(adapter.format, adapter);
  }

  get(format: string): ProviderAdapter | undefined {
    return this.adapters.get(format);
  }

  formats(): string[] {
    return [...this.adapters.keys()];
  }
}
