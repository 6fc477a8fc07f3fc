import { stopTelemetry } from './telemetry';

/** Runs `stop` once on SIGTERM or SIGINT, flushes telemetry, then exits 0 (graceful shutdown). */
export function onShutdown(stop: () => Promise<void>): void {
  let stopping = false;
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
