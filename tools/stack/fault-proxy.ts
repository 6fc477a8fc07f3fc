import { createServer, connect, type Server, type Socket } from 'node:net';

/** What the proxy does to traffic from now on; each field applies to new and open connections. */
export interface Fault {
  /** Delay every chunk in both directions by this much. */
  latencyMs?: number;
  /** Forward at most this many bytes per write (splits frames across TCP segments). */
  sliceBytes?: number;
  /** Stop forwarding (both directions) but keep the sockets open. */
  stall?: boolean;
  /** Refuse new connections with a TCP reset. */
  refuse?: boolean;
}

/** One client connection as the proxy saw it: when it opened and closed, and what went through. */
export interface ProxiedConnection {
  id: number;
  openedAt: number;
  closedAt?: number;
  /** Who closed first: the client side (the service using the proxy), the upstream, or the proxy itself. */
  closedBy?: 'client' | 'upstream' | 'proxy';
  bytesUp: number;
  bytesDown: number;
  /** The first bytes the client sent (up to 64 KB), to find the connection that carried a request. */
  head: string;
}

const HEAD_LIMIT = 64 * 1024;

/**
 * A TCP proxy on loopback that injects faults between a service and what it talks to (an upstream
 * provider, Redis, Postgres) and records every connection, so a test can measure at the wire when a
 * service closed its upstream connection.
 */
export class FaultProxy {
  readonly connections: ProxiedConnection[] = [];
  private fault: Fault = {};
  private readonly sockets = new Set<{ client: Socket; upstream: Socket; record: ProxiedConnection }>();
  private readonly server: Server;
  private nextId = 1;

  private constructor(
    private readonly targetPort: number,
    private readonly targetHost: string,
  ) {
    this.server = createServer((client) => this.accept(client));
  }

  static async start(targetPort: number, options: { port?: number; targetHost?: string } = {}): Promise<FaultProxy> {
    const proxy = new FaultProxy(targetPort, options.targetHost ?? '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      proxy.server.once('error', reject);
      proxy.server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    return proxy;
  }

  get port(): number {
    return (this.server.address() as { port: number }).port;
  }

  set(fault: Fault): void {
    this.fault = { ...fault };
  }

  /** Resets every open connection (both sides see ECONNRESET). */
  resetAll(): void {
    for (const { client, upstream, record } of this.sockets) {
      record.closedBy ??= 'proxy';
      client.resetAndDestroy();
      upstream.resetAndDestroy();
    }
  }

  /** The connections whose first bytes contain `marker` (a request id, a unique prompt). */
  carrying(marker: string): ProxiedConnection[] {
    return this.connections.filter((connection) => connection.head.includes(marker));
  }

  open(): ProxiedConnection[] {
    return this.connections.filter((connection) => connection.closedAt === undefined);
  }

  async close(): Promise<void> {
    this.resetAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    if (this.fault.refuse) {
      client.resetAndDestroy();
      return;
    }
    const record: ProxiedConnection = { id: this.nextId++, openedAt: Date.now(), bytesUp: 0, bytesDown: 0, head: '' };
    this.connections.push(record);
    const upstream = connect(this.targetPort, this.targetHost);
    const entry = { client, upstream, record };
    this.sockets.add(entry);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    const finish = (by: ProxiedConnection['closedBy']) => {
      if (record.closedAt !== undefined) return;
      record.closedAt = Date.now();
      record.closedBy ??= by;
      this.sockets.delete(entry);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', () => finish('client'));
    upstream.on('close', () => finish('upstream'));
    client.on('error', () => finish('client'));
    upstream.on('error', () => finish('upstream'));
    client.on('data', (data: Buffer) => {
      record.bytesUp += data.length;
      if (record.head.length < HEAD_LIMIT) record.head += data.toString('latin1', 0, Math.min(data.length, HEAD_LIMIT - record.head.length));
      this.forward(data, upstream);
    });
    upstream.on('data', (data: Buffer) => {
      record.bytesDown += data.length;
      this.forward(data, client);
    });
  }

  /** Writes `data` to `to` under the current fault: dropped while stalled, delayed, sliced. */
  private forward(data: Buffer, to: Socket): void {
    const { stall, latencyMs, sliceBytes } = this.fault;
    if (stall) return;
    const write = () => {
      if (to.destroyed) return;
      if (!sliceBytes) return void to.write(data);
      for (let at = 0; at < data.length; at += sliceBytes) to.write(data.subarray(at, at + sliceBytes));
    };
    if (latencyMs) setTimeout(write, latencyMs);
    else write();
  }
}
