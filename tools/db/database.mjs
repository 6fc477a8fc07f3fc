import pg from 'pg';

export const DEFAULT_URL = 'postgresql://postgres@127.0.0.1:5432/alltokens';

function split(url) {
  const parsed = new URL(url);
  const name = decodeURIComponent(parsed.pathname.slice(1));
  if (!/^[a-zA-Z0-9_-]+$/.test(name)) throw new Error(`Unsupported database name '${name}'`);
  parsed.pathname = '/postgres';
  return { name, adminUrl: parsed.toString() };
}

async function withAdmin(url, fn) {
  const { name, adminUrl } = split(url);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client, name);
  } finally {
    await client.end();
  }
}

export async function ensureDatabase(url) {
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
