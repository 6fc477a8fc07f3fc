import { displayParts, generateApiKey, isWellFormedApiKey, KEY_PREFIX } from './key-format';
import { extractApiKey } from './extract-api-key';
import type { Request } from 'express';

describe('API key format', () => {
  it('generates unique, well-formed keys with a verifiable checksum', () => {
    const keys = new Set(Array.from({ length: 200 }, generateApiKey));
    expect(keys.size).toBe(200);
    for (const key of keys) {
      expect(key.startsWith(KEY_PREFIX)).toBe(true);
      expect(isWellFormedApiKey(key)).toBe(true);
    }
  });

  it('rejects a key with one character changed', () => {
    const key = generateApiKey();
    const flipped = key.slice(0, 20) + (key[20] === 'a' ? 'b' : 'a') + key.slice(21);
    expect(isWellFormedApiKey(flipped)).toBe(false);
    expect(isWellFormedApiKey('sk-at-v1-short')).toBe(false);
  });

  it('shows only a prefix and the last four characters', () => {
    const key = generateApiKey();
    const { prefix, lastFour } = displayParts(key);
    expect(prefix).toBe(key.slice(0, KEY_PREFIX.length + 4));
    expect(lastFour).toBe(key.slice(-4));
  });
});

describe('extractApiKey', () => {
  const req = (headers: Record<string, string>) => ({ headers }) as unknown as Request;
  it('reads Bearer and X-API-Key, Bearer first', () => {
    expect(extractApiKey(req({ authorization: 'Bearer abc' }))).toBe('abc');
    expect(extractApiKey(req({ authorization: 'bearer  abc ' }))).toBe('abc');
    expect(extractApiKey(req({ 'x-api-key': 'xyz' }))).toBe('xyz');
    expect(extractApiKey(req({ authorization: 'Bearer abc', 'x-api-key': 'xyz' }))).toBe('abc');
    expect(extractApiKey(req({ authorization: 'Basic abc' }))).toBeUndefined();
    expect(extractApiKey(req({}))).toBeUndefined();
  });
});
