import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import { parseAllDocuments } from 'yaml';

/** The repository root (this file is tools/kubernetes/render.ts). */
export const ROOT = resolve(__dirname, '../..');
export const KUBERNETES_DIR = join(ROOT, 'deploy/kubernetes');
export const OVERLAYS = readdirSync(join(KUBERNETES_DIR, 'overlays')).sort();

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

const rendered = new Map<string, KubeObject[]>();

/** `kubectl kustomize` of one overlay (Debian's kubectl, offline), parsed; rendered once per test file. */
export function render(overlay: string): KubeObject[] {
  let objects = rendered.get(overlay);
  if (!objects) {
    let yaml: string;
    try {
      yaml = execFileSync('kubectl', ['kustomize', join(KUBERNETES_DIR, 'overlays', overlay)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      const { code, stderr } = error as NodeJS.ErrnoException & { stderr?: string };
      if (code === 'ENOENT') throw new Error('kubectl is not installed: apt-get install -y kubectl (.ci/run does)');
      throw new Error(`kubectl kustomize ${overlay} failed:\n${stderr}`);
    }
    objects = parseAllDocuments(yaml).map((document) => document.toJS() as KubeObject);
    rendered.set(overlay, objects);
  }
  return objects;
}

export function ofKind<T = KubeObject>(objects: KubeObject[], kind: string): T[] {
  return objects.filter((object) => object.kind === kind) as T[];
}

export function named<T = KubeObject>(objects: KubeObject[], kind: string, name: string): T {
  const found = objects.find((object) => object.kind === kind && object.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found as T;
}

export const component = (object: { metadata?: { labels?: Record<string, string> } }) => object.metadata?.labels?.['app.kubernetes.io/component'];

/** Pod templates of the Deployments and Jobs, with what owns them. */
export function podTemplates(objects: KubeObject[]) {
  return [...ofKind<IDeployment>(objects, 'Deployment'), ...ofKind<IJob>(objects, 'Job')].map((owner) => ({
    owner,
    name: `${owner.kind} ${owner.metadata!.name}`,
    spec: owner.spec!.template.spec!,
  }));
}

export function containersOf(spec: { containers: IContainer[]; initContainers?: IContainer[] }): IContainer[] {
  return [...(spec.initContainers ?? []), ...spec.containers];
}
