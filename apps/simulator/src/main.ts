import { optionsFromEnv } from './env';
import { startSimulator } from './server';

async function main(): Promise<void> {
  let options;
  try {
    options = optionsFromEnv();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  const simulator = await startSimulator(options).catch((error: Error) => {
    console.error(`simulator ${options.name} could not start on ${options.host}:${options.port}: ${error.message}`);
    return process.exit(1);
  });
  console.log(`simulator ${options.name} listening on ${simulator.url}`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`simulator ${options.name} stopping (${signal})`);
    simulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
