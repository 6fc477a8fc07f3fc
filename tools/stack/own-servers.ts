import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './ports';

const run = promisify(execFile);
const PG_BIN = process.env.ALLTOKENS_PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** A server this process started on its own port and data directory, so a test may stop and restart it. */
export interface OwnServer {
  port: number;
  url: string;
  /** Stops the server: `fast` lets it shut down cleanly, `kill` is a crash (SIGKILL / immediate). */
  stop(mode?: 'fast' | 'kill'): Promise<void>;
  start(): Promise<void>;
  /** Stops it and deletes its data. */
  destroy(): Promise<void>;
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} not ready after ${timeoutMs} ms`);
}

/** A Redis with nothing persisted (`--save ''`, no AOF): a restart starts it empty, like a lost replica. */
export async function startOwnRedis(): Promise<OwnServer> {
  const dir = mkdtempSync(join(tmpdir(), 'alltokens-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  const ping = async () => (await run('redis-cli', ['-p', String(port), 'ping'])).stdout.trim() === 'PONG';
  const server: OwnServer = {
    port,
    url: `redis://127.0.0.1:${port}`,
    async start() {
      child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
      await waitFor(ping, `redis on ${port}`);
    },
    async stop(mode = 'fast') {
      const current = child;
      if (!current || current.exitCode !== null || current.signalCode !== null) return;
      const exited = new Promise((resolve) => current.once('exit', resolve));
      current.kill(mode === 'kill' ? 'SIGKILL' : 'SIGTERM');
      await exited;
    },
    async destroy() {
      await server.stop('kill');
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}

/**
 * A Postgres cluster of its own (initdb into a temp directory, trust auth, loopback only); Postgres
 * refuses to run as root, so its commands run as the `postgres` user.
 */
export async function startOwnPostgres(): Promise<OwnServer> {
  const base = mkdtempSync(join(tmpdir(), 'alltokens-pg-'));
  chmodSync(base, 0o755);
  const dataDir = join(base, 'data');
  mkdirSync(dataDir, { mode: 0o700 });
  const { stdout } = await run('id', ['-u', 'postgres']);
  const uid = Number(stdout.trim());
  chownSync(dataDir, uid, uid);
  const asPostgres = (command: string, args: string[]) => run('runuser', ['-u', 'postgres', '--', join(PG_BIN, command), ...args]);
  await asPostgres('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const port = await freePort();
  const server: OwnServer = {
    port,
    url: `postgresql://postgres@127.0.0.1:${port}`,
    async start() {
      const options = `-p ${port} -k ${dataDir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
      await asPostgres('pg_ctl', ['-D', dataDir, '-o', options, '-l', join(dataDir, 'server.log'), '-w', 'start']);
    },
    async stop(mode = 'fast') {
      await asPostgres('pg_ctl', ['-D', dataDir, '-m', mode === 'kill' ? 'immediate' : 'fast', '-w', 'stop']).catch(() => undefined);
    },
    async destroy() {
      await server.stop('kill');
      rmSync(base, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}
