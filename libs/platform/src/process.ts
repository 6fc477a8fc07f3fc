import { setPriority } from 'node:os';
import { stopTelemetry } from './telemetry';

let stopping = false;

/** Whether this process got SIGTERM/SIGINT and is draining: readiness answers 503 from that moment. */
export function isShuttingDown(): boolean {
  return stopping;
}

/** Runs `stop` once on SIGTERM or SIGINT, flushes telemetry, then exits 0 (graceful shutdown). */
export function onShutdown(stop: () => Promise<void>): void {
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await stop();
    await stopTelemetry();
    process.exit(0);
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

/** Runs a service's main function; a failed start prints one line (e.g. every bad env variable) and exits 1. */
export function runMain(main: () => Promise<void>): void {
  main().catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
}

/**
 * Lowers this process's CPU priority (a nice value, 0–19) for a service whose work is never on a
 * request's path, so that on a shared host its batches yield to the gateway and router. Returns the
 * error when the OS refuses, for the caller to log.
 */
export function lowerCpuPriority(nice: number, set: (priority: number) => void = setPriority): Error | null {
  if (nice <= 0) return null;
  try {
    set(Math.min(nice, 19));
    return null;
  } catch (error) {
    return error as Error;
  }
}
