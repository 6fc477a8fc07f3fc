import { createRedis, subscribeWhenReady } from '@alltokens/platform';
import { ReplyPublisher } from './reply-publisher';

const channel = `it-replies-${process.pid}-${Date.now().toString(36)}`;

describe('ReplyPublisher (real Redis)', () => {
  const connection = createRedis('redis://127.0.0.1:6379', { enableAutoPipelining: false });
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

  it('writes a message at once when nothing is in flight', async () => {
    received.length = 0;
    const publisher = new ReplyPublisher(connection);
    const write = jest.spyOn(connection.stream, 'write');
    publisher.publishRaw(channel, 'alone');
    expect(write).toHaveBeenCalledTimes(1);
    write.mockRestore();
    await receivedCount(1);
    expect(received).toEqual(['alone']);
  });

  it('keeps order across immediate writes and batched pipelines, bursts included', async () => {
    received.length = 0;
    const publisher = new ReplyPublisher(connection);
    const sent: string[] = [];
    for (let burst = 0; burst < 20; burst += 1) {
      for (let i = 0; i < 100; i += 1) {
        const message = `c|${burst}|${i}`;
        sent.push(message);
        publisher.publishRaw(channel, message);
      }
      if (burst % 3 === 0) await new Promise((r) => setImmediate(r));
    }
    await receivedCount(sent.length);
    expect(received).toEqual(sent);
  });

  it('sends a burst in few writes, not one per message', async () => {
    await new Promise((r) => setTimeout(r, 50));
    const publisher = new ReplyPublisher(connection);
    const write = jest.spyOn(connection.stream, 'write');
    for (let i = 0; i < 200; i += 1) publisher.publishRaw(channel, `burst ${i}`);
    await new Promise((r) => setTimeout(r, 50));
    expect(write.mock.calls.length).toBeLessThanOrEqual(3);
    write.mockRestore();
  });
});
