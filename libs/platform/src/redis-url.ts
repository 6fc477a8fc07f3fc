/**
 * Where Redis is, from one `REDIS_URL`:
 * - `redis://[user:password@]host:port[/db]`, `rediss://...` (TLS): one server (or a managed primary);
 * - `redis-cluster://[user:password@]host:port[,host:port...]`, `rediss-cluster://...` (TLS): Redis Cluster,
 *   the listed nodes are seeds (any masters or replicas; the rest is discovered);
 * - `redis-sentinel://[user:password@]host:port[,host:port...]/<master name>[/db]`, `rediss-sentinel://...`
 *   (TLS to the sentinels and the master): the master that the sentinels name, followed across failovers.
 * The password of a sentinel URL is the data nodes' password; `?sentinelPassword=` gives the sentinels' own.
 */
export type RedisTarget =
  | { kind: 'single'; url: string }
  | { kind: 'cluster'; nodes: HostPort[]; tls: boolean; username?: string; password?: string }
  | { kind: 'sentinel'; sentinels: HostPort[]; name: string; db: number; tls: boolean; username?: string; password?: string; sentinelPassword?: string };

export interface HostPort {
  host: string;
  port: number;
}

const MULTI_HOST = /^(rediss?)-(cluster|sentinel):\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^/?]+)(\/[^?]*)?(?:\?(.*))?$/;

export function parseRedisUrl(url: string): RedisTarget {
  if (/^rediss?:\/\//.test(url)) {
    new URL(url);
    return { kind: 'single', url };
  }
  const match = MULTI_HOST.exec(url);
  if (!match) throw new Error(`REDIS_URL must start with redis://, rediss://, redis-cluster://, rediss-cluster://, redis-sentinel:// or rediss-sentinel:// (got '${redact(url)}')`);
  const [, scheme, mode, user, pass, hosts, path = '', query = ''] = match;
  const tls = scheme === 'rediss';
  const credentials = { ...(user ? { username: decodeURIComponent(user) } : {}), ...(pass ? { password: decodeURIComponent(pass) } : {}) };
  const nodes = hosts!.split(',').map((text) => hostPort(text, mode === 'sentinel' ? 26379 : 6379));
  if (mode === 'cluster') {
    if (path && path !== '/') throw new Error('a redis-cluster:// URL takes no path: Redis Cluster has only database 0');
    return { kind: 'cluster', nodes, tls, ...credentials };
  }
  const [name, db = '0'] = path.split('/').filter(Boolean);
  if (!name) throw new Error('a redis-sentinel:// URL names its master: redis-sentinel://host:26379/<master name>');
  if (!/^\d+$/.test(db)) throw new Error(`the database of a redis-sentinel:// URL is a number (got '${db}')`);
  const sentinelPassword = new URLSearchParams(query).get('sentinelPassword') ?? undefined;
  return { kind: 'sentinel', sentinels: nodes, name: decodeURIComponent(name), db: Number(db), tls, ...credentials, ...(sentinelPassword ? { sentinelPassword } : {}) };
}

/** Whether `url` is a REDIS_URL this module understands (for env validation). */
export function isRedisUrl(url: string): boolean {
  try {
    parseRedisUrl(url);
    return true;
  } catch {
    return false;
  }
}

function hostPort(text: string, defaultPort: number): HostPort {
  const match = /^(\[[^\]]+\]|[^:,]+)(?::(\d+))?$/.exec(text.trim());
  if (!match) throw new Error(`'${text}' is not host:port`);
  return { host: match[1]!.replace(/^\[|\]$/g, ''), port: Number(match[2] ?? defaultPort) };
}

const redact = (url: string) => url.replace(/\/\/[^@/]*@/, '//***@');
