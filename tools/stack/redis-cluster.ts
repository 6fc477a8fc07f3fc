import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports';

export interface LocalRedisCluster {
  /** `redis-cluster://127.0.0.1:P1,127.0.0.1:P2,...`, the form REDIS_URL takes for a cluster. */
  url: string;
  ports: number[];
  /** Kills every node and removes the data folder. */
  stop(): Promise<void>;
}

/**
 * A throwaway Redis Cluster of `masters` masters (no replicas) on free loopback ports, nothing persisted,
 * in a temporary folder: `redis-server --cluster-enabled yes` per node, `redis-cli --cluster create`,
 * then waits for `cluster_state:ok` on every node.
 */
export async function startRedisCluster(masters = 3): Promise<LocalRedisCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'alltokens-cluster-'));
  const ports: number[] = [];
  while (ports.length < masters) {
    const port = await freePort();
    // The cluster bus listens on port + 10000.
    if (!ports.includes(port) && (await isFree(port + 10_000))) ports.push(port);
  }
  const nodes: ChildProcess[] = ports.map((port) =>
    spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`,
      '--cluster-node-timeout', '2000', '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'warning'], { stdio: 'ignore' }),
  );
  const stop = async () => {
    await Promise.all(nodes.map((node) => new Promise<void>((resolve) => {
      if (node.exitCode !== null || node.signalCode !== null) return resolve();
      node.once('exit', () => resolve());
      node.kill('SIGKILL');
    })));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const port of ports) await until(() => cli(port, 'ping') === 'PONG', `redis-server on ${port} did not start`);
    const created = spawnSync('redis-cli', ['--cluster', 'create', ...ports.map((port) => `127.0.0.1:${port}`), '--cluster-replicas', '0', '--cluster-yes'], { encoding: 'utf8' });
    if (created.status !== 0) throw new Error(`redis-cli --cluster create failed: ${created.stdout}${created.stderr}`);
    for (const port of ports) await until(() => cli(port, 'cluster', 'info').includes('cluster_state:ok'), `cluster node ${port} never reached cluster_state:ok`);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `redis-cluster://${ports.map((port) => `127.0.0.1:${port}`).join(',')}`, ports, stop };
}

function cli(port: number, ...args: string[]): string {
  return spawnSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8' }).stdout?.trim() ?? '';
}

async function until(check: () => boolean, message: string, timeoutMs = 15_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) if (check()) return;
  throw new Error(message);
}

function isFree(port: number): Promise<boolean> {
  if (port > 65_535) return Promise.resolve(false);
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** The Redis deployments a suite's core paths run on: the machine's shared server and a throwaway 3-master cluster. */
export const REDIS_TARGETS = ['single Redis', 'Redis Cluster'] as const;
export type RedisTargetName = (typeof REDIS_TARGETS)[number];

export async function openRedisTarget(target: RedisTargetName): Promise<{ url: string; stop(): Promise<void> }> {
  if (target === 'single Redis') return { url: 'redis://127.0.0.1:6379', stop: async () => undefined };
  return startRedisCluster(3);
}
