import { launchAll, type LaunchOptions, type RunningService, type ServiceSpec } from './launcher';

export interface StackPorts {
  gateway: number;
  router: number;
  analytics: number;
  simulators: number[];
  /** Ports of further replicas (`gateway-2`, `router-2`, `analytics-2`, ...), started after the first of each. */
  replicas?: { gateway?: number[]; router?: number[]; analytics?: number[] };
}

export interface StackOptions extends LaunchOptions {
  ports: StackPorts;
  /** Shared by every service: DATABASE_URL, REDIS_URL, ALLTOKENS_PREFIX, ALLTOKENS_ADMIN_KEY, ALLTOKENS_CONFIG... */
  env: Record<string, string>;
  /** Extra env per service. */
  serviceEnv?: Partial<Record<'gateway' | 'router' | 'analytics' | 'simulator', Record<string, string>>>;
}

export interface Stack {
  gatewayUrl: string;
  /** Every gateway replica's URL, the first one first. */
  gatewayUrls: string[];
  simulatorUrls: string[];
  services: RunningService[];
  service(name: string): RunningService;
  stop(): Promise<void>;
}

const local = (port: number, path: string) => `http://127.0.0.1:${port}${path}`;

/**
 * For the services using Prisma: its query compiler is WebAssembly, and V8's optimising tier keeps
 * ≈ 90 MB of compiled code for it. Baseline-compiled only, RSS drops by that much at no measurable CPU
 * cost per request (docs/benchmarks/README.md). The Dockerfile runs them with the same flag (a test checks).
 */
export const PRISMA_SERVICE_FLAGS = ['--liftoff-only'];

/**
 * For the services on a request's path: V8's memory reducer runs full, compacting collections when
 * allocation slows down (between bursts, during slow streams), with 9–30 ms pauses that land in the
 * middle of other requests and streams. The Dockerfile runs them with the same flag (a test checks).
 */
export const REQUEST_PATH_FLAGS = ['--no-memory-reducer'];

/**
 * For the three services: V8 lets the old space grow to 4 × the live heap between full collections when
 * its bound is ≥ 2 GiB (here, by default, 4 GiB), and to ≈ 1.6 × with a 1 GiB bound. The gateway keeps
 * ≈ 60 MB live under load; unbounded it peaked at 360 MB RSS after the sweep with 1,000 streams open,
 * bounded at 225 MB, with no measurable CPU cost (docs/benchmarks/README.md, #19). Kubernetes' memory
 * limits leave room above the bound. The Dockerfile runs them with the same flag (a test checks).
 */
export const SERVICE_HEAP_FLAGS = ['--max-old-space-size=1024'];

/** Simulators, analytics, router, then the gateway: each starts once the one it feeds is ready. */
export function stackSpecs(options: StackOptions): ServiceSpec[] {
  const { ports, env, serviceEnv = {} } = options;
  const simulators = ports.simulators.map((port, index) => ({
    name: index === 0 ? 'simulator' : `simulator-${index + 1}`,
    script: 'apps/simulator/src/main.js',
    env: { ...env, SIM_PORT: String(port), SIM_NAME: index === 0 ? 'simulator' : `simulator-${index + 1}`, ...serviceEnv.simulator },
    readyUrl: local(port, '/_sim/health'),
  }));
  const replicated = (base: ServiceSpec, more: number[] = [], portVariable: string, path: string): ServiceSpec[] => [
    base,
    ...more.map((port, index) => ({ ...base, name: `${base.name}-${index + 2}`, env: { ...base.env, [portVariable]: String(port) }, readyUrl: local(port, path) })),
  ];
  const { replicas = {} } = ports;
  return [
    ...simulators,
    ...replicated({
      name: 'analytics',
      script: 'apps/analytics/src/main.js',
      nodeFlags: [...PRISMA_SERVICE_FLAGS, ...SERVICE_HEAP_FLAGS],
      env: { ...env, ANALYTICS_PORT: String(ports.analytics), ANALYTICS_HOST: '127.0.0.1', ...serviceEnv.analytics },
      readyUrl: local(ports.analytics, '/health/ready'),
    }, replicas.analytics, 'ANALYTICS_PORT', '/health/ready'),
    ...replicated({
      name: 'router',
      script: 'apps/router/src/main.js',
      nodeFlags: [...REQUEST_PATH_FLAGS, ...SERVICE_HEAP_FLAGS],
      env: { ...env, ROUTER_PORT: String(ports.router), ROUTER_HOST: '127.0.0.1', ...serviceEnv.router },
      readyUrl: local(ports.router, '/health/ready'),
    }, replicas.router, 'ROUTER_PORT', '/health/ready'),
    ...replicated({
      name: 'gateway',
      script: 'apps/gateway/src/main.js',
      nodeFlags: [...PRISMA_SERVICE_FLAGS, ...REQUEST_PATH_FLAGS, ...SERVICE_HEAP_FLAGS],
      env: { ...env, GATEWAY_PORT: String(ports.gateway), ...serviceEnv.gateway },
      readyUrl: local(ports.gateway, '/health/ready'),
    }, replicas.gateway, 'GATEWAY_PORT', '/health/ready'),
  ];
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const services = await launchAll(stackSpecs(options), options);
  const byName = new Map(services.map((service) => [service.spec.name, service]));
  return {
    gatewayUrl: local(options.ports.gateway, ''),
    gatewayUrls: [options.ports.gateway, ...(options.ports.replicas?.gateway ?? [])].map((port) => local(port, '')),
    simulatorUrls: options.ports.simulators.map((port) => local(port, '/v1')),
    services,
    service(name) {
      const found = byName.get(name);
      if (!found) throw new Error(`no service ${name}`);
      return found;
    },
    async stop() {
      // Front to back, so nothing is left waiting on a service already gone.
      for (const service of [...services].reverse()) await service.stop();
    },
  };
}
