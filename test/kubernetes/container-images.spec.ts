import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import { parse } from 'yaml';
import { stackSpecs } from '@alltokens/stack';
import { component, ofKind, OVERLAYS, render, ROOT } from '@alltokens/kubernetes';

const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const apps = readdirSync(join(ROOT, 'apps')).filter((name) => existsSync(join(ROOT, 'apps', name, 'src/main.ts')));

/** `FROM runtime AS app-<name>` stages and the APP / NODE_FLAGS each sets. */
function appStages(): Map<string, { app: string; flags: string[] }> {
  const stages = new Map<string, { app: string; flags: string[] }>();
  for (const match of dockerfile.matchAll(/^FROM runtime AS app-(\S+)\nENV (.*)$/gm)) {
    const env = Object.fromEntries([...match[2]!.matchAll(/(\w+)=("[^"]*"|\S+)/g)].map(([, key, value]) => [key!, value!.replace(/^"|"$/g, '')]));
    stages.set(match[1]!, { app: env.APP!, flags: env.NODE_FLAGS!.split(' ').filter(Boolean) });
  }
  return stages;
}

describe('the Dockerfile', () => {
  const stages = appStages();

  it('has one stage per app, selected by the APP build argument', () => {
    expect([...stages.keys()].sort()).toEqual(apps.sort());
    for (const [name, stage] of stages) expect(stage.app).toBe(name);
    expect(dockerfile).toMatch(/^FROM app-\$\{APP\}$/m);
    expect(dockerfile).toContain('CMD ["sh", "-c", "exec node $NODE_FLAGS dist/apps/$APP/src/main.js"]');
  });

  it('runs each app with the Node flags the local stack and the benchmarks use', () => {
    const specs = stackSpecs({ ports: { gateway: 0, router: 0, analytics: 0, simulators: [0] }, env: {} });
    for (const spec of specs) expect([spec.name, stages.get(spec.name)?.flags]).toEqual([spec.name, spec.nodeFlags ?? []]);
  });

  it('runs as a numeric non-root user and ships the migration tool', () => {
    expect(dockerfile).toMatch(/^USER 1000:1000$/m);
    for (const path of ['tools/db', 'prisma', 'config']) expect(dockerfile).toContain(`COPY ${path} ./${path}`);
  });

  it('builds from a context without secrets, local data or host builds, but with everything it copies', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').filter((line) => line && !line.startsWith('#'));
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', '.env', '.data', '.git']));
    for (const copied of ['package.json', 'package-lock.json', 'apps', 'libs', 'tools', 'prisma', 'config', 'tsconfig.base.json', '.swcrc']) {
      expect(ignored).not.toContain(copied);
    }
  });
});

it('docker-compose builds every app from the Dockerfile', () => {
  const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as { services: Record<string, { build?: { context: string; dockerfile?: string; args?: { APP?: string } } }> };
  const built = Object.values(compose.services).flatMap((service) => (service.build ? [service.build] : []));
  for (const build of built) {
    expect(build.dockerfile).toBeUndefined();
    expect(apps).toContain(build.args?.APP);
  }
  expect(new Set(built.map((build) => build.args!.APP))).toEqual(new Set(apps));
});

it.each(OVERLAYS)('overlay %s runs each app from the image built for it', (overlay) => {
  for (const deployment of ofKind<IDeployment>(render(overlay), 'Deployment')) {
    const app = component(deployment.spec!.template)!;
    const image = deployment.spec!.template.spec!.containers[0]!.image!;
    if (!apps.includes(app)) continue; // the dev overlay's Postgres and Redis
    expect(image.split(':')[0]!.split('/').pop()).toBe(app);
  }
});
