import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueueKeys } from 'bullmq';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject';
import type { IServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { loadCatalogConfig } from '@alltokens/catalog';
import { QueueName } from '@alltokens/contracts';
import { GATEWAY_DRAIN_TIMEOUT_MS } from '../../apps/gateway/src/config/drain';
import { optionsFromEnv, simulatorEnvSchema } from '../../apps/simulator/src/env';
import { startSimulator } from '../../apps/simulator/src/server';
import { APPS, configVariables, dbToolVariables, environmentOf, preStopSeconds, schemaNames, type AppName } from './app-contracts';
import { component, containersOf, named, ofKind, OVERLAYS, podTemplates, render, ROOT, type KubeObject } from './render';

const deploymentOf = (objects: KubeObject[], name: string) => named<IDeployment>(objects, 'Deployment', `alltokens-${name}`);
const podOf = (objects: KubeObject[], name: string) => deploymentOf(objects, name).spec!.template.spec!;
const mainContainer = (objects: KubeObject[], name: string) => podOf(objects, name).containers[0]!;
const httpPort = (container: IContainer) => container.ports?.find((port) => port.name === 'http')?.containerPort;
const providersFile = (objects: KubeObject[]) => named<KubeObject & { data: Record<string, string> }>(objects, 'ConfigMap', configMapName(objects)).data;
const configMapName = (objects: KubeObject[]) => ofKind(objects, 'ConfigMap').find((map) => map.metadata.name.startsWith('alltokens-config'))!.metadata.name;

/** The app's environment as the app itself parses it, from what the manifest gives its container. */
function parsedEnv(objects: KubeObject[], app: AppName): Record<string, unknown> {
  return APPS[app].envSchema.parse(environmentOf(mainContainer(objects, app), objects).values) as Record<string, unknown>;
}

describe.each(OVERLAYS)('overlay %s against the apps', (overlay) => {
  const objects = render(overlay);

  describe.each(Object.keys(APPS) as AppName[])('%s', (app) => {
    const container = mainContainer(objects, app);
    const { values } = environmentOf(container, objects);

    it('sets only variables the app reads, and every one it requires', () => {
      const { known, required } = schemaNames(APPS[app].envSchema);
      const fromConfig = configVariables(Object.values(providersFile(objects)).join('\n'));
      expect(Object.keys(values).filter((name) => !known.includes(name) && !fromConfig.includes(name))).toEqual([]);
      expect(required.filter((name) => !(name in values))).toEqual([]);
    });

    it('listens on the container port its probes and Service use', () => {
      const env = parsedEnv(objects, app);
      expect(env[APPS[app].portVariable]).toBe(httpPort(container));
      const service = named<IService>(objects, 'Service', `alltokens-${app}`);
      expect(service.spec!.ports!.map((port) => port.targetPort)).toEqual(['http']);
      expect(service.spec!.selector).toEqual(expect.objectContaining(deploymentOf(objects, app).spec!.template.metadata!.labels));
    });

    it('probes its http port: liveness on a check of the process alone, readiness on its dependencies', () => {
      // That the app serves these paths is checked against the running app (test/e2e/kubernetes.e2e-spec.ts).
      for (const probe of [container.startupProbe, container.livenessProbe, container.readinessProbe]) expect(probe?.httpGet?.port).toBe('http');
      // Liveness must not depend on Postgres/Redis (a database blip would restart every pod); readiness does.
      expect(container.livenessProbe!.httpGet!.path).toMatch(/live$/);
      expect(container.startupProbe!.httpGet!.path).toMatch(/live$/);
      expect(container.readinessProbe!.httpGet!.path).toMatch(/ready$/);
    });

    it('reads the providers file mounted from the ConfigMap, which loads without provider keys', () => {
      const env = parsedEnv(objects, app) as { ALLTOKENS_CONFIG: string };
      const mount = container.volumeMounts!.find((volumeMount) => env.ALLTOKENS_CONFIG.startsWith(`${volumeMount.mountPath}/`))!;
      const volume = podOf(objects, app).volumes!.find((candidate) => candidate.name === mount.name)!;
      expect(volume.configMap?.name).toBe(configMapName(objects));
      const file = env.ALLTOKENS_CONFIG.slice(mount.mountPath.length + 1);
      const path = join(mkdtempSync(join(tmpdir(), 'alltokens-k8s-')), file);
      writeFileSync(path, providersFile(objects)[file]!);
      expect(loadCatalogConfig(path, values).providers.length).toBeGreaterThan(0);
    });
  });

  it('runs the migration and the migration checks with the db tool, from the gateway image', () => {
    const commands = /one of: (.*)/.exec(dbToolHelp())![1]!.trim().split(', ');
    const reads = dbToolVariables();
    const dbContainers = podTemplates(objects).flatMap(({ spec }) => containersOf(spec)).filter((container) => container.command?.includes('tools/db/cli.mjs'));
    expect(dbContainers.map((container) => container.name).sort()).toEqual(['migrate', 'wait-for-migrations', 'wait-for-migrations']);
    for (const container of dbContainers) {
      const command = container.command!;
      expect(commands).toContain(command[command.indexOf('tools/db/cli.mjs') + 1]);
      expect(container.image).toBe(mainContainer(objects, 'gateway').image);
      expect(Object.keys(environmentOf(container, objects).values).filter((name) => !reads.includes(name))).toEqual([]);
    }
    const job = podTemplates(objects).find(({ owner }) => owner.kind === 'Job')!;
    expect(job.spec.containers[0]!.command).toEqual(expect.arrayContaining(['migrate', '--wait']));
  });

  it('gives each service a grace period longer than its drain after preStop', () => {
    const grace = (app: string) => podOf(objects, app).terminationGracePeriodSeconds!;
    const preStop = (app: string) => preStopSeconds(mainContainer(objects, app));
    expect(grace('gateway')).toBeGreaterThanOrEqual(preStop('gateway') + GATEWAY_DRAIN_TIMEOUT_MS / 1000 + 10);
    // A router lets its active jobs (streams) finish; none lives past the gateway's request timeout.
    const requestTimeout = (parsedEnv(objects, 'gateway') as { GATEWAY_REQUEST_TIMEOUT_MS: number }).GATEWAY_REQUEST_TIMEOUT_MS;
    expect(grace('router')).toBeGreaterThanOrEqual(preStop('router') + requestTimeout / 1000 + 10);
    const batch = (parsedEnv(objects, 'analytics') as { ANALYTICS_BATCH_MS: number }).ANALYTICS_BATCH_MS;
    expect(grace('analytics')).toBeGreaterThanOrEqual(preStop('analytics') + batch / 1000 + 10);
    for (const app of Object.keys(APPS)) expect(preStop(app)).toBeGreaterThan(0);
  });

  it('scales the gateway on CPU, against a CPU request', () => {
    const hpa = named<IHorizontalPodAutoscaler>(objects, 'HorizontalPodAutoscaler', 'alltokens-gateway');
    expect(hpa.spec!.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'alltokens-gateway' });
    expect(hpa.spec!.metrics!.map((metric) => metric.resource?.name)).toEqual(['cpu']);
    expect(mainContainer(objects, 'gateway').resources?.requests?.cpu).toBeDefined();
  });
});

describe('overlay production: KEDA and the Prometheus Operator', () => {
  const objects = render('production');

  it('scales the router on the completions queue its BullMQ workers consume', () => {
    const scaled = named<IScaledObject>(objects, 'ScaledObject', 'alltokens-router');
    const prefix = (parsedEnv(objects, 'router') as { ALLTOKENS_PREFIX: string }).ALLTOKENS_PREFIX;
    // The apps pass ALLTOKENS_PREFIX to BullMQ as the queue prefix (apps/router/src/router-runtime.ts,
    // apps/gateway/src/infra/infra.module.ts): update this when that changes.
    const waiting = new QueueKeys(prefix).getKeys(QueueName.Completions).wait;
    expect(scaled.spec.scaleTargetRef.name).toBe(deploymentOf(objects, 'router').metadata!.name);
    const redis = scaled.spec.triggers.find((trigger) => trigger.type === 'redis')!;
    expect(redis.metadata.listName).toBe(waiting);
    expect(ofKind(objects, 'TriggerAuthentication').map((auth) => auth.metadata.name)).toContain(redis.authenticationRef!.name);
  });

  it("scrapes each service on its Service's port", () => {
    const monitors = ofKind<IServiceMonitor>(objects, 'ServiceMonitor');
    expect(monitors.map(component).sort()).toEqual(Object.keys(APPS).sort());
    for (const monitor of monitors) {
      const app = component(monitor) as AppName;
      const service = named<IService>(objects, 'Service', `alltokens-${app}`);
      expect(service.metadata!.labels).toEqual(expect.objectContaining(monitor.spec.selector.matchLabels));
      for (const endpoint of monitor.spec.endpoints!) {
        expect(service.spec!.ports!.map((port) => port.name)).toContain(endpoint.port);
      }
    }
  });
});

describe('overlay dev: the simulator', () => {
  const objects = render('dev');

  it('runs the simulator on the port and health route it really serves', async () => {
    const container = mainContainer(objects, 'simulator');
    const env = environmentOf(container, objects).values;
    expect(Object.keys(env).filter((name) => !Object.keys(simulatorEnvSchema.shape).includes(name))).toEqual([]);
    const options = optionsFromEnv(env);
    expect(options.port).toBe(httpPort(container));
    const running = await startSimulator({ ...options, host: '127.0.0.1', port: 0 });
    try {
      for (const probe of [container.startupProbe, container.livenessProbe, container.readinessProbe]) {
        expect(probe!.httpGet!.port).toBe('http');
        expect((await fetch(new URL(probe!.httpGet!.path!, running.url))).status).toBe(200);
      }
    } finally {
      await running.close();
    }
    expect(options.host).toBe('0.0.0.0');
    // The router reaches it through its Service.
    const simulatorService = named<IService>(objects, 'Service', 'alltokens-simulator');
    expect(environmentOf(mainContainer(objects, 'router'), objects).values.SIMULATOR_URL).toBe(
      `http://${simulatorService.metadata!.name}:${simulatorService.spec!.ports![0]!.port}/v1`,
    );
  });
});

it('the dev overlay serves the same providers file as npm start', () => {
  const dev = readFileSync(join(ROOT, 'deploy/kubernetes/overlays/dev/alltokens.yaml'), 'utf8');
  expect(dev).toBe(readFileSync(join(ROOT, 'config/alltokens.yaml'), 'utf8'));
});

it('docs/kubernetes.md names every Secret and key the manifests reference', () => {
  const docs = readFileSync(join(ROOT, 'docs/kubernetes.md'), 'utf8');
  const referenced = new Set<string>();
  for (const overlay of OVERLAYS) {
    const objects = render(overlay);
    for (const { spec } of podTemplates(objects)) {
      for (const container of containersOf(spec)) {
        for (const { secret, key } of environmentOf(container, objects).secrets) [secret, key].forEach((name) => name && referenced.add(name));
      }
    }
    for (const auth of ofKind<{ spec: { secretTargetRef: Array<{ name: string; key: string }> } } & KubeObject>(objects, 'TriggerAuthentication')) {
      for (const { name, key } of auth.spec.secretTargetRef) [name, key].forEach((value) => referenced.add(value));
    }
  }
  expect([...referenced].filter((name) => !docs.includes(`\`${name}\``))).toEqual([]);
});

function dbToolHelp(): string {
  try {
    execFileSync(process.execPath, ['--experimental-wasm-modules', '--no-warnings', 'tools/db/cli.mjs', 'help'], { cwd: ROOT, stdio: 'pipe' });
  } catch (error) {
    return String((error as { stderr: Buffer }).stderr);
  }
  throw new Error('the db tool accepted an unknown command');
}
