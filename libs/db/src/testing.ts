import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { createPrismaClient, type PrismaClient, type PrismaClientOptions } from './index';

const run = promisify(execFile);
/** The repository root (this file also runs compiled from dist/). */
function repositoryRoot(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) if (existsSync(join(dir, 'tools/db/cli.mjs'))) return dir;
  throw new Error('tools/db/cli.mjs not found above ' + __dirname);
}
const ROOT = repositoryRoot();
export const TEST_SERVER_URL = process.env.TEST_DATABASE_SERVER_URL ?? 'postgresql://postgres@127.0.0.1:5432';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * A fresh, uniquely named database with every migration applied by the real `db migrate` command,
 * so integration suites never share state and always run against what the migrations build.
 */
export async function createTestDatabase(name = 'suite'): Promise<TestDatabase> {
  const database = `alltokens_t_${name.replace(/\W+/g, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  const url = `${TEST_SERVER_URL}/${database}`;
  await run(process.execPath, ['--experimental-wasm-modules', '--no-warnings', 'tools/db/cli.mjs', 'migrate'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url },
  });
  return {
    url,
    async drop() {
      const admin = new Client({ connectionString: `${TEST_SERVER_URL}/postgres` });
      await admin.connect();
      try {
        await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}

export interface TestPrisma {
  url: string;
  prisma: PrismaClient;
  /** Disconnects the client and drops the database. */
  stop(): Promise<void>;
}

/** A fresh database (as `createTestDatabase` makes it) and a small Prisma client on it: an integration suite's Postgres. */
export async function createTestPrisma(name: string, options: PrismaClientOptions = { max: 2 }): Promise<TestPrisma> {
  const database = await createTestDatabase(name);
  const prisma = createPrismaClient(database.url, options);
  return {
    url: database.url,
    prisma,
    async stop() {
      await prisma.$disconnect();
      await database.drop();
    },
  };
}
