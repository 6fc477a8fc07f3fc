import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import OpenAI from 'openai';
import { createTestDatabase } from '@alltokens/db/testing';
import { clearRedisPrefix, freePort, PortTakenError, startRedisCluster, startStack, uniquePrefix, type LocalRedisCluster, type Stack, type StackOptions } from '@alltokens/stack';

export const ADMIN_KEY = 'at-admin-e2e-0123456789abcdef';

export interface E2eStack {
  stack: Stack;
  gatewayUrl: string;
  /** Every gateway replica (one unless `replicas` asked for more). */
  gatewayUrls: string[];
  simulatorUrls: string[];
  logDir: string;
  databaseUrl: string;
  /** The environment every service of this stack shares. */
  env: Record<string, string>;
  createKey(body?: Record<string, unknown>): Promise<{ key: string; data: Record<string, unknown> }>;
  client(apiKey: string, path?: string): OpenAI;
  admin(path: string, init?: RequestInit): Promise<Response>;
  stop(): Promise<void>;
}

function writeFile(dir: string, yaml: string): string {
  const path = join(dir, 'custom.yaml');
  writeFileSync(path, yaml);
  return path;
}

/** Two simulators serve `openai/gpt-4o-mini` (primary first, then backup) so failover is observable. */
function writeCatalog(dir: string, simulatorPorts: number[]): string {
  const [primary, backup] = simulatorPorts;
  const path = join(dir, 'alltokens.yaml');
  writeFileSync(
    path,
    `providers:
  - id: primary
    base_url: http://127.0.0.1:${primary}/v1
    api_key: sim-key
    first_byte_timeout_ms: 2000
    models:
      - model: openai/gpt-4o-mini
        pricing: { prompt: 0.15, completion: 0.6, cached_prompt: 0.075 }
      - model: acme/solo
        pricing: { prompt: 1, completion: 2 }
  - id: backup
    base_url: http://127.0.0.1:${backup}/v1
    api_key: sim-key
    models:
      - model: openai/gpt-4o-mini
        pricing: { prompt: 0.15, completion: 0.6, cached_prompt: 0.075 }
models:
  - { id: openai/gpt-4o-mini, name: "OpenAI: GPT-4o-mini", context_length: 128000 }
`,
  );
  return path;
}

export interface E2eOptions extends Partial<StackOptions> {
  /** A catalog YAML built from the two simulators' ports, instead of the default one. */
  catalog?: (simulatorPorts: number[]) => string;
  /** Replicas of each of gateway, router and analytics (1 by default). */
  replicas?: number;
  /** `cluster`: a throwaway local 3-master Redis Cluster for this stack, instead of the shared Redis. */
  redis?: 'shared' | 'cluster';
}

/** Free ports are bound later by the services: when another process took one in between, start again on new ones. */
async function retryOnPortTaken<T>(start: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await start();
    } catch (error) {
      if (!(error instanceof PortTakenError) || attempt >= attempts) throw error;
    }
  }
}

export async function startE2eStack(name: string, { catalog, replicas = 1, redis = 'shared', ...extra }: E2eOptions = {}): Promise<E2eStack> {
  const dir = mkdtempSync(join(tmpdir(), `alltokens-${name}-`));
  const database = await createTestDatabase(name);
  const cluster: LocalRedisCluster | undefined = redis === 'cluster' ? await startRedisCluster(3) : undefined;
  const more = async () => Promise.all(Array.from({ length: replicas - 1 }, () => freePort()));
  const logDir = join(dir, 'logs');
  const launchOnFreePorts = async () => {
    const ports = {
      gateway: await freePort(),
      router: await freePort(),
      analytics: await freePort(),
      simulators: [await freePort(), await freePort()],
      replicas: { gateway: await more(), router: await more(), analytics: await more() },
    };
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: cluster?.url ?? 'redis://127.0.0.1:6379',
      ALLTOKENS_PREFIX: uniquePrefix(`e2e-${name}`),
      ALLTOKENS_CONFIG: catalog ? writeFile(dir, catalog(ports.simulators)) : writeCatalog(dir, ports.simulators),
      ALLTOKENS_ADMIN_KEY: ADMIN_KEY,
      SIM_API_KEY: 'sim-key',
      LOG_LEVEL: 'warn',
      // Tests assert which provider answers: route deterministically (cheapest first) unless a test says otherwise.
      ROUTER_LOAD_BALANCING: 'cheapest-first',
      // Tests receive webhooks on loopback.
      ALLTOKENS_WEBHOOK_ALLOW_PRIVATE: 'true',
      ...extra.env,
    };
    const stack = await startStack({ root: resolve(__dirname, '../..'), logs: { dir: logDir }, ...extra, env, ports });
    return { stack, env };
  };
  const { stack, env } = await retryOnPortTaken(launchOnFreePorts).catch(async (error: unknown) => {
    await cluster?.stop();
    throw error;
  });
  const gatewayUrl = stack.gatewayUrl;
  const admin = (path: string, init: RequestInit = {}) =>
    fetch(`${gatewayUrl}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json', ...(init.headers ?? {}) },
    });
  return {
    stack,
    gatewayUrl,
    gatewayUrls: stack.gatewayUrls,
    simulatorUrls: stack.simulatorUrls,
    logDir,
    databaseUrl: database.url,
    env,
    admin,
    async createKey(body = {}) {
      const res = await admin('/api/v1/keys', { method: 'POST', body: JSON.stringify({ name: 'e2e', ...body }) });
      if (res.status !== 201) throw new Error(`create key: ${res.status} ${await res.text()}`);
      return (await res.json()) as { key: string; data: Record<string, unknown> };
    },
    client(apiKey, path = '/api/v1') {
      return new OpenAI({ apiKey, baseURL: `${gatewayUrl}${path}`, maxRetries: 0, timeout: 20_000 });
    },
    async stop() {
      await stack.stop();
      await database.drop();
      if (cluster) await cluster.stop();
      else await clearRedisPrefix(env.REDIS_URL, env.ALLTOKENS_PREFIX);
    },
  };
}
