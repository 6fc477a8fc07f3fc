// Database tooling that works offline: `npm run db -- <command>`.
//   generate                 prisma generate (the client only; no engine download)
//   migrate [--wait <s>]     create the database if missing and apply pending migrations; with --wait,
//                            first wait up to <s> seconds for Postgres to accept connections
//   status [--wait <s>]      exit 1 if a migration of prisma/migrations is not applied; with --wait, poll
//                            until all are (init containers: new pods start only after the migration Job)
//   migrate:create <name>    write a migration for the change to prisma/schema.prisma
//   check                    exit 1 if prisma/schema.prisma differs from the last migration
//   reset                    drop and recreate the database, then migrate
import { execFileSync } from 'node:child_process';
import { diffSchemas, FILTERS, withEngine } from './engine.mjs';
import { appliedMigrations, DEFAULT_URL, dropDatabase, ensureDatabase, waitForServer } from './database.mjs';
import { currentSchema, lastMigrationSchema, migrationList, migrationNames, writeMigration } from './migrations.mjs';

const url = process.env.DATABASE_URL || DEFAULT_URL;
const [command, ...args] = process.argv.slice(2);

/** `--wait <seconds>` (0 when absent). */
function waitSeconds() {
  const index = args.indexOf('--wait');
  if (index < 0) return 0;
  const seconds = Number(args[index + 1]);
  if (!Number.isFinite(seconds) || seconds < 0) throw new Error('--wait needs a number of seconds');
  return seconds;
}

async function migrate() {
  const wait = waitSeconds();
  if (wait) await waitForServer(url, wait);
  if (await ensureDatabase(url)) console.log('created database');
  const applied = await withEngine(url, currentSchema(), (engine) =>
    engine.applyMigrations({ migrationsList: migrationList(), filters: FILTERS }),
  );
  const names = applied.appliedMigrationNames;
  console.log(names.length ? `applied ${names.length} migration(s): ${names.join(', ')}` : 'database is up to date');
}

/** Diffs touch no data, but the engine wants a live connection: the server's maintenance database. */
function maintenanceUrl() {
  const parsed = new URL(url);
  parsed.pathname = '/postgres';
  return parsed.toString();
}

async function pendingSql() {
  return (await diffSchemas(maintenanceUrl(), lastMigrationSchema(), currentSchema())).trim();
}

async function status() {
  const deadline = Date.now() + waitSeconds() * 1000;
  for (let announced = false; ; announced = true) {
    const applied = await appliedMigrations(url).catch((error) => {
      if (Date.now() >= deadline) throw error;
      return null; // the server is not reachable yet: keep waiting
    });
    const pending = applied ? migrationNames().filter((name) => !applied.has(name)) : null;
    if (pending?.length === 0) return console.log(`all ${migrationNames().length} migrations are applied`);
    if (Date.now() >= deadline) {
      console.error(`${pending.length} migration(s) not applied: ${pending.join(', ')}\nRun: npm run db -- migrate`);
      process.exitCode = 1;
      return;
    }
    if (!announced) console.log(`waiting for ${pending ? pending.join(', ') : 'Postgres'} to be applied`);
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

const commands = {
  generate() {
    execFileSync('npx', ['prisma', 'generate'], {
      stdio: 'inherit',
      env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? '/bin/false' },
    });
  },
  migrate,
  status,
  async 'migrate:create'() {
    const name = args[0];
    if (!name) throw new Error('usage: npm run db -- migrate:create <name>');
    const sql = await pendingSql();
    if (!sql || sql.startsWith('-- This is an empty migration')) return console.log('no changes');
    console.log(`wrote ${writeMigration(name, sql + '\n', currentSchema())}`);
  },
  async check() {
    const sql = await pendingSql();
    if (sql && !sql.startsWith('-- This is an empty migration')) {
      console.error(`prisma/schema.prisma has changes without a migration:\n${sql}\nRun: npm run db -- migrate:create <name>`);
      process.exitCode = 1;
      return;
    }
    console.log('migrations match the schema');
  },
  async reset() {
    await dropDatabase(url);
    await migrate();
  },
};

const run = commands[command];
if (!run) {
  console.error(`unknown command '${command ?? ''}'; one of: ${Object.keys(commands).join(', ')}`);
  process.exit(2);
}
try {
  await run();
} catch (error) {
  console.error(`db ${command}: ${error.message}`);
  process.exitCode = 1;
}
// The adapter's pool would keep the process alive for its idle timeout.
process.exit();
