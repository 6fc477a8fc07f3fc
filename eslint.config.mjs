// Lint is for the layout, not for style: module boundaries between the Nx projects (tags in each
// project.json) and import hygiene. `npm run lint` (part of `npm test`) computes the Nx project graph first.
import nx from '@nx/eslint-plugin';
import tsParser from '@typescript-eslint/parser';

const libs = (...names) => names.map((name) => `lib:${name}`);

/** Who may import whom. Every constraint whose source tag a project carries applies. */
const depConstraints = [
  // Apps are deployed on their own: they share code through libs, never by importing each other.
  // Their tests may also start built services as processes (`type:tool`, tests only: see below).
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', 'type:tool'] },
  // Only the router calls providers; only the gateway and analytics own Postgres.
  // Prompt guardrails run on the gateway, response deny-lists on the router; alerts are delivered by analytics.
  { sourceTag: 'scope:gateway', onlyDependOnLibsWithTags: [...libs('contracts', 'catalog', 'db', 'jobs', 'platform', 'routing', 'guardrails', 'alerts'), 'type:tool'] },
  { sourceTag: 'scope:router', onlyDependOnLibsWithTags: [...libs('contracts', 'catalog', 'jobs', 'platform', 'providers', 'routing', 'guardrails'), 'type:tool'] },
  { sourceTag: 'scope:analytics', onlyDependOnLibsWithTags: [...libs('contracts', 'catalog', 'db', 'jobs', 'platform', 'routing', 'alerts'), 'type:tool'] },
  // The simulator stands in for third-party providers and is built to their specifications: it
  // imports nothing of the product, so it cannot drift along with our own mappings.
  { sourceTag: 'scope:simulator', onlyDependOnLibsWithTags: [] },
  // The web console runs in the browser and reaches the product only through the gateway's HTTP API.
  { sourceTag: 'scope:console', onlyDependOnLibsWithTags: [] },
  // Libs never import apps or tools; they are layered.
  { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'lib:contracts', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'lib:catalog', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'lib:db', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'lib:platform', onlyDependOnLibsWithTags: libs('contracts') },
  // The BullMQ side of the job contracts (typed producer, handler tables, usage emitter).
  { sourceTag: 'lib:jobs', onlyDependOnLibsWithTags: libs('contracts', 'platform') },
  { sourceTag: 'lib:providers', onlyDependOnLibsWithTags: libs('contracts', 'catalog', 'platform') },
  { sourceTag: 'lib:routing', onlyDependOnLibsWithTags: libs('contracts', 'catalog', 'platform') },
  { sourceTag: 'lib:guardrails', onlyDependOnLibsWithTags: libs('contracts') },
  { sourceTag: 'lib:alerts', onlyDependOnLibsWithTags: libs('contracts', 'platform') },
  // The stack launcher runs built services by path; it imports none of them.
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: [] },
  // End-to-end tests talk to the running services over the wire, never to their source.
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib', 'type:tool'] },
];

const testOnlyImports = {
  paths: [
    { name: '@alltokens/db/testing', message: 'Test helper: import it from tests only.' },
    { name: '@alltokens/stack', message: 'The stack launcher: import it from tests only.' },
    { name: '@alltokens/kubernetes', message: 'The manifests test tool: import it from tests only.' },
  ],
};

const REDIS_KEYS_ONLY = 'Build Redis keys and channels with RedisKeys (@alltokens/contracts): keys used together must share a hash slot on Redis Cluster.';
const REDIS_FACTORY_ONLY = 'Open Redis with createRedis (@alltokens/platform): it reads REDIS_URL for a single server, Sentinel or Cluster.';

const REPOSITORIES_ONLY = 'Only a *.repository.ts talks to Postgres: call the feature service and let it use a repository.';

export default [
  { ignores: ['**/node_modules/**', 'dist/**', 'coverage/**', 'logs/**', 'libs/db/src/generated/**', '.nx/**'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tsParser, ecmaVersion: 2023, sourceType: 'module' },
    plugins: { '@nx': nx },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@nx/enforce-module-boundaries': ['error', { depConstraints, allow: [], banTransitiveDependencies: false, checkDynamicDependenciesExceptions: [] }],
      'no-duplicate-imports': ['error', { allowSeparateTypeImports: true }],
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/dist/**', '*/dist/**'], message: 'Import the source, not the build output.' }] }],
    },
  },
  {
    files: ['apps/*/src/**/*.ts', 'libs/*/src/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/testing.ts', '**/testing/**'],
    rules: { 'no-restricted-imports': ['error', { ...testOnlyImports, patterns: [{ group: ['**/dist/**', '*/dist/**'], message: 'Import the source, not the build output.' }] }] },
  },
  {
    // Redis Cluster (#14): one key builder and one connection factory for the product's code.
    files: ['apps/*/src/**/*.ts', 'libs/*/src/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/testing.ts', '**/testing/**', 'libs/contracts/src/redis-keys.ts', 'libs/platform/src/redis.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "TemplateLiteral[quasis.0.value.raw=''][quasis.1.value.raw=/^:/][expressions.0.name=/(prefix|Prefix|PREFIX)$/]", message: REDIS_KEYS_ONLY },
        { selector: "TemplateLiteral[quasis.0.value.raw=''][quasis.1.value.raw=/^:/][expressions.0.property.name=/(prefix|Prefix|PREFIX)$/]", message: REDIS_KEYS_ONLY },
        { selector: "ImportDeclaration[source.value='ioredis'][importKind='value']", message: REDIS_FACTORY_ONLY },
      ],
    },
  },
  {
    // Feature folders (#12): a controller parses, calls its service and audits; the service holds the
    // logic; only a *.repository.ts talks to Postgres. Prisma's types and enums stay importable.
    // (This block replaces the one above for these files, so it repeats its restrictions.)
    files: ['apps/*/src/**/*.controller.ts', 'apps/*/src/**/*.service.ts'],
    ignores: [
      // Readiness asks the connection itself whether Postgres answers: there is no data to access.
      'apps/gateway/src/health/health.service.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...testOnlyImports.paths, { name: '@alltokens/db', importNames: ['PrismaClient', 'createPrismaClient'], message: REPOSITORIES_ONLY }],
          patterns: [
            { group: ['**/dist/**', '*/dist/**'], message: 'Import the source, not the build output.' },
            { group: ['**/infra/tokens'], importNames: ['PRISMA'], message: REPOSITORIES_ONLY },
          ],
        },
      ],
    },
  },
];
