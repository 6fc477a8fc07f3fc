import Redis, { type RedisOptions } from 'ioredis';

/**
 * ioredis client for BullMQ and our own commands. `maxRetriesPerRequest: null` is what BullMQ
 * requires for blocking connections; `enableAutoPipelining` batches commands issued in one tick.
 */
export function createRedis(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableAutoPipelining: true, ...options });
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
export class AdaptiveRedis extends Redis {
  private corked = false;

  override sendCommand(...args: Parameters<Redis['sendCommand']>): ReturnType<Redis['sendCommand']> {
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

export function createAdaptiveRedis(url: string): AdaptiveRedis {
  return new AdaptiveRedis(url, { maxRetriesPerRequest: null, enableAutoPipelining: false });
}

export type { Redis };

type ScriptArg = string | number;
type ScriptCaller = (numberOfKeys: number, ...keysAndArgs: ScriptArg[]) => Promise<unknown>;

/**
 * A Lua script called by EVALSHA (ioredis loads it on NOSCRIPT) instead of sending its whole text on
 * every call. Defined once per connection; its pipelines get the same command.
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
