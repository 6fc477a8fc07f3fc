import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, Worker } from 'bullmq';
import { RedisKeys } from '@alltokens/contracts';
import { freePort, startRedisCluster, startRedisSentinel } from '@alltokens/stack';
import { createRedis, duplicateRedis, isCluster, luaScript, scanKeys, subscribeWhenReady, type Redis } from '@alltokens/platform';

jest.setTimeout(60_000);

const keys = new RedisKeys(`it-targets-${process.pid}`);
const targets = [
  ['a local 3-master Redis Cluster', () => startRedisCluster(3)],
  ['a Sentinel-managed master', () => startRedisSentinel('it-master')],
] as const;

describe.each(targets)('createRedis on %s', (name, start) => {
  let server: { url: string; stop(): Promise<void> };
  const connections: Redis[] = [];
  const connect = (redis: Redis) => (connections.push(redis), redis);

  beforeAll(async () => {
    server = await start();
  });
  afterAll(async () => {
    for (const redis of connections) redis.disconnect();
    await server?.stop();
  });

  it('connects from REDIS_URL alone, as the right kind of client', async () => {
    const redis = connect(createRedis(server.url));
    expect(isCluster(redis)).toBe(name.includes('Cluster'));
    await redis.set(keys.key('hello'), 'world');
    expect(await redis.get(keys.key('hello'))).toBe('world');
  });

  it('runs a multi-key script on keys of one slot, and finds keys spread over every master', async () => {
    const redis = connect(createRedis(server.url));
    const script = luaScript(redis, 'itTransfer', "redis.call('DECRBY', KEYS[1], ARGV[1]); return redis.call('INCRBY', KEYS[2], ARGV[1])");
    await redis.set(keys.inSlot('acct', 'a'), 10);
    expect(await script.run([keys.inSlot('acct', 'a'), keys.inSlot('acct', 'b')], [3])).toBe(3);
    expect(await redis.get(keys.inSlot('acct', 'a'))).toBe('7');
    await Promise.all(Array.from({ length: 30 }, (_, i) => redis.set(keys.key('spread', i), i)));
    expect((await scanKeys(redis, keys.key('spread', '*'))).sort()).toEqual(Array.from({ length: 30 }, (_, i) => keys.key('spread', i)).sort());
  });

  it('delivers pub/sub on a duplicated connection', async () => {
    const redis = connect(createRedis(server.url));
    const subscriber = connect(duplicateRedis(redis, { enableAutoPipelining: false }));
    const received: string[] = [];
    subscriber.on('message', (_channel: string, message: string) => received.push(message));
    await subscribeWhenReady(subscriber, keys.key('reply', 'gw-1'));
    await redis.publish(keys.key('reply', 'gw-1'), 'chunk');
    for (let waited = 0; !received.length && waited < 3_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    expect(received).toEqual(['chunk']);
  });

  it('carries a BullMQ queue under its hash-tagged prefix', async () => {
    const connection = connect(createRedis(server.url));
    const prefix = keys.queuePrefix('it-queue');
    const queue = new Queue('it-queue', { connection, prefix });
    const done: unknown[] = [];
    const worker = new Worker('it-queue', async (job) => void done.push(job.data), { connection: connect(duplicateRedis(connection)), prefix });
    try {
      await queue.add('job', { n: 1 }, { jobId: 'job-1', removeOnComplete: true });
      for (let waited = 0; !done.length && waited < 5_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
      expect(done).toEqual([{ n: 1 }]);
    } finally {
      await worker.close();
      await queue.close();
    }
  });
});

describe('createRedis on rediss:// (TLS)', () => {
  it('speaks TLS to a server that only listens on TLS, checking its certificate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'alltokens-tls-'));
    const port = await freePort();
    const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1']);
    expect(made.status).toBe(0);
    const server = spawn('redis-server', ['--port', '0', '--tls-port', String(port), '--bind', '127.0.0.1', '--tls-cert-file', join(dir, 'cert.pem'), '--tls-key-file', join(dir, 'key.pem'), '--tls-auth-clients', 'no', '--save', '', '--dir', dir], { stdio: 'ignore' });
    const ca = readFileSync(join(dir, 'cert.pem'));
    const trusting = createRedis(`rediss://127.0.0.1:${port}`, { tls: { ca } });
    try {
      let pong: string | null = null;
      for (let waited = 0; pong === null && waited < 5_000; waited += 100) pong = await Promise.race([trusting.ping(), new Promise<null>((r) => setTimeout(() => r(null), 100))]);
      expect(pong).toBe('PONG');
      // Without the CA the self-signed certificate is refused: TLS is really checked.
      const untrusting = createRedis(`rediss://127.0.0.1:${port}`, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      const errors: string[] = [];
      untrusting.on('error', (error: Error) => errors.push(error.message));
      const ended = new Promise((resolve) => untrusting.once('end', resolve));
      expect(await untrusting.connect().then(() => 'connected', () => 'refused')).toBe('refused');
      await ended;
      expect(errors.join('; ')).toMatch(/self.signed|certificate/i);
    } finally {
      await trusting.quit();
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGKILL');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
