import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { createTestDatabase, type TestDatabase } from '@alltokens/db/testing';
import { clearRedisPrefix } from '../../tools/stack/clear-prefix';
import { launchAll, type RunningService } from '../../tools/stack/launcher';
import { stackSpecs } from '../../tools/stack/stack';
import { APPS, environmentOf, type AppName } from '../kubernetes/app-contracts';
import { containersOf, named, ofKind, podTemplates, render, type KubeObject } from '../kubernetes/render';
import { freePort } from '../support/ports';

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
  const container = (app: AppName) => named<IDeployment>(objects, 'Deployment', `alltokens-${app}`).spec!.template.spec!.containers[0]!;
  const prefix = `e2e-k8s-${process.pid}-${Date.now().toString(36)}`;
  const ports: Partial<Record<AppName, number>> = {};
  let database: TestDatabase;
  let services: RunningService[] = [];
  let configPath: string;

  const overrides = (app: AppName) => ({
    DATABASE_URL: database.url,
    REDIS_URL,
    ALLTOKENS_PREFIX: prefix,
    ALLTOKENS_CONFIG: configPath,
    [APPS[app].portVariable]: String(ports[app]),
    LOG_LEVEL: 'warn',
  });
  const probeUrl = (app: AppName, probe: IContainer['readinessProbe']) => `http://127.0.0.1:${ports[app]}${probe!.httpGet!.path}`;

  beforeAll(async () => {
    database = await createTestDatabase('kubernetes');
    const configMap = ofKind<KubeObject & { data: Record<string, string> }>(objects, 'ConfigMap').find((map) => map.metadata.name.startsWith('alltokens-config'))!;
    configPath = join(mkdtempSync(join(tmpdir(), 'alltokens-k8s-')), 'alltokens.yaml');
    writeFileSync(configPath, configMap.data['alltokens.yaml']!);
    for (const app of Object.keys(APPS) as AppName[]) ports[app] = await freePort();
    // The Node flags of the image (the Dockerfile keeps them equal to the stack's).
    const flags = Object.fromEntries(stackSpecs({ ports: { gateway: 0, router: 0, analytics: 0, simulators: [] }, env: {} }).map((spec) => [spec.name, spec.nodeFlags ?? []]));
    services = await launchAll(
      (['analytics', 'router', 'gateway'] as const).map((app) => ({
        name: app,
        script: APPS[app].script,
        nodeFlags: flags[app],
        env: { ...environmentOf(container(app), objects).values, ...overrides(app) },
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

  it.each(Object.keys(APPS) as AppName[])('%s answers its startup, liveness and readiness probes', async (app) => {
    for (const probe of [container(app).startupProbe, container(app).livenessProbe, container(app).readinessProbe]) {
      expect((await fetch(probeUrl(app, probe))).status).toBe(200);
    }
  });

  it.each(Object.keys(APPS) as AppName[])("%s serves Prometheus metrics at its ServiceMonitor's path", async (app) => {
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
