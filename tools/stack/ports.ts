import { createServer } from 'node:net';

/**
 * A free port below Linux's ephemeral range (32768+), so an outgoing connection opened between this
 * check and the service's listen cannot take it (the race a port-0 probe leaves open).
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
}
