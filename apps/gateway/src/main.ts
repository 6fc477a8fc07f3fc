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
    // Readiness answers 503 from now on (isShuttingDown), so the load balancer stops sending traffic, while the
    // port stays open for what is still routed here; once in-flight requests and streams are done (or the drain
    // timeout passes), stop taking connections and close everything else.
    const hub = app.get(ReplyHub);
    const deadline = Date.now() + GATEWAY_DRAIN_TIMEOUT_MS;
    while (hub.pending > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    app.getHttpServer().close();
    await app.close();
  });
}

runMain(main);
