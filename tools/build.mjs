// Builds every app and lib into dist/ (SWC: decorators + metadata, path aliases rewritten) after
// generating the Prisma client, then the web console (Vite) into dist/console, which the gateway serves at
// /dashboard. Type-checking is `npm run typecheck`.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const run = (cmd, args, env = {}) =>
  execFileSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });

run('npx', ['prisma', 'generate'], { PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? '/bin/false', PRISMA_HIDE_UPDATE_MESSAGE: '1' });
rmSync('dist', { recursive: true, force: true });
run('npx', ['swc', 'apps', 'libs', 'tools/stack', '-d', 'dist', '--quiet', '--ignore', '**/*.spec.ts,**/*.int-spec.ts,**/*.e2e-spec.ts,apps/console/**']);
run('npx', ['vite', 'build', '--config', 'apps/console/vite.config.mts']);
