import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createLogger, onShutdown, PinoNestLogger, runMain, startTelemetry } from '@alltokens/platform';
import { loadRouterEnv } from './config/router-env';
import { HEALTH_REDIS, HealthController, ROUTER_METRICS } from './health/health.controller';
import { startRouterRuntime } from './router-runtime';

// Nothing is auto-instrumented, so tracing may start once the modules are loaded (imports run first).
startTelemetry('router');

async function main(): Promise<void> {
  const env = loadRouterEnv();
  const runtime = await startRouterRuntime(env);

  @Module({ controllers: [HealthController], providers: [{ provide: HEALTH_REDIS, useValue: runtime.redis }, { provide: ROUTER_METRICS, useValue: runtime.metrics }] })
  class RouterHealthModule {}

  const app = await NestFactory.create(RouterHealthModule, { logger: new PinoNestLogger(createLogger('router', env.LOG_LEVEL)) });
  await app.listen(env.ROUTER_PORT, env.ROUTER_HOST);
  console.log(`router listening on http://${env.ROUTER_HOST}:${env.ROUTER_PORT} (concurrency ${env.ROUTER_CONCURRENCY})`);

  onShutdown(async () => {
    await runtime.stop();
    await app.close();
  });
}

runMain(main);
