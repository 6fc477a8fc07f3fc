import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { clearRedisPrefix, freePort, uniquePrefix } from '@alltokens/stack';
import { eventually } from '../support/eventually';

jest.setTimeout(120_000);

const ROOT = resolve(__dirname, '../..');
const REDIS_URL = 'redis://127.0.0.1:6379';

/** `npm start`'s demo (dist/tools/stack/start-demo.js) pointed at a port where no Postgres runs. */
describe('npm start without a local PostgreSQL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'alltokens-embedded-pg-'));
  // Run as root (CI), Postgres runs as the `postgres` user, which must reach the data directory.
  chmodSync(dir, 0o755);
  const prefix = uniquePrefix('e2e-embedded-pg');
  let databaseUrl: string;
  let demo: ChildProcess;
  let output = '';
  let exited: Promise<number | null>;

  beforeAll(async () => {
    const [pgPort, gateway, router, analytics, sim1, sim2] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort(), freePort()]);
    databaseUrl = `postgresql://postgres@127.0.0.1:${pgPort}/alltokens`;
    demo = spawn(process.execPath, ['dist/tools/stack/start-demo.js'], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        REDIS_URL,
        ALLTOKENS_PREFIX: prefix,
        ALLTOKENS_EMBEDDED_PG_DIR: join(dir, 'data'),
        GATEWAY_PORT: String(gateway),
        ROUTER_PORT: String(router),
        ANALYTICS_PORT: String(analytics),
        SIMULATOR_PORTS: `${sim1},${sim2}`,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    demo.stdout!.on('data', (data: Buffer) => (output += data.toString()));
    demo.stderr!.on('data', (data: Buffer) => (output += data.toString()));
    exited = new Promise((res) => demo.once('exit', (code) => res(code)));
    const ready = eventually(async () => (output.includes('Press Ctrl+C') ? true : undefined), 90_000, 200);
    const failed = exited.then((code) => {
      throw new Error(`the demo exited with code ${code}:\n${output}`);
    });
    failed.catch(() => undefined); // once ready, a later exit is the second test's business
    await Promise.race([ready, failed]);
  });

  afterAll(async () => {
    if (demo && demo.exitCode === null) {
      demo.kill('SIGTERM');
      await exited;
    }
    await clearRedisPrefix(REDIS_URL, prefix);
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts an embedded Postgres there, migrates it and serves a billed request', async () => {
    expect(output).toContain('started an embedded one there');
    const gatewayUrl = /AllTokens is running: gateway (\S+)/.exec(output)![1];
    const key = /Demo API key: (\S+)/.exec(output)![1];
    const res = await fetch(`${gatewayUrl}/api/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hello' }] }),
    });
    expect(res.status).toBe(200);
    const id = res.headers.get('x-request-id');

    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const version = await client.query<{ server_version: string }>('SHOW server_version');
      expect(version.rows[0]!.server_version).toMatch(/^\d+/);
      const row = await eventually(async () => (await client.query('SELECT id FROM generations WHERE id = $1', [id])).rows[0], 15_000);
      expect(row.id).toBe(id);
    } finally {
      await client.end();
    }
  });

  it('stops the services and then the embedded Postgres on SIGTERM', async () => {
    demo.kill('SIGTERM');
    expect(await exited).toBe(0);
    const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 2000 });
    await expect(client.connect()).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
