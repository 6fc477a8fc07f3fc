import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { createPrismaClient } from './index';
import { createTestDatabase, type TestDatabase } from './testing';

const ROOT = resolve(__dirname, '../../..');

describe('migrations', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase('migrations');
  });
  afterAll(async () => database?.drop());

  it('build a database the generated client can use', async () => {
    const prisma = createPrismaClient(database.url, { max: 2 });
    try {
      const org = await prisma.organization.create({ data: { name: 'Acme' } });
      const key = await prisma.apiKey.create({
        data: { orgId: org.id, name: 'k', hash: 'h'.repeat(64), prefix: 'sk-at-v1-abcd', lastFour: 'wxyz', limitUsd: 12.5 },
      });
      const read = await prisma.apiKey.findUniqueOrThrow({ where: { hash: 'h'.repeat(64) }, include: { org: true } });
      expect(read.id).toBe(key.id);
      expect(read.org.name).toBe('Acme');
      expect(read.limitUsd?.toNumber()).toBe(12.5);
      expect(read.usageUsd.toNumber()).toBe(0);
      const applied = await prisma.$queryRaw<Array<{ n: bigint }>>`SELECT count(*) AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL`;
      expect(Number(applied[0]!.n)).toBeGreaterThan(0);
    } finally {
      await prisma.$disconnect();
    }
  });

  it('applying again is a no-op, and the schema matches the last migration', () => {
    const env = { ...process.env, DATABASE_URL: database.url };
    const again = execFileSync(process.execPath, ['--experimental-wasm-modules', '--no-warnings', 'tools/db/cli.mjs', 'migrate'], { cwd: ROOT, env });
    expect(again.toString()).toContain('database is up to date');
    const check = execFileSync(process.execPath, ['--experimental-wasm-modules', '--no-warnings', 'tools/db/cli.mjs', 'check'], { cwd: ROOT, env });
    expect(check.toString()).toContain('migrations match the schema');
  });
});
