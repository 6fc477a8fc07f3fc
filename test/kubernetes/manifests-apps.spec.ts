import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import {
  appContainer,
  APPS,
  component,
  containersOf,
  dbToolVariables,
  environmentOf,
  named,
  ofKind,
  OVERLAYS,
  podTemplates,
  render,
  ROOT,
  type KubeObject,
} from '@alltokens/kubernetes';

// Each app checks its own containers against its env schema (apps/*/src/**/kubernetes-manifests.spec.ts);
// test/e2e/kubernetes.e2e-spec.ts boots them with the manifests' environment and calls their probes.

/** The db tool's commands, as it lists them for an unknown one. */
function dbToolCommands(): string[] {
  try {
    execFileSync(process.execPath, ['--experimental-wasm-modules', '--no-warnings', 'tools/db/cli.mjs', 'no-such-command'], { cwd: ROOT, stdio: 'pipe' });
  } catch (error) {
    return /one of: (.*)/.exec(String((error as { stderr: Buffer }).stderr))![1]!.trim().split(', ');
  }
  throw new Error('the db tool accepted an unknown command');
}

describe.each(OVERLAYS)('deploy/kubernetes/overlays/%s', (overlay) => {
  const objects = render(overlay);

  it.each(APPS)('probes the %s on its http port: liveness on the process alone, readiness on its dependencies', (app) => {
    const container = appContainer(objects, app);
    for (const probe of [container.startupProbe, container.livenessProbe, container.readinessProbe]) expect(probe?.httpGet?.port).toBe('http');
    // A liveness probe that checked Postgres or Redis would restart every pod during their outage.
    expect(container.startupProbe!.httpGet!.path).toBe('/health/live');
    expect(container.livenessProbe!.httpGet!.path).toBe('/health/live');
    expect(container.readinessProbe!.httpGet!.path).toBe('/health/ready');
  });

  it('runs the migration Job and the init containers with commands of the db tool, from the gateway image', () => {
    const commands = dbToolCommands();
    const reads = dbToolVariables();
    const dbContainers = podTemplates(objects)
      .flatMap(({ spec }) => containersOf(spec))
      .filter((container) => container.command?.includes('tools/db/cli.mjs'));
    expect(dbContainers.map((container) => container.name).sort()).toEqual(['migrate', 'wait-for-migrations', 'wait-for-migrations']);
    for (const container of dbContainers) {
      const command = container.command!;
      expect(commands).toContain(command[command.indexOf('tools/db/cli.mjs') + 1]);
      expect(container.image).toBe(appContainer(objects, 'gateway').image);
      expect(Object.keys(environmentOf(container, objects).values).filter((name) => !reads.includes(name))).toEqual([]);
    }
    const job = podTemplates(objects).find(({ owner }) => owner.kind === 'Job')!;
    expect(job.spec.containers[0]!.command).toEqual(expect.arrayContaining(['migrate', '--wait']));
  });
});

it("the production overlay's ServiceMonitors scrape each service on its Service's port", () => {
  const objects = render('production');
  const monitors = ofKind<IServiceMonitor>(objects, 'ServiceMonitor');
  expect(monitors.map(component).sort()).toEqual([...APPS].sort());
  for (const monitor of monitors) {
    const service = named<IService>(objects, 'Service', `alltokens-${component(monitor)}`);
    expect(service.metadata!.labels).toEqual(expect.objectContaining(monitor.spec.selector.matchLabels));
    for (const endpoint of monitor.spec.endpoints!) expect(service.spec!.ports!.map((port) => port.name)).toContain(endpoint.port);
  }
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
    for (const auth of ofKind<KubeObject & { spec: { secretTargetRef: Array<{ name: string; key: string }> } }>(objects, 'TriggerAuthentication')) {
      for (const { name, key } of auth.spec.secretTargetRef) [name, key].forEach((value) => referenced.add(value));
    }
  }
  expect(referenced.size).toBeGreaterThan(5);
  expect([...referenced].filter((name) => !docs.includes(`\`${name}\``))).toEqual([]);
});
