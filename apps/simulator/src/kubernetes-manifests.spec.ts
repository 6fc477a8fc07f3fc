import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { optionsFromEnv, simulatorEnvSchema } from './env';
import { startSimulator } from './server';

interface Container {
  env: Array<{ name: string; value: string }>;
  ports: Array<{ name: string; containerPort: number }>;
  startupProbe: { httpGet: { path: string; port: string } };
  livenessProbe: { httpGet: { path: string; port: string } };
  readinessProbe: { httpGet: { path: string; port: string } };
}

/**
 * The dev overlay's simulator, against the simulator itself. (Rendered here rather than with the shared
 * deploy tooling: the simulator imports nothing of the product.)
 */
describe('deploy/kubernetes/overlays/dev: simulator', () => {
  const overlay = join(__dirname, '../../../deploy/kubernetes/overlays/dev');
  const objects = parseAllDocuments(execFileSync('kubectl', ['kustomize', overlay], { encoding: 'utf8' })).map((document) => document.toJS());
  const deployment = objects.find((object) => object.kind === 'Deployment' && object.metadata.name === 'alltokens-simulator');
  const container = deployment.spec.template.spec.containers[0] as Container;
  const env = Object.fromEntries(container.env.map(({ name, value }) => [name, value]));

  it('sets only variables the simulator reads, and listens on all interfaces at its container port', () => {
    expect(Object.keys(env).filter((name) => !(name in simulatorEnvSchema.shape))).toEqual([]);
    const options = optionsFromEnv(env);
    expect(options.port).toBe(container.ports.find((port) => port.name === 'http')!.containerPort);
    expect(options.host).toBe('0.0.0.0');
  });

  it('probes a health route the simulator serves', async () => {
    const simulator = await startSimulator({ ...optionsFromEnv(env), host: '127.0.0.1', port: 0 });
    try {
      for (const probe of [container.startupProbe, container.livenessProbe, container.readinessProbe]) {
        expect(probe.httpGet.port).toBe('http');
        expect((await fetch(new URL(probe.httpGet.path, simulator.url))).status).toBe(200);
      }
    } finally {
      await simulator.close();
    }
  });
});
