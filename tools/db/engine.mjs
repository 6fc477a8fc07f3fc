// Prisma's schema engine as WebAssembly (no native binary download), bound to Postgres through
// @prisma/adapter-pg. Needs node --experimental-wasm-modules on Node 20.
import { SchemaEngine } from '@prisma/schema-engine-wasm';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPg } from '@prisma/adapter-pg';

export const FILTERS = { externalTables: [], externalEnums: [] };

export async function withEngine(connectionString, schema, fn) {
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg({ connectionString }));
  const logs = [];
  const engine = await SchemaEngine.new({ datamodels: [['schema.prisma', schema]] }, (line) => logs.push(line), adapter);
  try {
    return await fn(engine);
  } catch (error) {
    const message = error?.message ?? String(error);
    throw new Error(message + (logs.length && process.env.DEBUG ? `\n${logs.join('\n')}` : ''));
  } finally {
    engine.free();
  }
}

/** SQL that turns `fromSchema` (null = empty database) into `toSchema`; no database involved. */
export async function diffSchemas(connectionString, fromSchema, toSchema) {
  return withEngine(connectionString, toSchema, async (engine) => {
    const target = (content) => ({ tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content }] });
    const result = await engine.diff({
      from: fromSchema === null ? { tag: 'empty' } : target(fromSchema),
      to: target(toSchema),
      script: true,
      exitCode: null,
      filters: FILTERS,
    });
    return result.stdout ?? '';
  });
}
