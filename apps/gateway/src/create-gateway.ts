import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { createLogger, PinoNestLogger } from '@alltokens/platform';
import { AppModule } from './app.module';
import type { GatewayEnv } from './config/gateway-env';
import { chatFastPath } from './chat/chat-fast-path';
import { jsonBody } from './http/json-body';
import { requestId } from './http/request-id';
import { mountOpenApi } from './docs/openapi';
import { mountConsole } from './console/console-assets';

/** Builds the gateway app (not listening), so tests and main share one setup. */
export async function createGateway(env: GatewayEnv): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(env), {
    bodyParser: false,
    logger: new PinoNestLogger(createLogger('gateway', env.LOG_LEVEL)),
  });
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', true);
  app.use(requestId);
  app.use(jsonBody(env.GATEWAY_BODY_LIMIT));
  app.use(chatFastPath(app));
  mountOpenApi(app);
  mountConsole(app, env.CONSOLE_ASSETS_DIR);
  await app.init();
  return app;
}
