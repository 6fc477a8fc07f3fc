import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import {
  FaultProxy,
  freePort,
  launchAll,
  stackSpecs,
  startOwnPostgres,
  startOwnRedis,
  type OwnServer,
  type RunningService,
  type ServiceSpec,
} from '@alltokens/stack';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../../..');
export const CHAOS_ADMIN_KEY = 'at-admin-chaos-sentinel-5f1d2c3b4a';
export const SIM_KEY = 'sk-sim-chaos-sentinel-8e7d6c5b4a';

export interface ChaosOptions {
  gateways?: number;
  routers?: number;
  /** Catalog YAML from the simulator proxies' ports (primary, backup); the default serves one model on `primary` only. */
  catalog?: (simulatorProxyPorts: number[]) => string;
  env?: Record<string, string>;
  serviceEnv?: Partial<Record<'gateway' | 'router' | 'analytics' | 'simulator', Record<string, string>>>;
}

/**
 * A whole stack on servers of its own: its own Postgres and Redis (so a case may stop, crash and restart
 * them), a fault proxy in front of each of them and of each simulator, and the services as processes.
 */
export interface ChaosStack {
  gatewayUrls: string[];
  gatewayUrl: string;
  postgres: OwnServer;
  redis: OwnServer;
  /** Direct (not proxied) URL of the stack's database, for assertions. */
  databaseUrl: string;
  redisUrl: string;
  prefix: string;
  proxies: { postgres: FaultProxy; redis: FaultProxy; simulators: FaultProxy[] };
  logDir: string;
  service(name: string): RunningService;
  /** `http://127.0.0.1:port` of a service (its health, metrics and admin endpoints). */
  url(name: string): string;
  /** Starts the named service again (after a stop or a kill) with the same spec, and waits until it is ready. */
  restart(name: string): Promise<RunningService>;
  createKey(body?: Record<string, unknown>): Promise<{ key: string; id: string }>;
  admin(path: string, init?: RequestInit): Promise<Response>;
  stop(): Promise<void>;
}

export function oneProviderCatalog([primary]: number[]): string {
  return `providers:
  - id: primary
    base_url: http://127.0.0.1:${primary}/v1
    api_key: ${SIM_KEY}
    first_byte_timeout_ms: 1500
    stream_idle_timeout_ms: 1500
    models:
      - model: openai/gpt-4o-mini
        pricing: { prompt: 0.15, completion: 0.6 }
models:
  - { id: openai/gpt-4o-mini, name: "OpenAI: GPT-4o-mini", context_length: 128000 }
`;
}

/** Two OpenAI-compatible simulators that continue a prefill, so a broken stream can be continued on the other. */
export function twoProviderCatalog(ports: number[]): string {
  const provider = (id: string, port: number) => `  - id: ${id}
    base_url: http://127.0.0.1:${port}/v1
    api_key: ${SIM_KEY}
    options: { continuation: prefill }
    first_byte_timeout_ms: 1500
    stream_idle_timeout_ms: 1500
    models:
      - model: openai/gpt-4o-mini
        pricing: { prompt: 0.15, completion: 0.6 }
`;
  return `providers:
${provider('primary', ports[0]!)}${provider('backup', ports[1]!)}models:
  - { id: openai/gpt-4o-mini, name: "OpenAI: GPT-4o-mini", context_length: 128000 }
`;
}

function replicate(spec: ServiceSpec, index: number, port: number, portVar: string): ServiceSpec {
  if (index === 0) return spec;
  return { ...spec, name: `${spec.name}-${index + 1}`, env: { ...spec.env, [portVar]: String(port) }, readyUrl: `http://127.0.0.1:${port}/health/ready` };
}

export async function startChaosStack(name: string, options: ChaosOptions = {}): Promise<ChaosStack> {
  const dir = mkdtempSync(join(tmpdir(), `alltokens-chaos-${name}-`));
  const logDir = join(dir, 'logs');
  const [postgres, redis] = await Promise.all([startOwnPostgres(), startOwnRedis()]);
  const databaseUrl = `${postgres.url}/alltokens`;
  await run(process.execPath, ['--experimental-wasm-modules', '--no-warnings', 'tools/db/cli.mjs', 'migrate'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl } });
  const simulatorPorts = [await freePort(), await freePort()];
  const proxies = {
    postgres: await FaultProxy.start(postgres.port),
    redis: await FaultProxy.start(redis.port),
    simulators: await Promise.all(simulatorPorts.map((port) => FaultProxy.start(port))),
  };
  const catalogPath = join(dir, 'alltokens.yaml');
  writeFileSync(catalogPath, (options.catalog ?? oneProviderCatalog)(proxies.simulators.map((proxy) => proxy.port)));
  const prefix = `chaos-${name}`;
  const env = {
    DATABASE_URL: `postgresql://postgres@127.0.0.1:${proxies.postgres.port}/alltokens`,
    REDIS_URL: `redis://127.0.0.1:${proxies.redis.port}`,
    ALLTOKENS_PREFIX: prefix,
    ALLTOKENS_CONFIG: catalogPath,
    ALLTOKENS_ADMIN_KEY: CHAOS_ADMIN_KEY,
    SIM_API_KEY: SIM_KEY,
    LOG_LEVEL: 'info',
    ROUTER_LOAD_BALANCING: 'cheapest-first',
    ...options.env,
  };
  const gatewayPorts = await Promise.all(Array.from({ length: options.gateways ?? 1 }, () => freePort()));
  const routerPorts = await Promise.all(Array.from({ length: options.routers ?? 1 }, () => freePort()));
  const base = stackSpecs({ env, serviceEnv: options.serviceEnv, ports: { gateway: gatewayPorts[0]!, router: routerPorts[0]!, analytics: await freePort(), simulators: simulatorPorts } });
  const byRole = (script: string) => base.find((spec) => spec.script.includes(script))!;
  const specs = [
    ...base.filter((spec) => spec.script.includes('simulator') || spec.script.includes('analytics')),
    ...routerPorts.map((port, i) => replicate(byRole('apps/router/'), i, port, 'ROUTER_PORT')),
    ...gatewayPorts.map((port, i) => replicate(byRole('apps/gateway/'), i, port, 'GATEWAY_PORT')),
  ];
  const launchOptions = { root: ROOT, logs: { dir: logDir } } as const;
  const services = new Map((await launchAll(specs, launchOptions)).map((service) => [service.spec.name, service]));
  const gatewayUrls = gatewayPorts.map((port) => `http://127.0.0.1:${port}`);
  const service = (serviceName: string) => {
    const found = services.get(serviceName);
    if (!found) throw new Error(`no service ${serviceName}`);
    return found;
  };
  const admin = (path: string, init: RequestInit = {}) =>
    fetch(`${gatewayUrls[0]}${path}`, { ...init, headers: { authorization: `Bearer ${CHAOS_ADMIN_KEY}`, 'content-type': 'application/json', ...(init.headers ?? {}) } });
  return {
    gatewayUrls,
    gatewayUrl: gatewayUrls[0]!,
    postgres,
    redis,
    databaseUrl,
    redisUrl: redis.url,
    prefix,
    proxies,
    logDir,
    service,
    url: (serviceName) => new URL(service(serviceName).spec.readyUrl).origin,
    async restart(serviceName) {
      const old = services.get(serviceName);
      if (!old) throw new Error(`no service ${serviceName}`);
      await old.stop('SIGKILL');
      const [fresh] = await launchAll([old.spec], { ...launchOptions, readyTimeoutMs: 60_000 });
      services.set(serviceName, fresh!);
      return fresh!;
    },
    async createKey(body = {}) {
      const res = await admin('/api/v1/keys', { method: 'POST', body: JSON.stringify({ name: 'chaos', ...body }) });
      if (res.status !== 201) throw new Error(`create key: ${res.status} ${await res.text()}`);
      const created = (await res.json()) as { key: string; data: { id: string } };
      return { key: created.key, id: created.data.id };
    },
    admin,
    async stop() {
      for (const service of [...services.values()].reverse()) await service.stop();
      await Promise.all([proxies.postgres, proxies.redis, ...proxies.simulators].map((proxy) => proxy.close()));
      await Promise.all([postgres.destroy(), redis.destroy()]);
    },
  };
}
