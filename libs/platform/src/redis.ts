import IORedis, { Cluster, type ClusterOptions, type RedisOptions } from 'ioredis';
import { parseRedisUrl, type RedisTarget } from './redis-url';

/**
 * A connection to wherever `REDIS_URL` points: one server, a Sentinel-managed master (both `IORedis`)
 * or Redis Cluster (`Cluster`). Both speak the same commands; keys that a script, MULTI, MGET or
 * pipeline uses together share a hash slot (see `RedisKeys` in contracts), so every caller works on both.
 */
export type Redis = IORedis | Cluster;

/** Options applied to a Cluster as a whole rather than to each of its node connections. */
const CLUSTER_LEVEL = ['enableAutoPipelining', 'lazyConnect', 'enableOfflineQueue', 'enableReadyCheck'] as const;

/**
 * The one way to open Redis (every service, test and tool of the product goes through here).
 * `maxRetriesPerRequest: null` is what BullMQ requires for blocking connections (on a Cluster it is
 * set on each node connection, where BullMQ looks for it); `enableAutoPipelining` batches commands
 * issued in one tick (on a Cluster, per node).
 */
export function createRedis(url: string, options: RedisOptions = {}): Redis {
  return connect(parseRedisUrl(url), { maxRetriesPerRequest: null, enableAutoPipelining: true, ...options }, IORedis);
}

export const isCluster = (redis: Redis): redis is Cluster => redis instanceof Cluster;

function connect(target: RedisTarget, options: RedisOptions, Single: new (...args: never[]) => IORedis): Redis {
  const Client = Single as unknown as new (urlOrOptions: string | RedisOptions, options?: RedisOptions) => IORedis;
  if (target.kind === 'single') return new Client(target.url, options);
  const tls = target.tls ? { tls: {} } : {};
  const credentials = { ...(target.username ? { username: target.username } : {}), ...(target.password ? { password: target.password } : {}) };
  if (target.kind === 'sentinel') {
    return new Client({
      ...credentials,
      ...tls,
      ...options,
      sentinels: target.sentinels,
      name: target.name,
      db: target.db,
      enableTLSForSentinelMode: target.tls,
      ...(target.sentinelPassword ? { sentinelPassword: target.sentinelPassword } : {}),
      ...(target.tls ? { sentinelTLS: {} } : {}),
    });
  }
  const { clusterLevel, nodeLevel } = splitClusterOptions({ ...credentials, ...tls, ...options });
  // Over TLS, ioredis would connect to the nodes' resolved IPs and their certificates (issued to names) would fail the check: keep the names.
  return new Cluster(target.nodes, { ...clusterLevel, redisOptions: nodeLevel, ...(target.tls ? { dnsLookup: (address, callback) => callback(null, address) } : {}) });
}

function splitClusterOptions(options: RedisOptions): { clusterLevel: ClusterOptions; nodeLevel: RedisOptions } {
  const clusterLevel: ClusterOptions = {};
  const nodeLevel: RedisOptions = { ...options };
  for (const name of CLUSTER_LEVEL) {
    if (name in nodeLevel) (clusterLevel as Record<string, unknown>)[name] = nodeLevel[name];
    if (name === 'enableAutoPipelining') delete nodeLevel[name];
  }
  return { clusterLevel, nodeLevel };
}

/** A second connection to the same place (a subscriber, a blocking worker), with `options` changed. */
export function duplicateRedis(redis: Redis, options: RedisOptions = {}): Redis {
  if (!isCluster(redis)) return redis.duplicate(options);
  const { clusterLevel, nodeLevel } = splitClusterOptions(options);
  return redis.duplicate(undefined, { ...redis.options, ...clusterLevel, redisOptions: { ...redis.options.redisOptions, ...nodeLevel } });
}

/**
 * Subscribes once the connection has finished its handshake. ioredis 5 writes SUBSCRIBE during the
 * handshake, and then its own ready check (INFO) is refused in subscriber mode and the connection is
 * torn down and rebuilt (ioredis#2037), dropping messages published meanwhile.
 */
export async function subscribeWhenReady(redis: Redis, ...channels: string[]): Promise<void> {
  if (redis.status !== 'ready') {
    await new Promise<void>((resolve, reject) => {
      const ready = () => {
        redis.off('end', ended);
        resolve();
      };
      const ended = () => {
        redis.off('ready', ready);
        reject(new Error('Redis connection closed before it was ready'));
      };
      redis.once('ready', ready);
      redis.once('end', ended);
    });
  }
  await redis.subscribe(...channels);
}

/**
 * A connection for commands on a request's path. While the connection is idle a command is written at
 * once; while replies are pending, the writes of one event-loop turn are corked into one. ioredis's
 * auto-pipelining always waits for the turn to end (≈ 0.3 ms per command at low load), and no
 * pipelining at all costs one write per command under load.
 */
export class AdaptiveRedis extends IORedis {
  private corked = false;

  override sendCommand(...args: Parameters<IORedis['sendCommand']>): ReturnType<IORedis['sendCommand']> {
    const socket = this.stream;
    if (!this.corked && this.status === 'ready' && this.commandQueue.length > 0 && socket?.writable) {
      this.corked = true;
      socket.cork();
      setImmediate(() => {
        this.corked = false;
        socket.uncork();
      });
    }
    return super.sendCommand(...args);
  }
}

/**
 * A request-path connection: corking on one server or a Sentinel master. On a Cluster, per-node
 * auto-pipelining, or with `onCluster: 'immediate'` every command written as it is issued.
 */
export function createAdaptiveRedis(url: string, onCluster: 'auto-pipelined' | 'immediate' = 'auto-pipelined'): Redis {
  const target = parseRedisUrl(url);
  if (target.kind === 'cluster') return createRedis(url, { enableAutoPipelining: onCluster === 'auto-pipelined' });
  return connect(target, { maxRetriesPerRequest: null, enableAutoPipelining: false }, AdaptiveRedis);
}

type ScriptArg = string | number;
type ScriptCaller = (numberOfKeys: number, ...keysAndArgs: ScriptArg[]) => Promise<unknown>;

/**
 * A Lua script called by EVALSHA (ioredis loads it on NOSCRIPT) instead of sending its whole text on
 * every call. Defined once per connection; its pipelines get the same command. On a Cluster every key
 * it is given (and every key it reaches from data) must be in one slot.
 */
export function luaScript(redis: Redis, name: string, lua: string) {
  const commands = redis as unknown as Record<string, ScriptCaller | undefined>;
  if (!commands[name]) redis.defineCommand(name, { lua });
  return {
    run: (keys: string[], args: ScriptArg[]) => commands[name]!(keys.length, ...keys, ...args),
    queue(pipeline: ReturnType<Redis['pipeline']>, keys: string[], args: ScriptArg[]): void {
      (pipeline as unknown as Record<string, ScriptCaller>)[name]!(keys.length, ...keys, ...args);
    },
  };
}

/** Every key matching `pattern`, by SCAN; on a Cluster on each master in turn (SCAN walks one node's keys). */
export async function scanKeys(redis: Redis, pattern: string): Promise<string[]> {
  const nodes = isCluster(redis) ? redis.nodes('master') : [redis];
  const found: string[] = [];
  for (const node of nodes) {
    for await (const keys of node.scanStream({ match: pattern, count: 1000 }) as AsyncIterable<string[]>) found.push(...keys);
  }
  return found;
}
