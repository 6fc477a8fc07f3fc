import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launchAll, type LaunchOptions, type RunningService } from './launcher';
import { freePort } from './ports';

/** The counters of the simulator's `GET /_sim/stats` that tests read. */
export interface SimulatorStats {
  total: number;
  paths: Record<string, number>;
  statuses: Record<string, number>;
}

/** A built simulator (`dist/`) in its own process, driven through its `/_sim/` control API. */
export interface SimulatorProcess {
  /** `http://127.0.0.1:port`, without a path. */
  url: string;
  /** `url` + `/v1`: what an OpenAI client takes as its base URL. */
  baseUrl: string;
  service: RunningService;
  /** Fault objects as `POST /_sim/faults` takes them (`{ type: 'status', status: 503 }`, ...). */
  addFaults(faults: Record<string, unknown>[]): Promise<void>;
  stats(): Promise<SimulatorStats>;
  /** Restores the start-up configuration and clears faults and counters. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

async function control(url: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${url}/_sim/${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new Error(`simulator ${method} /_sim/${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** Starts `dist/apps/simulator/src/main.js` (run `node tools/build.mjs` first) on a free port. */
export async function startSimulatorProcess(name: string, options: LaunchOptions = {}): Promise<SimulatorProcess> {
  const script = 'apps/simulator/src/main.js';
  if (!existsSync(join(resolve(options.root ?? process.cwd()), 'dist', script))) throw new Error(`dist/${script} is missing: run \`node tools/build.mjs\` first`);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const [service] = await launchAll([{ name, script, env: { SIM_PORT: String(port), SIM_NAME: name }, readyUrl: `${url}/_sim/health` }], options);
  return {
    url,
    baseUrl: `${url}/v1`,
    service: service!,
    addFaults: async (faults) => void (await control(url, 'POST', 'faults', faults)),
    stats: async () => (await control(url, 'GET', 'stats')) as SimulatorStats,
    reset: async () => void (await control(url, 'POST', 'reset')),
    stop: async () => void (await service!.stop()),
  };
}
