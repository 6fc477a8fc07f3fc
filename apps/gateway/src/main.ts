import { onShutdown, runMain, startTelemetry } from '@alltokens/platform';
startTelemetry('gateway');

import { loadGatewayEnv } from './config/gateway-env';
import { createGateway } from './create-gateway';
import { ReplyHub } from './chat/reply-hub.service';
import { GATEWAY_DRAIN_TIMEOUT_MS } from './config/drain';

async function main(): Promise<void> {
  const env = loadGatewayEnv();
  const app = await createGateway(env);
  await app.listen(env.GATEWAY_PORT, env.GATEWAY_HOST);
  console.log(`gateway listening on http://${env.GATEWAY_HOST}:${env.GATEWAY_PORT}`);

  onShutdown(async () => {
    // Stop taking connections, let in-flight requests and streams finish, then close everything else.
    app.getHttpServer().close();
    const hub = app.get(ReplyHub);
    const deadline = Date.now() + GATEWAY_DRAIN_TIMEOUT_MS;
    while (hub.pending > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    await app.close();
  });
}

runMain(main);
