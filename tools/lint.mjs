// `npm run lint`: module boundaries and import hygiene (eslint.config.mjs) over every TypeScript file.
// The Nx rule reads the cached project graph and silently skips itself when there is none, so this
// script computes the graph first, then proves the rule is live on probe imports that must be refused.
import { resolve } from 'node:path';

process.env.NX_DAEMON = 'false';
process.env.NX_NO_CLOUD = 'true';
const root = resolve(import.meta.dirname, '..');
process.chdir(root);

const { createProjectGraphAsync } = await import('@nx/devkit');
await createProjectGraphAsync({ exitOnError: true });
const { ESLint } = await import('eslint');
const eslint = new ESLint({ cwd: root });

/** Imports the rules must refuse: [file the import is written in, import line, rule that refuses it]. */
const PROBES = [
  ['libs/platform/src/probe.ts', "import { createGateway } from '../../../apps/gateway/src/create-gateway';", '@nx/enforce-module-boundaries'],
  ['apps/gateway/src/probe.ts', "import { startRouterRuntime } from '../../router/src/router-runtime';", '@nx/enforce-module-boundaries'],
  ['apps/router/src/probe.spec.ts', "import { startSimulator } from '../../simulator/src/server';", '@nx/enforce-module-boundaries'],
  ['apps/gateway/src/probe.ts', "import { registry } from '@alltokens/providers';", '@nx/enforce-module-boundaries'],
  ['apps/router/src/probe.ts', "import { createPrismaClient } from '@alltokens/db';", '@nx/enforce-module-boundaries'],
  ['apps/simulator/src/probe.ts', "import { QueueName } from '@alltokens/contracts';", '@nx/enforce-module-boundaries'],
  ['libs/contracts/src/probe.ts', "import { Catalog } from '@alltokens/catalog';", '@nx/enforce-module-boundaries'],
  // Contracts stay zod-only: their BullMQ side (libs/jobs) builds on them, never the other way.
  ['libs/contracts/src/probe.ts', "import { JobProducer } from '@alltokens/jobs';", '@nx/enforce-module-boundaries'],
  ['libs/routing/src/probe.ts', "import { registry } from '@alltokens/providers';", '@nx/enforce-module-boundaries'],
  ['libs/platform/src/probe.ts', "import { launch } from '@alltokens/stack';", '@nx/enforce-module-boundaries'],
  ['test/e2e/probe.e2e-spec.ts', "import { createGateway } from '../../apps/gateway/src/create-gateway';", '@nx/enforce-module-boundaries'],
  ['apps/gateway/src/probe.ts', "import { createTestDatabase } from '@alltokens/db/testing';", 'no-restricted-imports'],
  ['apps/router/src/probe.ts', "import { freePort } from '@alltokens/stack';", 'no-restricted-imports'],
  // Controllers and services reach Postgres through repositories only (the Prisma client or its token).
  ['apps/gateway/src/alerts/probe.controller.ts', "import { PRISMA } from '../infra/tokens';", 'no-restricted-imports'],
  ['apps/gateway/src/guardrails/probe.controller.ts', "import type { PrismaClient } from '@alltokens/db';", 'no-restricted-imports'],
  ['apps/analytics/src/http/probe.controller.ts', "import { createPrismaClient } from '@alltokens/db';", 'no-restricted-imports'],
  ['apps/gateway/src/alerts/probe.service.ts', "import { PRISMA } from '../infra/tokens';", 'no-restricted-imports'],
  // Redis keys come from RedisKeys and connections from createRedis (Redis Cluster slots, REDIS_URL forms).
  ['apps/gateway/src/limits/probe.ts', "const key = (env: { ALLTOKENS_PREFIX: string }) => `${env.ALLTOKENS_PREFIX}:rl:x`;", 'no-restricted-syntax'],
  ['libs/routing/src/probe.ts', "const key = (prefix: string) => `${prefix}:health:x`;", 'no-restricted-syntax'],
  ['apps/router/src/probe.ts', "import Redis from 'ioredis';", 'no-restricted-syntax'],
  // The stricter block still refuses test helpers.
  ['apps/gateway/src/teams/probe.controller.ts', "import { createTestDatabase } from '@alltokens/db/testing';", 'no-restricted-imports'],
];
/** Imports the rules must let through: Prisma's types and enums are part of a controller's vocabulary. */
const ALLOWED = [
  ['apps/gateway/src/policies/probe.controller.ts', "import { ScopeKind, type Policy } from '@alltokens/db';"],
  ['apps/gateway/src/policies/probe.controller.ts', "import { REDIS } from '../infra/tokens';"],
];

const failures = [];
for (const [filePath, code, ruleId] of PROBES) {
  const [result] = await eslint.lintText(`${code}\nexport const probe = 1;\n`, { filePath });
  if (!result.messages.some((message) => message.ruleId === ruleId)) failures.push(`${filePath}: \`${code}\` was not refused by ${ruleId}`);
}
for (const [filePath, code] of ALLOWED) {
  const [result] = await eslint.lintText(`${code}\nexport const probe = 1;\n`, { filePath });
  if (result.messages.length) failures.push(`${filePath}: \`${code}\` was refused: ${result.messages.map((m) => m.message).join('; ')}`);
}
if (failures.length) {
  console.error(`The lint rules are not live:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}

const results = await eslint.lintFiles(['**/*.ts']);
const formatter = await eslint.loadFormatter('stylish');
const output = await formatter.format(results);
if (output) console.log(output);
const errors = results.reduce((sum, result) => sum + result.errorCount + result.warningCount, 0);
if (errors === 0) console.log(`lint: ${results.length} files, boundaries and imports clean (${PROBES.length} probe imports refused, ${ALLOWED.length} allowed)`);
process.exit(errors === 0 ? 0 : 1);
