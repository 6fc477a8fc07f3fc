import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { ensureLocalPostgres } from './local-postgres';
import { startStack, type Stack } from './stack';

const env = {
  DATABASE_URL: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/alltokens',
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  ALLTOKENS_PREFIX: process.env.ALLTOKENS_PREFIX ?? 'alltokens',
  ALLTOKENS_CONFIG: process.env.ALLTOKENS_CONFIG ?? 'config/alltokens.yaml',
  ALLTOKENS_ADMIN_KEY: process.env.ALLTOKENS_ADMIN_KEY ?? `at-admin-${randomBytes(16).toString('hex')}`,
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
};
const port = Number(process.env.GATEWAY_PORT ?? 8080);
const routerPort = Number(process.env.ROUTER_PORT ?? port + 1);
const analyticsPort = Number(process.env.ANALYTICS_PORT ?? port + 2);
const simulatorPorts = (process.env.SIMULATOR_PORTS ?? '4010,4011').split(',').map(Number);

function migrate(): void {
  execFileSync(process.execPath, ['--experimental-wasm-modules', '--no-warnings', 'tools/db/cli.mjs', 'migrate'], {
    stdio: 'inherit',
    env: { ...process.env, DATABASE_URL: env.DATABASE_URL },
  });
}

function start(logDir: string): Promise<Stack> {
  migrate();
  const [simulator, backup] = simulatorPorts.map((simulatorPort) => `http://127.0.0.1:${simulatorPort}`);
  return startStack({
    env: { ...env, SIMULATOR_URL: `${simulator}/v1`, SIMULATOR_BACKUP_URL: `${backup}/v1`, SIMULATOR_ORIGIN: simulator! },
    ports: { gateway: port, router: routerPort, analytics: analyticsPort, simulators: simulatorPorts },
    logs: { dir: logDir },
  });
}

async function main(): Promise<void> {
  const logDir = resolve('logs');
  const dataDir = resolve(process.env.ALLTOKENS_EMBEDDED_PG_DIR ?? '.data/postgres');
  const postgres = await ensureLocalPostgres(env.DATABASE_URL, { root: process.cwd(), dataDir, logDir });
  if (postgres.source === 'embedded') console.log(`No Postgres at ${new URL(env.DATABASE_URL).host}: started an embedded one there (data in ${dataDir})`);
  const stack = await start(logDir).catch(async (error: Error) => {
    await postgres.stop();
    throw error;
  });
  const res = await fetch(`${stack.gatewayUrl}/api/v1/keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${env.ALLTOKENS_ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: `demo ${new Date().toISOString()}` }),
  });
  if (!res.ok) throw new Error(`creating the demo key failed: ${res.status} ${await res.text()}`);
  const { key } = (await res.json()) as { key: string };
  console.log(`
AllTokens is running: gateway ${stack.gatewayUrl}  (logs in ${logDir}/)
Admin key (ALLTOKENS_ADMIN_KEY): ${env.ALLTOKENS_ADMIN_KEY}
Demo API key: ${key}
Console: ${stack.gatewayUrl}/dashboard (sign in with the admin key)

curl ${stack.gatewayUrl}/api/v1/chat/completions \\
  -H "Authorization: Bearer ${key}" -H "Content-Type: application/json" \\
  -d '{"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":"Hello!"}]}'

Press Ctrl+C to stop.`);
  const stop = async () => {
    await stack.stop();
    await postgres.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
