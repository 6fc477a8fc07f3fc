import { isRedisUrl, parseRedisUrl } from './redis-url';

describe('parseRedisUrl', () => {
  it('passes redis:// and rediss:// to ioredis as they are', () => {
    expect(parseRedisUrl('redis://127.0.0.1:6379/2')).toEqual({ kind: 'single', url: 'redis://127.0.0.1:6379/2' });
    expect(parseRedisUrl('rediss://default:secret@redis.example:6380')).toEqual({ kind: 'single', url: 'rediss://default:secret@redis.example:6380' });
  });

  it('reads a cluster URL as seed nodes, TLS and credentials', () => {
    expect(parseRedisUrl('redis-cluster://127.0.0.1:7000,127.0.0.1:7001')).toEqual({ kind: 'cluster', tls: false, nodes: [{ host: '127.0.0.1', port: 7000 }, { host: '127.0.0.1', port: 7001 }] });
    expect(parseRedisUrl('rediss-cluster://app:p%40ss@node-a:6380,node-b')).toEqual({
      kind: 'cluster', tls: true, username: 'app', password: 'p@ss', nodes: [{ host: 'node-a', port: 6380 }, { host: 'node-b', port: 6379 }],
    });
  });

  it('reads a sentinel URL as sentinels, master name, database and both passwords', () => {
    expect(parseRedisUrl('redis-sentinel://:secret@s1:26380,s2/mymaster/3?sentinelPassword=s3cret')).toEqual({
      kind: 'sentinel', tls: false, password: 'secret', sentinelPassword: 's3cret', name: 'mymaster', db: 3, sentinels: [{ host: 's1', port: 26380 }, { host: 's2', port: 26379 }],
    });
    expect(parseRedisUrl('rediss-sentinel://s1:26379/primary')).toMatchObject({ kind: 'sentinel', tls: true, name: 'primary', db: 0 });
  });

  it('refuses what it cannot mean, without echoing the password', () => {
    expect(() => parseRedisUrl('memcached://x:1')).toThrow(/must start with redis:\/\//);
    expect(() => parseRedisUrl('valkey://user:hunter2@x:1')).not.toThrow(/hunter2/);
    expect(() => parseRedisUrl('redis-sentinel://s1:26379')).toThrow(/names its master/);
    expect(() => parseRedisUrl('redis-cluster://a:1/2')).toThrow(/only database 0/);
    expect(() => parseRedisUrl('redis-cluster://a:port')).toThrow(/not host:port/);
    expect(isRedisUrl('redis-cluster://a:1,b:2')).toBe(true);
    expect(isRedisUrl('http://a')).toBe(false);
  });
});
