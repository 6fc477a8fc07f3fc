import pg from 'pg';

export const DEFAULT_URL = 'postgresql://postgres@127.0.0.1:5432/alltokens';

/** Errors that go away by themselves while a server starts or a network comes up; anything else is fatal. */
const TRANSIENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', '57P03']);

/** 3D000 from Postgres; PgBouncer reports the same condition as a protocol error with Postgres' message. */
const missingDatabase = (error) => error.code === '3D000' || /database ".*" does not exist/.test(error.message ?? '');

function split(url) {
  const parsed = new URL(url);
  const name = decodeURIComponent(parsed.pathname.slice(1));
  if (!/^[a-zA-Z0-9_-]+$/.test(name)) throw new Error(`Unsupported database name '${name}'`);
  parsed.pathname = '/postgres';
  return { name, adminUrl: parsed.toString() };
}

/** The URL without its password, for messages. */
export function displayUrl(url) {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

async function withClient(connectionString, fn) {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function withAdmin(url, fn) {
  const { name, adminUrl } = split(url);
  return withClient(adminUrl, (client) => fn(client, name));
}

/**
 * Creates the database if it is missing. It connects to the database itself first, so a role that may
 * only reach its own database (common on managed Postgres) never needs the maintenance database.
 */
export async function ensureDatabase(url) {
  try {
    await withClient(url, async () => undefined);
    return false;
  } catch (error) {
    // PgBouncer may hold a login to a missing database until the client's timeout instead of refusing it.
    if (!missingDatabase(error) && !/timeout/i.test(error.message ?? '')) throw error;
  }
  return withAdmin(url, async (client, name) => {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name}"`);
    return !rowCount;
  });
}

export async function dropDatabase(url) {
  await withAdmin(url, async (client, name) => {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
}

/**
 * Waits until the server accepts a connection (to the database, or to the server when the database does
 * not exist yet). Retries only what a starting server or network causes; a wrong password fails at once.
 */
export async function waitForServer(url, seconds, log = console.log) {
  const deadline = Date.now() + seconds * 1000;
  for (let attempt = 1; ; attempt++) {
    try {
      await withClient(url, async () => undefined);
      return;
    } catch (error) {
      if (missingDatabase(error)) return;
      const transient = TRANSIENT_CODES.has(error.code) || /timeout/i.test(error.message);
      if (!transient || Date.now() >= deadline) {
        throw new Error(`Postgres at ${displayUrl(url)} is not usable: ${error.message || error.code}`);
      }
      if (attempt === 1) log(`waiting up to ${seconds} s for Postgres at ${displayUrl(url)} (${error.code ?? error.message})`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

/** Names of the migrations recorded as applied (finished, not rolled back); none before the first migrate. */
export async function appliedMigrations(url) {
  return withClient(url, async (client) => {
    try {
      const { rows } = await client.query('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL');
      return new Set(rows.map((row) => row.migration_name));
    } catch (error) {
      if (error.code === '42P01') return new Set(); // no _prisma_migrations table yet
      throw error;
    }
  }).catch((error) => {
    if (missingDatabase(error)) return new Set();
    throw error;
  });
}
