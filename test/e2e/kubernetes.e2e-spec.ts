import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { createTestDatabase, type TestDatabase } from '@alltokens/db/testing';
import { appContainer, APPS, containersOf, environmentOf, httpPort, named, podTemplates, providersConfigMap, render, type AppName } from '@alltokens/kubernetes';
import { clearRedisPrefix, freePort, launchAll, stackSpecs, uniquePrefix, type RunningService } from '@alltokens/stack';

jest.setTimeout(90_000);

const ROOT = resolve(__dirname, '../..');
const REDIS_URL = 'redis://127.0.0.1:6379';
const run = promisify(execFile);

/**
 * The production overlay's containers, run as processes: each service boots with the environment its
 * manifest gives it (real Postgres and Redis instead of the Secrets' values, a free port instead of its
 * fixed one), and answers its probes and its ServiceMonitor's path where the manifest says.
 */
describe('the production manifests against the running services', () => {
  const objects = render('production');
  const container = (app: AppName) => appContainer(objects, app);
  const prefix = uniquePrefix('e2e-k8s');
  const ports: Partial<Record<AppName, number>> = {};
  let database: TestDatabase;
  let services: RunningService[] = [];
  let configPath: string;

  /** The manifest's environment, with this machine's Postgres, Redis, files and a free port in place of its own. */
  function environment(app: AppName): Record<string, string> {
    const values = environmentOf(container(app), objects).values;
    // The variable holding the container port (each app's own spec checks it is the one its schema reads).
    const portVariable = Object.keys(values).find((name) => name.endsWith('_PORT') && values[name] === String(httpPort(container(app))))!;
    return { ...values, DATABASE_URL: database.url, REDIS_URL, ALLTOKENS_PREFIX: prefix, ALLTOKENS_CONFIG: configPath, [portVariable]: String(ports[app]), LOG_LEVEL: 'warn' };
  }
  const probeUrl = (app: AppName, probe: IContainer['readinessProbe']) => `http://127.0.0.1:${ports[app]}${probe!.httpGet!.path}`;

  beforeAll(async () => {
    database = await createTestDatabase('kubernetes');
    configPath = join(mkdtempSync(join(tmpdir(), 'alltokens-k8s-')), 'alltokens.yaml');
    writeFileSync(configPath, providersConfigMap(objects).data['alltokens.yaml']!);
    for (const app of APPS) ports[app] = await freePort();
    // The Node flags of the image (the Dockerfile keeps them equal to the stack's).
    const flags = Object.fromEntries(stackSpecs({ ports: { gateway: 0, router: 0, analytics: 0, simulators: [] }, env: {} }).map((spec) => [spec.name, spec.nodeFlags ?? []]));
    services = await launchAll(
      (['analytics', 'router', 'gateway'] as const).map((app) => ({
        name: app,
        // The image runs dist/apps/$APP/src/main.js (Dockerfile).
        script: `apps/${app}/src/main.js`,
        nodeFlags: flags[app],
        env: environment(app),
        readyUrl: probeUrl(app, container(app).readinessProbe),
      })),
      { root: ROOT, logs: { dir: join(tmpdir(), `${prefix}-logs`) } },
    );
  });

  afterAll(async () => {
    for (const service of [...services].reverse()) await service.stop();
    await clearRedisPrefix(REDIS_URL, prefix);
    await database?.drop();
  });

  it.each(APPS)('%s answers its startup, liveness and readiness probes', async (app) => {
    for (const probe of [container(app).startupProbe, container(app).livenessProbe, container(app).readinessProbe]) {
      expect((await fetch(probeUrl(app, probe))).status).toBe(200);
    }
  });

  it.each(APPS)("%s serves Prometheus metrics at its ServiceMonitor's path", async (app) => {
    const monitor = named<IServiceMonitor>(objects, 'ServiceMonitor', `alltokens-${app}`);
    for (const endpoint of monitor.spec.endpoints!) {
      const res = await fetch(`http://127.0.0.1:${ports[app]}${endpoint.path}`);
      expect(res.status).toBe(200);
      expect(await res.text()).toMatch(/^# HELP /m);
    }
  });

  it("the migration Job's and the init containers' commands run against the database", async () => {
    const dbContainers = podTemplates(objects).flatMap(({ spec }) => containersOf(spec)).filter((candidate) => candidate.command?.includes('tools/db/cli.mjs'));
    const outputs = await Promise.all(
      dbContainers.map(async (db) => {
        const [node, ...args] = db.command!;
        expect(node).toBe('node');
        const env = { ...process.env, ...environmentOf(db, objects).values, DATABASE_URL: database.url };
        return (await run(process.execPath, args, { cwd: ROOT, env })).stdout;
      }),
    );
    expect(outputs.sort()).toEqual([expect.stringMatching(/^all \d+ migrations are applied/), expect.stringMatching(/^all \d+ migrations are applied/), 'database is up to date\n']);
  });
});
