import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { anthropicPersonality } from './anthropic';
import { bedrockPersonality } from './bedrock';
import { resolveConfig, type ConfigPatch, type RuntimeConfig } from './config';
import { handleControl } from './control';
import { dispatch } from './dispatch';
import { gigachatPersonality } from './gigachat';
import { coherePersonality } from './cohere';
import { geminiPersonality } from './gemini';
import type { FaultInput } from './faults';
import { sendJson } from './http';
import { openaiPersonality } from './openai';
import { azurePersonality } from './azure';
import { yandexPersonality } from './yandex';
import type { Personality } from './personality';
import { SimulatorState } from './state';
import type { RecordedRequest, SimulatorStats } from './stats';

export interface SimulatorOptions extends ConfigPatch {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Wire formats served; routes are looked up in order. Defaults to OpenAI's. */
  personalities?: Personality[];
}

export interface Simulator {
  /** `http://host:port`, without a path. */
  url: string;
  /** `url` + `/v1`: what an OpenAI client takes as its base URL. */
  baseUrl: string;
  port: number;
  stats(): SimulatorStats;
  /** The last 50 provider API requests, oldest first. */
  requests(): RecordedRequest[];
  addFaults(faults: FaultInput[]): void;
  clearFaults(): void;
  configure(patch: ConfigPatch): RuntimeConfig;
  /** Restores the start-up configuration and clears faults and counters. */
  reset(): void;
  close(): Promise<void>;
}

function onRequest(state: SimulatorState) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    const handler = path.startsWith('/_sim/') ? handleControl : dispatch;
    handler(req, res, path, state).catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      const failure = state.router.find('GET', path).personality.failure(500);
      sendJson(res, failure.status, failure.body);
      process.emitWarning(`simulator: ${error instanceof Error ? error.stack : String(error)}`);
    });
  };
}

/** Starts a simulator in this process. Use port 0 in tests and benchmarks. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const { port = 0, host = '127.0.0.1', personalities = [openaiPersonality, anthropicPersonality, bedrockPersonality, yandexPersonality, gigachatPersonality, geminiPersonality, coherePersonality, azurePersonality], ...config } = options;
  const state = new SimulatorState(resolveConfig(config), personalities);
  const server = createServer({ keepAliveTimeout: 65_000, requestTimeout: 0 }, onRequest(state));
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;
  return {
    url,
    baseUrl: `${url}/v1`,
    port: bound,
    stats: () => state.snapshot(),
    requests: () => state.stats.requests(),
    addFaults: (faults) => void state.faults.add(faults),
    clearFaults: () => state.faults.clear(),
    configure: (patch) => state.configure(patch),
    reset: () => state.reset(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        for (const res of state.stalled) res.destroy();
        server.closeAllConnections();
      }),
  };
}
