// Database tooling that works offline: `npm run db -- <command>`.
//   generate                 prisma generate (the client only; no engine download)
//   migrate                  create the database if missing and apply pending migrations
//   migrate:create <name>    write a migration for the change to prisma/schema.prisma
//   check                    exit 1 if prisma/schema.prisma differs from the last migration
//   reset                    drop and recreate the database, then migrate
import { execFileSync } from 'node:child_process';
import { diffSchemas, FILTERS, withEngine } from './engine.mjs';
import { DEFAULT_URL, dropDatabase, ensureDatabase } from './database.mjs';
import { currentSchema, lastMigrationSchema, migrationList, writeMigration } from './migrations.mjs';

const url = process.env.DATABASE_URL || DEFAULT_URL;
const [command, ...args] = process.argv.slice(2);

async function migrate() {
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

const commands = {
  generate() {
    execFileSync('npx', ['prisma', 'generate'], {
      stdio: 'inherit',
      env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? '/bin/false' },
    });
  },
  migrate,
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
