import { QueueKeys } from 'bullmq';
import type { IScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject';
import { loadCatalogConfig } from '@alltokens/catalog';
import { QueueName, RedisKeys } from '@alltokens/contracts';
import { appContainer, describeAppManifests, environmentOf, named, ofKind, parsedEnvironment, podSpecOf, preStopSeconds, render } from '@alltokens/kubernetes';
import { routerEnvSchema } from './router-env';

const router = { app: 'router', envSchema: routerEnvSchema, portVariable: 'ROUTER_PORT', loadProviders: loadCatalogConfig } as const;

describeAppManifests(router, (objects) => {
  it("gives the router a grace period longer than preStop plus the longest request it may be finishing", () => {
    // On SIGTERM the worker finishes its active jobs (streams included); none outlives the gateway's timeout.
    const timeout = Number(environmentOf(appContainer(objects, 'gateway'), objects).values.GATEWAY_REQUEST_TIMEOUT_MS);
    expect(timeout).toBeGreaterThan(0);
    const preStop = preStopSeconds(appContainer(objects, 'router'));
    expect(preStop).toBeGreaterThan(0);
    expect(podSpecOf(objects, 'router').terminationGracePeriodSeconds).toBeGreaterThanOrEqual(preStop + timeout / 1000 + 10);
  });
});

describe('deploy/kubernetes/overlays/production: KEDA', () => {
  const objects = render('production');

  it('scales the router on the waiting list of the completions queue its BullMQ worker consumes', () => {
    const scaled = named<IScaledObject>(objects, 'ScaledObject', 'alltokens-router');
    const { ALLTOKENS_PREFIX } = parsedEnvironment(objects, router) as { ALLTOKENS_PREFIX: string };
    // The router's BullMQ prefix is derived from ALLTOKENS_PREFIX (queueOptions in libs/jobs): keep this in step.
    const waiting = new QueueKeys(new RedisKeys(ALLTOKENS_PREFIX).queuePrefix(QueueName.Completions)).getKeys(QueueName.Completions).wait;
    expect(scaled.spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: 'alltokens-router' });
    const redis = scaled.spec.triggers.find((trigger) => trigger.type === 'redis')!;
    expect(redis.metadata.listName).toBe(waiting);
    expect(ofKind(objects, 'TriggerAuthentication').map((auth) => auth.metadata.name)).toContain(redis.authenticationRef!.name);
    expect(ofKind(objects, 'HorizontalPodAutoscaler').map((hpa) => hpa.metadata.name)).not.toContain('alltokens-router');
  });
});
