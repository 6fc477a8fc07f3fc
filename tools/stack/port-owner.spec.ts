import { createServer, type Server } from 'node:net';
import { ownsListeningPort, portIsListening } from './port-owner';

function listen(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port }));
  });
}

describe('ownsListeningPort', () => {
  it('tells our own listening socket from a port nobody or somebody else holds', async () => {
    const { server, port } = await listen();
    try {
      expect(portIsListening(port)).toBe(true);
      expect(ownsListeningPort(process.pid, port)).toBe(true);
      // pid 1 (init) does not hold our socket
      expect(ownsListeningPort(1, port)).toBe(false);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(portIsListening(port)).toBe(false);
    expect(ownsListeningPort(process.pid, port)).toBe(false);
  });
});
