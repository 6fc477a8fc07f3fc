import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports';

export interface LocalRedisSentinel {
  /** `redis-sentinel://127.0.0.1:S/<master name>`, the form REDIS_URL takes for Sentinel. */
  url: string;
  masterPort: number;
  stop(): Promise<void>;
}

/** A throwaway master and one sentinel watching it (`redis-server --sentinel`), on free loopback ports, nothing persisted. */
export async function startRedisSentinel(name = 'alltokens'): Promise<LocalRedisSentinel> {
  const dir = mkdtempSync(join(tmpdir(), 'alltokens-sentinel-'));
  const masterPort = await freePort();
  const sentinelPort = await freePort();
  const config = join(dir, 'sentinel.conf');
  writeFileSync(config, `port ${sentinelPort}\nbind 127.0.0.1\ndir ${dir}\nsentinel monitor ${name} 127.0.0.1 ${masterPort} 1\n`);
  const processes: ChildProcess[] = [
    spawn('redis-server', ['--port', String(masterPort), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--loglevel', 'warning'], { stdio: 'ignore' }),
  ];
  const stop = async () => {
    await Promise.all(processes.map((child) => new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    })));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await until(() => cli(masterPort, 'ping') === 'PONG', `redis-server on ${masterPort} did not start`);
    processes.push(spawn('redis-server', [config, '--sentinel'], { stdio: 'ignore' }));
    await until(() => cli(sentinelPort, 'sentinel', 'get-master-addr-by-name', name).includes(String(masterPort)), `sentinel on ${sentinelPort} does not know ${name}`);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `redis-sentinel://127.0.0.1:${sentinelPort}/${name}`, masterPort, stop };
}

function cli(port: number, ...args: string[]): string {
  return spawnSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8' }).stdout?.trim() ?? '';
}

async function until(check: () => boolean, message: string, timeoutMs = 15_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) if (check()) return;
  throw new Error(message);
}
