import type { ServerResponse } from 'node:http';
import { configPatchSchema, resolveConfig, type ConfigPatch, type RuntimeConfig } from './config';
import { FaultQueue } from './faults';
import type { Instance, Personality } from './personality';
import { Router } from './router';
import { StatsRecorder, type SimulatorStats } from './stats';

/** Everything one simulator instance keeps between requests. */
export class SimulatorState {
  readonly faults = new FaultQueue();
  readonly stats = new StatsRecorder();
  readonly router: Router;
  /** Stalled responses, destroyed on close so the process can exit. */
  readonly stalled = new Set<ServerResponse>();
  config: RuntimeConfig;
  instance: Instance;

  constructor(
    private readonly initial: RuntimeConfig,
    personalities: Personality[],
  ) {
    this.router = new Router(personalities);
    this.config = initial;
    this.instance = this.describe(initial);
  }

  configure(patch: ConfigPatch): RuntimeConfig {
    this.config = resolveConfig({ ...this.config, ...configPatchSchema.parse(patch) });
    this.instance = this.describe(this.config);
    return this.config;
  }

  /** Back to the configuration the instance started with; no faults, no counters. */
  reset(): void {
    this.config = this.initial;
    this.instance = this.describe(this.initial);
    this.faults.clear();
    this.stats.reset();
  }

  snapshot(): SimulatorStats {
    return this.stats.snapshot(this.config.name, this.faults.list().length);
  }

  private describe(config: RuntimeConfig): Instance {
    return { name: config.name, fingerprint: `fp_${config.name}`, models: config.models };
  }
}
