import { loadCatalogConfig } from '@alltokens/catalog';
import { appContainer, describeAppManifests, parsedEnvironment, podSpecOf, preStopSeconds } from '@alltokens/kubernetes';
import { analyticsEnvSchema } from './analytics-env';

const analytics = { app: 'analytics', envSchema: analyticsEnvSchema, portVariable: 'ANALYTICS_PORT', loadProviders: loadCatalogConfig } as const;

describeAppManifests(analytics, (objects) => {
  it('gives analytics a grace period longer than preStop plus committing its open batch', () => {
    const { ANALYTICS_BATCH_MS } = parsedEnvironment(objects, analytics) as { ANALYTICS_BATCH_MS: number };
    const preStop = preStopSeconds(appContainer(objects, 'analytics'));
    expect(preStop).toBeGreaterThan(0);
    expect(podSpecOf(objects, 'analytics').terminationGracePeriodSeconds).toBeGreaterThanOrEqual(preStop + ANALYTICS_BATCH_MS / 1000 + 10);
  });
});
