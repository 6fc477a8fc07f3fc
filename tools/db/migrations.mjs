import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const PRISMA_DIR = resolve(process.env.PRISMA_DIR ?? 'prisma');
export const MIGRATIONS_DIR = join(PRISMA_DIR, 'migrations');
export const SCHEMA_PATH = join(PRISMA_DIR, 'schema.prisma');
const LOCKFILE = 'migration_lock.toml';

export function currentSchema() {
  return readFileSync(SCHEMA_PATH, 'utf8');
}

/** Migration folders in apply order (their names start with a UTC timestamp). */
export function migrationNames() {
  if (!existsSync(MIGRATIONS_DIR)) return [];
  return readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(MIGRATIONS_DIR, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort();
}

/** The schema each migration was made from is kept beside it, so the next diff starts there. */
export function lastMigrationSchema() {
  const names = migrationNames();
  if (!names.length) return null;
  return readFileSync(join(MIGRATIONS_DIR, names[names.length - 1], 'schema.prisma'), 'utf8');
}

export function writeMigration(name, sql, schema) {
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const dir = join(MIGRATIONS_DIR, `${stamp}_${name.replace(/[^a-z0-9_]+/gi, '_').toLowerCase()}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'migration.sql'), sql);
  writeFileSync(join(dir, 'schema.prisma'), schema);
  return dir;
}

/** The input `applyMigrations` expects, read from disk. */
export function migrationList() {
  const lockPath = join(MIGRATIONS_DIR, LOCKFILE);
  return {
    baseDir: MIGRATIONS_DIR,
    lockfile: { path: LOCKFILE, content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: migrationNames().map((name) => ({
      path: name,
      migrationFile: {
        path: 'migration.sql',
        content: { tag: 'ok', value: readFileSync(join(MIGRATIONS_DIR, name, 'migration.sql'), 'utf8') },
      },
    })),
  };
}
