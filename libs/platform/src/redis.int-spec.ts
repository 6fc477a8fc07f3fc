import { createRedis, subscribeWhenReady, type Redis } from './redis';

const channel = `it-subscribe-${process.pid}-${Date.now().toString(36)}`;

describe('subscribeWhenReady (real Redis)', () => {
  const connections: Redis[] = [];
  const connect = () => {
    const redis = createRedis('redis://127.0.0.1:6379', { enableAutoPipelining: false });
    connections.push(redis);
    return redis;
  };

  afterAll(() => connections.forEach((redis) => redis.disconnect()));

  it('subscribes during the handshake without breaking the connection or losing messages', async () => {
    const subscriber = connect();
    const errors: Error[] = [];
    const received: string[] = [];
    subscriber.on('error', (error: Error) => errors.push(error));
    subscriber.on('message', (_channel: string, message: string) => received.push(message));
    // 'connect' fires before ioredis' own handshake commands: the window where a plain SUBSCRIBE breaks it.
    await new Promise((resolve) => subscriber.once('connect', resolve));
    await subscribeWhenReady(subscriber, channel);
    await connect().publish(channel, 'hello');
    for (let waited = 0; received.length === 0 && waited < 2_000; waited += 10) await new Promise((r) => setTimeout(r, 10));
    expect(received).toEqual(['hello']);
    expect(errors).toEqual([]);
  });

  it('rejects when the connection ends before it was ready', async () => {
    const redis = connect();
    const pending = subscribeWhenReady(redis, channel);
    redis.disconnect();
    await expect(pending).rejects.toThrow('closed before it was ready');
  });
});
