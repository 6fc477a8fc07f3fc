import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { ILabelSelector } from '@kubernetes-models/apimachinery/apis/meta/v1/LabelSelector';
import { component, containersOf, ofKind, OVERLAYS, podTemplates, render, type KubeObject } from '@alltokens/kubernetes';

/** Components a label selector picks out of `components` (matchLabels and `In` expressions, as the manifests use). */
function selected(selector: ILabelSelector | undefined, components: string[]): string[] {
  const wanted = selector?.matchLabels?.['app.kubernetes.io/component'];
  const inList = selector?.matchExpressions?.find((expression) => expression.key === 'app.kubernetes.io/component' && expression.operator === 'In')?.values;
  return components.filter((name) => (wanted === undefined || wanted === name) && (inList === undefined || inList.includes(name)));
}

const ports = (rule: { ports?: Array<{ port?: number | string }> }) => (rule.ports ?? []).map((port) => port.port);

describe.each(OVERLAYS)('overlay %s: hardening', (overlay) => {
  const objects = render(overlay);
  const pods = podTemplates(objects);
  const components = pods.map(({ owner }) => component(owner.spec!.template) ?? '?');

  it.each(pods.map((pod) => [pod.name, pod] as const))('%s runs non-root, read-only, without privileges, sized', (_, { spec }) => {
    expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(spec.securityContext!.runAsUser).toBeGreaterThan(0);
    expect(spec.automountServiceAccountToken).toBe(false);
    for (const container of containersOf(spec)) {
      expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
      expect(container.resources?.requests).toMatchObject({ cpu: expect.anything(), memory: expect.anything() });
      expect(container.resources?.limits?.memory).toBeDefined();
    }
  });

  it('gives every AllTokens process a writable /tmp (an emptyDir)', () => {
    for (const { spec, owner } of pods.filter(({ spec: pod }) => pod.containers[0]!.image!.includes('alltokens/'))) {
      const emptyDirs = (spec.volumes ?? []).filter((volume) => volume.emptyDir).map((volume) => volume.name);
      for (const container of containersOf(spec)) {
        const tmp = container.volumeMounts?.find((mount) => mount.mountPath === '/tmp');
        expect([owner.metadata!.name, container.name, tmp && emptyDirs.includes(tmp.name)]).toEqual([owner.metadata!.name, container.name, true]);
      }
    }
  });

  it('keeps a PodDisruptionBudget on every long-running AllTokens service', () => {
    const budgets = ofKind<IPodDisruptionBudget>(objects, 'PodDisruptionBudget').map((budget) => budget.spec!.selector!.matchLabels!['app.kubernetes.io/component']);
    expect(budgets.sort()).toEqual(['analytics', 'gateway', 'router']);
  });

  describe('network policies', () => {
    const policies = ofKind<INetworkPolicy>(objects, 'NetworkPolicy');
    const ruleSets = <T>(rulesOf: (policy: INetworkPolicy) => T[] | undefined) =>
      policies.flatMap((policy) => (rulesOf(policy) ?? []).map((rule) => ({ policy: policy.metadata!.name!, pods: selected(policy.spec!.podSelector, components), rule })));
    const ingress = () => ruleSets((policy) => policy.spec!.ingress);
    const egress = () => ruleSets((policy) => policy.spec!.egress);

    it('deny everything not allowed, for every pod', () => {
      const denyAll = policies.find((policy) => !policy.spec!.ingress && !policy.spec!.egress && selected(policy.spec!.podSelector, components).length === components.length);
      expect(denyAll?.spec!.policyTypes).toEqual(['Ingress', 'Egress']);
    });

    it('admit traffic from anywhere to the gateway alone; other ingress comes from named peers', () => {
      for (const { policy, pods: targets, rule } of ingress()) {
        if (!rule.from) expect([policy, targets]).toEqual([policy, ['gateway']]);
        else for (const peer of rule.from) expect(peer.ipBlock).toBeUndefined();
      }
    });

    it('let only the router out to the providers; the others reach DNS, Postgres and Redis', () => {
      const internal = [53, 5432, 6379];
      for (const { policy, pods: sources, rule } of egress()) {
        const toPeersInNamespace = rule.to?.every((peer) => peer.podSelector && !peer.namespaceSelector);
        if (toPeersInNamespace || ports(rule).every((port) => internal.includes(Number(port)))) continue;
        expect([policy, sources]).toEqual([policy, ['router']]);
      }
      const routerOut = egress().filter(({ pods: sources, rule }) => sources.includes('router') && ports(rule).includes(443));
      expect(routerOut.length).toBe(1);
    });

    it('keep Postgres away from the router, which never uses it', () => {
      const postgres = egress().filter(({ rule }) => ports(rule).includes(5432));
      expect(postgres.flatMap(({ pods: sources }) => sources).sort()).toEqual(['analytics', 'gateway', 'migrate']);
    });
  });
});

it('production runs two or more of every service, spread over nodes', () => {
  const objects: KubeObject[] = render('production');
  for (const deployment of ofKind<IDeployment>(objects, 'Deployment')) {
    expect(deployment.spec!.replicas).toBeGreaterThanOrEqual(2);
    expect(deployment.spec!.template.spec!.topologySpreadConstraints?.[0]?.topologyKey).toBe('kubernetes.io/hostname');
  }
});
