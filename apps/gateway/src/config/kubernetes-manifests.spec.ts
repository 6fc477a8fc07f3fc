import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { loadCatalogConfig } from '@alltokens/catalog';
import { appContainer, describeAppManifests, named, podSpecOf, preStopSeconds } from '@alltokens/kubernetes';
import { GATEWAY_DRAIN_TIMEOUT_MS } from './drain';
import { gatewayEnvSchema } from './gateway-env';

const gateway = { app: 'gateway', envSchema: gatewayEnvSchema, portVariable: 'GATEWAY_PORT', loadProviders: loadCatalogConfig } as const;

describeAppManifests(gateway, (objects) => {
  it('gives the gateway a grace period longer than preStop plus its SIGTERM drain', () => {
    const grace = podSpecOf(objects, 'gateway').terminationGracePeriodSeconds!;
    const preStop = preStopSeconds(appContainer(objects, 'gateway'));
    expect(preStop).toBeGreaterThan(0);
    expect(grace).toBeGreaterThanOrEqual(preStop + GATEWAY_DRAIN_TIMEOUT_MS / 1000 + 10);
  });

  it('scales the gateway on CPU, against a CPU request', () => {
    const hpa = named<IHorizontalPodAutoscaler>(objects, 'HorizontalPodAutoscaler', 'alltokens-gateway');
    expect(hpa.spec!.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'alltokens-gateway' });
    expect(hpa.spec!.metrics!.map((metric) => metric.resource?.name)).toEqual(['cpu']);
    expect(appContainer(objects, 'gateway').resources?.requests?.cpu).toBeDefined();
  });
});
