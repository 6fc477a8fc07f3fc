// Starts the three paths the benchmark compares, all in front of one mock upstream (the simulator):
// the bare mock, the full AllTokens stack, and the Portkey gateway from npm.
import { spawn, execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createRequire } from 'node:module';
import { startOtlpSink } from './otlp-sink.mjs';

const require = createRequire(import.meta.url);
const ROOT = resolve(import.meta.dirname, '../..');
const SERVER_URL = process.env.BENCH_DATABASE_SERVER_URL ?? 'postgresql://postgres@127.0.0.1:5432';
export const ADMIN_KEY = 'at-admin-bench-0123456789abcdef';
export const MOCK_KEY = 'sim-key';
export const MODEL = 'openai/gpt-4o-mini';

/** A free port below Linux's ephemeral range, so no outgoing connection can take it before the service listens. */
export async function freePort() {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise((res) => {
      const server = createServer();
      server.once('error', () => res(false));
      server.listen(port, '127.0.0.1', () => server.close(() => res(true)));
    });
    if (free) return port;
  }
}

/** A fresh database, migrated, and how to drop it. */
export async function createDatabase() {
  const { Client } = require('pg');
  const name = `alltokens_bench_${process.pid}_${Date.now().toString(36)}`;
  const admin = new Client({ connectionString: `${SERVER_URL}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = `${SERVER_URL}/${name}`;
  await promisify(execFile)(process.execPath, ['--experimental-wasm-modules', '--no-warnings', 'tools/db/cli.mjs', 'migrate'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url },
  });
  const drop = async () => {
    const client = new Client({ connectionString: `${SERVER_URL}/postgres` });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.end();
  };
  return { url, drop };
}

function catalogFile(dir, mockPort) {
  const path = join(dir, 'alltokens.yaml');
  writeFileSync(
    path,
    `providers:
  - id: mock
    base_url: http://127.0.0.1:${mockPort}/v1
    api_key: ${MOCK_KEY}
    models:
      - model: ${MODEL}
        pricing: { prompt: 0.15, completion: 0.6 }
models:
  - { id: ${MODEL}, name: "OpenAI: GPT-4o-mini", context_length: 128000 }
`,
  );
  return path;
}

async function waitFor(url, child, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: process exited with ${child.exitCode}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms`);
}

function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise((res) => child.once('exit', res));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  return exited.finally(() => clearTimeout(timer));
}

async function startPortkey(port, logDir) {
  const script = join(ROOT, 'node_modules/@portkey-ai/gateway/build/start-server.js');
  const log = openSync(join(logDir, 'portkey.log'), 'a');
  const child = spawn(process.execPath, [script, `--port=${port}`, '--headless'], { cwd: ROOT, stdio: ['ignore', log, log] });
  await waitFor(`http://127.0.0.1:${port}/`, child);
  return child;
}

export async function createKey(gatewayUrl) {
  const res = await fetch(`${gatewayUrl}/api/v1/keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench' }),
  });
  if (res.status !== 201) throw new Error(`create key: ${res.status} ${await res.text()}`);
  return res.json();
}

/**
 * Everything the sections need: each path's URL and headers, the processes (for RSS) and a stop().
 * `replicas`: how many of each of gateway, router and analytics (`paths.alltokens.origins` lists the
 * gateways); `redisUrl`: where the stack's Redis is (e.g. a local cluster); `portkey: false` skips Portkey;
 * `otlp: true` turns tracing on, exported over OTLP/HTTP to a sink in this process (`otlp`: what arrived).
 */
export async function startPeers({ nodeArgs = [], logDir, serviceEnv, replicas = 1, redisUrl = 'redis://127.0.0.1:6379', portkey: withPortkey = true, otlp: withOtlp = false } = {}) {
  const { startStack } = require(join(ROOT, 'dist/tools/stack/stack.js'));
  const { clearRedisPrefix } = require(join(ROOT, 'dist/tools/stack/clear-prefix.js'));
  const dir = mkdtempSync(join(tmpdir(), 'alltokens-bench-'));
  const more = async () => Promise.all(Array.from({ length: replicas - 1 }, () => freePort()));
  const ports = { gateway: await freePort(), router: await freePort(), analytics: await freePort(), simulators: [await freePort()] };
  ports.replicas = { gateway: await more(), router: await more(), analytics: await more() };
  const portkeyPort = await freePort();
  const database = await createDatabase();
  const prefix = `bench-${process.pid}-${Date.now().toString(36)}`;
  const env = {
    DATABASE_URL: database.url,
    REDIS_URL: redisUrl,
    ALLTOKENS_PREFIX: prefix,
    ALLTOKENS_CONFIG: catalogFile(dir, ports.simulators[0]),
    ALLTOKENS_ADMIN_KEY: ADMIN_KEY,
    SIM_API_KEY: MOCK_KEY,
    LOG_LEVEL: 'warn',
  };
  const otlp = withOtlp ? await startOtlpSink() : null;
  if (otlp) env.OTEL_EXPORTER_OTLP_ENDPOINT = otlp.endpoint;
  const logs = logDir ?? join(dir, 'logs');
  mkdirSync(logs, { recursive: true });
  const stack = await startStack({ root: ROOT, logs: { dir: logs }, env, ports, nodeArgs, serviceEnv }).catch(async (error) => {
    await database.drop();
    throw new Error(`${error.message} (service logs in ${logs})`);
  });
  const portkey = !withPortkey ? null : await startPortkey(portkeyPort, logs).catch(async (error) => {
    await stack.stop();
    await database.drop();
    throw error;
  });
  const key = await createKey(stack.gatewayUrl);
  const mockUrl = `http://127.0.0.1:${ports.simulators[0]}`;
  const paths = {
    bare: { name: 'bare mock', origin: mockUrl, path: '/v1/chat/completions', headers: { authorization: `Bearer ${MOCK_KEY}` } },
    alltokens: { name: 'AllTokens', origin: stack.gatewayUrl, origins: stack.gatewayUrls, path: '/api/v1/chat/completions', headers: { authorization: `Bearer ${key.key}` } },
    portkey: {
      name: 'Portkey',
      origin: `http://127.0.0.1:${portkeyPort}`,
      path: '/v1/chat/completions',
      headers: { authorization: `Bearer ${MOCK_KEY}`, 'x-portkey-provider': 'openai', 'x-portkey-custom-host': `${mockUrl}/v1` },
    },
  };
  const pids = {
    gateway: stack.service('gateway').child.pid,
    router: stack.service('router').child.pid,
    analytics: stack.service('analytics').child.pid,
    mock: stack.service('simulator').child.pid,
    portkey: portkey?.pid,
  };
  return {
    paths,
    pids,
    env,
    caller: { keyId: key.data.id, orgId: key.data.org_id },
    otlp: otlp?.received ?? null,
    async stop() {
      if (portkey) await stopChild(portkey);
      await stack.stop();
      await database.drop();
      await clearRedisPrefix(env.REDIS_URL, prefix);
      await otlp?.stop();
    },
  };
}
