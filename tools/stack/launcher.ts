import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ownsListeningPort, portIsListening } from './port-owner';

export interface ServiceSpec {
  name: string;
  /** Script under dist/, e.g. `apps/gateway/src/main.js`. */
  script: string;
  env: Record<string, string>;
  /** URL polled until it answers 2xx. */
  readyUrl: string;
  /** Node/V8 flags this service always runs with (before any `LaunchOptions.nodeArgs`). */
  nodeFlags?: string[];
}

export interface RunningService {
  spec: ServiceSpec;
  child: ChildProcess;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface LaunchOptions {
  root?: string;
  /** Where each service's stdout/stderr go: `inherit` (prefixed lines) or a folder of log files. */
  logs?: 'inherit' | { dir: string };
  readyTimeoutMs?: number;
  nodeArgs?: string[];
}

/** A service could not start because its port was taken in between: start again on other ports. */
export class PortTakenError extends Error {
  override readonly name = 'PortTakenError';
}

async function waitUntilReady(service: RunningService, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const port = Number(new URL(service.spec.readyUrl).port);
  while (Date.now() < deadline) {
    if (service.child.exitCode !== null) {
      const message = `${service.spec.name} exited with code ${service.child.exitCode}`;
      throw portIsListening(port) ? new PortTakenError(`${message}: port ${port} is held by another process`) : new Error(message);
    }
    let answered = false;
    try {
      const res = await fetch(service.spec.readyUrl, { signal: AbortSignal.timeout(1000) });
      answered = res.ok;
    } catch {
      // not listening yet
    }
    if (answered) {
      if (ownsListeningPort(service.child.pid!, port) !== false) return;
      throw new PortTakenError(`${service.spec.name}: port ${port} is held by another process`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${service.spec.name} not ready at ${service.spec.readyUrl} after ${timeoutMs} ms`);
}

function pipeOutput(child: ChildProcess, name: string, logs: LaunchOptions['logs']): void {
  if (logs && logs !== 'inherit') {
    mkdirSync(logs.dir, { recursive: true });
    const file = createWriteStream(join(logs.dir, `${name}.log`), { flags: 'a' });
    child.stdout?.pipe(file);
    child.stderr?.pipe(file);
    return;
  }
  const prefix = `[${name}] `;
  const forward = (stream: NodeJS.WritableStream) => (data: Buffer) => {
    for (const line of data.toString().split('\n')) if (line) stream.write(prefix + line + '\n');
  };
  child.stdout?.on('data', forward(process.stdout));
  child.stderr?.on('data', forward(process.stderr));
}

export function launch(spec: ServiceSpec, options: LaunchOptions = {}): RunningService {
  const root = resolve(options.root ?? process.cwd());
  const child = spawn(process.execPath, [...(spec.nodeFlags ?? []), ...(options.nodeArgs ?? []), join(root, 'dist', spec.script)], {
    cwd: root,
    env: { ...process.env, ...spec.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  pipeOutput(child, spec.name, options.logs);
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
  return {
    spec,
    child,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Starts services in order, each once the previous one is ready; stops all if one fails. */
export async function launchAll(specs: ServiceSpec[], options: LaunchOptions = {}): Promise<RunningService[]> {
  const running: RunningService[] = [];
  try {
    for (const spec of specs) {
      const service = launch(spec, options);
      running.push(service);
      await waitUntilReady(service, options.readyTimeoutMs ?? 30_000);
    }
    return running;
  } catch (error) {
    await Promise.all(running.map((service) => service.stop('SIGKILL')));
    throw error;
  }
}
