import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IService } from 'kubernetes-models/v1/Service';
import type { z } from 'zod';
import { appContainer, configVariables, environmentOf, httpPort, podSpecOf, providersConfigMap, schemaNames, type AppName } from './containers';
import { named, OVERLAYS, render, type KubeObject } from './render';

export interface AppUnderTest {
  app: AppName;
  /** The app's env schema: what it really reads. */
  envSchema: z.ZodObject;
  /** The variable of the schema that sets its HTTP port. */
  portVariable: string;
  /** The app's own reader of the providers file (`loadCatalogConfig`). */
  loadProviders(path: string, env: Record<string, string>): { providers: unknown[] };
}

/** The app's environment as the app parses it, from what the manifest gives its container. */
export function parsedEnvironment(objects: KubeObject[], subject: Pick<AppUnderTest, 'app' | 'envSchema'>): Record<string, unknown> {
  return subject.envSchema.parse(environmentOf(appContainer(objects, subject.app), objects).values) as Record<string, unknown>;
}

/**
 * The checks every service's manifests must pass in every overlay, run from the app's own tests (they
 * alone may read its env schema): variables, port, providers file. `more` adds the app's own checks.
 */
export function describeAppManifests(subject: AppUnderTest, more?: (objects: KubeObject[]) => void): void {
  describe.each(OVERLAYS)(`deploy/kubernetes/overlays/%s: ${subject.app}`, (overlay) => {
    const objects = render(overlay);
    const container = appContainer(objects, subject.app);
    const { values } = environmentOf(container, objects);
    const providersFile = providersConfigMap(objects).data;

    it('sets only variables the app reads, and every one it requires', () => {
      const { known, required } = schemaNames(subject.envSchema);
      const usedByProvidersFile = configVariables(Object.values(providersFile).join('\n'));
      expect(Object.keys(values).filter((name) => !known.includes(name) && !usedByProvidersFile.includes(name))).toEqual([]);
      expect(required.filter((name) => !(name in values))).toEqual([]);
    });

    it('listens on the container port its probes and its Service use', () => {
      expect(parsedEnvironment(objects, subject)[subject.portVariable]).toBe(httpPort(container));
      const service = named<IService>(objects, 'Service', `alltokens-${subject.app}`);
      expect(service.spec!.ports!.map((port) => port.targetPort)).toEqual(['http']);
      const podLabels = named<IDeployment>(objects, 'Deployment', `alltokens-${subject.app}`).spec!.template.metadata!.labels;
      expect(podLabels).toEqual(expect.objectContaining(service.spec!.selector));
    });

    it('reads the providers file mounted from the ConfigMap, and loads it without provider keys', () => {
      const { ALLTOKENS_CONFIG: path } = parsedEnvironment(objects, subject) as { ALLTOKENS_CONFIG: string };
      const mount = container.volumeMounts!.find((volumeMount) => path.startsWith(`${volumeMount.mountPath}/`))!;
      const volume = podSpecOf(objects, subject.app).volumes!.find((candidate) => candidate.name === mount.name)!;
      expect(volume.configMap?.name).toBe(providersConfigMap(objects).metadata.name);
      const file = path.slice(mount.mountPath.length + 1);
      const copy = join(mkdtempSync(join(tmpdir(), 'alltokens-k8s-')), file);
      writeFileSync(copy, providersFile[file]!);
      expect(subject.loadProviders(copy, values).providers.length).toBeGreaterThan(0);
    });

    more?.(objects);
  });
}
