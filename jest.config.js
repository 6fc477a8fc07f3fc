/**
 * Three tiers, selected with `--selectProjects unit|integration|e2e` (all by default):
 * `*.spec.ts` unit, `*.int-spec.ts` real Postgres/Redis, `*.e2e-spec.ts` the built stack,
 * `*.chaos-spec.ts` the reliability suite (docs/reliability.md), `*.soak-spec.ts` its soak.
 */
const swcConfig = JSON.parse(require('fs').readFileSync(`${__dirname}/.swcrc`, 'utf8'));
delete swcConfig.$schema;

const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['@swc/jest', { ...swcConfig, swcrc: false }],
    // Nest 12 ships ES modules only, which Jest cannot require on Node 20: compile them to CommonJS.
    '/node_modules/.+\\.js$': ['@swc/jest', { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' }, swcrc: false }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|uid|file-type)/)'],
  moduleNameMapper: {
    '^@alltokens/db/testing$': '<rootDir>/libs/db/src/testing.ts',
    '^@alltokens/stack$': '<rootDir>/tools/stack/index.ts',
    '^@alltokens/kubernetes$': '<rootDir>/tools/kubernetes/index.ts',
    '^@alltokens/(contracts|providers|catalog|db|platform|routing|jobs|guardrails|alerts)$': '<rootDir>/libs/$1/src/index.ts',
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};

module.exports = {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/**/*.spec.ts'] },
    { ...shared, displayName: 'integration', testMatch: ['<rootDir>/**/*.int-spec.ts'] },
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/**/*.e2e-spec.ts'] },
    // Own Postgres/Redis/fault proxies per suite; short mode in `npm test`, full with `npm run test:chaos`.
    { ...shared, displayName: 'chaos', testMatch: ['<rootDir>/test/chaos/**/*.chaos-spec.ts'] },
    { ...shared, displayName: 'soak', testMatch: ['<rootDir>/test/chaos/**/*.soak-spec.ts'] },
  ],
};
