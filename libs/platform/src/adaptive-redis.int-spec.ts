import { createAdaptiveRedis, createRedis, subscribeWhenReady, type AdaptiveRedis } from './redis';

const channel = `it-adaptive-${process.pid}-${Date.now().toString(36)}`;

describe('AdaptiveRedis (real Redis)', () => {
  const connection = createAdaptiveRedis('redis://127.0.0.1:6379') as AdaptiveRedis;
  const subscriber = createRedis('redis://127.0.0.1:6379', { enableAutoPipelining: false });
  const received: string[] = [];

  beforeAll(async () => {
    subscriber.on('message', (_channel: string, message: string) => received.push(message));
    await subscribeWhenReady(subscriber, channel);
    await connection.ping();
  });

  afterAll(() => {
    connection.disconnect();
    subscriber.disconnect();
  });

  async function receivedCount(count: number): Promise<void> {
    for (let waited = 0; received.length < count && waited < 5_000; waited += 10) await new Promise((r) => setTimeout(r, 10));
  }

  it('writes a command at once when nothing is in flight, and corks the rest of that turn', async () => {
    received.length = 0;
    const before = connection.stream.bytesWritten;
    void connection.publish(channel, 'first');
    expect(connection.stream.bytesWritten).toBeGreaterThan(before);
    expect(connection.stream.writableLength).toBe(0);
    void connection.publish(channel, 'second');
    void connection.publish(channel, 'third');
    expect(connection.stream.writableLength).toBeGreaterThan(0);
    await new Promise((r) => setImmediate(r));
    expect(connection.stream.writableLength).toBe(0);
    await receivedCount(3);
    expect(received).toEqual(['first', 'second', 'third']);
  });

  it('keeps order across immediate and corked writes, bursts included', async () => {
    received.length = 0;
    const sent: string[] = [];
    for (let burst = 0; burst < 20; burst += 1) {
      for (let i = 0; i < 100; i += 1) {
        const message = `m-${burst}-${i}`;
        sent.push(message);
        void connection.publish(channel, message);
      }
      if (burst % 3 === 0) await new Promise((r) => setImmediate(r));
    }
    await receivedCount(sent.length);
    expect(received).toEqual(sent);
  });

  it('answers every command of a burst', async () => {
    const replies = await Promise.all(Array.from({ length: 500 }, (_, i) => connection.echo(`e${i}`)));
    expect(replies).toEqual(Array.from({ length: 500 }, (_, i) => `e${i}`));
  });
});
