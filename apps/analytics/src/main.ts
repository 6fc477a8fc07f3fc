import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createLogger, lowerCpuPriority, onShutdown, PinoNestLogger, runMain, startTelemetry } from '@alltokens/platform';
import { startAnalyticsRuntime } from './analytics-runtime';
import { loadAnalyticsEnv } from './config/analytics-env';
import { DeadLettersController, USAGE_QUEUE } from './http/dead-letters.controller';
import { HealthController, RUNTIME } from './http/health.controller';

// Nothing is auto-instrumented, so tracing may start once the modules are loaded (imports run first).
startTelemetry('analytics');

async function main(): Promise<void> {
  const env = loadAnalyticsEnv();
  const refused = lowerCpuPriority(env.ANALYTICS_NICE);
  if (refused) createLogger('analytics', env.LOG_LEVEL).warn({ err: refused }, 'could not lower the CPU priority');
  const runtime = await startAnalyticsRuntime(env);

  @Module({
    controllers: [HealthController, DeadLettersController],
    providers: [{ provide: RUNTIME, useValue: runtime }, { provide: USAGE_QUEUE, useValue: runtime.usageQueue }],
  })
  class AnalyticsHttpModule {}

  const app = await NestFactory.create(AnalyticsHttpModule, { logger: new PinoNestLogger(createLogger('analytics', env.LOG_LEVEL)) });
  await app.listen(env.ANALYTICS_PORT, env.ANALYTICS_HOST);
  console.log(`analytics listening on http://${env.ANALYTICS_HOST}:${env.ANALYTICS_PORT}`);

  onShutdown(async () => {
    await runtime.stop();
    await app.close();
  });
}

runMain(main);
