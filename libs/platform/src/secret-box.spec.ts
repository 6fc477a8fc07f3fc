import { createHash, randomBytes } from 'node:crypto';
import { createSecretBox } from './secret-box';

const keyA = randomBytes(32).toString('base64');
const keyB = randomBytes(32).toString('hex');
const keyC = randomBytes(32).toString('base64url');

/** Replaces one character of part `index` of a sealed blob with another valid base64url character. */
function tamper(sealed: string, index: number): string {
  const parts = sealed.split('.');
  const part = parts[index];
  const position = Math.floor(part.length / 2);
  const swapped = part[position] === 'A' ? 'B' : 'A';
  parts[index] = part.slice(0, position) + swapped + part.slice(position + 1);
  return parts.join('.');
}

describe('createSecretBox', () => {
  describe('key material', () => {
    it('accepts 32 bytes as base64, base64url or hex (surrounding whitespace ignored)', () => {
      for (const key of [keyA, keyB, keyC, keyB.toUpperCase(), `${keyA}\n`, keyA.replace(/=$/, '')]) {
        expect(() => createSecretBox(key)).not.toThrow();
      }
    });

    it.each([
      ['empty', ''],
      ['a passphrase', 'correct horse battery staple'],
      ['16 bytes of base64', randomBytes(16).toString('base64')],
      ['64 bytes of base64', randomBytes(64).toString('base64')],
      ['62 hex digits', randomBytes(31).toString('hex')],
      ['hex with a non-hex digit', `${randomBytes(31).toString('hex')}zz`],
    ])('rejects %s with a message naming the variable and the expected format', (_, key) => {
      expect(() => createSecretBox(key)).toThrow(
        'ALLTOKENS_ENCRYPTION_KEY must be 32 random bytes as base64 (`openssl rand -base64 32`) or hex (`openssl rand -hex 32`)',
      );
    });

    it('never echoes the key material in the error', () => {
      const badKey = 'super-secret-but-wrong-length';
      expect(() => createSecretBox(badKey)).toThrow(expect.not.objectContaining({ message: expect.stringContaining(badKey) }));
    });

    it('names a bad previous key by position', () => {
      expect(() => createSecretBox(keyA, [keyB, 'nope'])).toThrow('Previous encryption key #2 must be 32 random bytes');
    });

    it('derives keyId from the first 8 hex digits of sha256(key), the same for any encoding', () => {
      const raw = Buffer.from(keyB, 'hex');
      const expected = createHash('sha256').update(raw).digest('hex').slice(0, 8);
      expect(createSecretBox(keyB).keyId).toBe(expected);
      expect(createSecretBox(raw.toString('base64')).keyId).toBe(expected);
    });
  });

  describe('seal and open', () => {
    const box = createSecretBox(keyA);

    it.each(['sk-proj-abc123', '', 'ünïcødé 🔑 secret', 'x'.repeat(10_000)])('round-trips %#', (plaintext) => {
      expect(box.open(box.seal(plaintext))).toBe(plaintext);
    });

    it('produces v1.<keyId>.<iv>.<ciphertext>.<tag> with a 12-byte IV and a 16-byte tag', () => {
      const sealed = box.seal('hello');
      const [version, keyId, iv, ciphertext, tag] = sealed.split('.');
      expect(version).toBe('v1');
      expect(keyId).toBe(box.keyId);
      expect(keyId).toMatch(/^[0-9a-f]{8}$/);
      expect(Buffer.from(iv, 'base64url')).toHaveLength(12);
      expect(Buffer.from(ciphertext, 'base64url')).toHaveLength(5);
      expect(Buffer.from(tag, 'base64url')).toHaveLength(16);
      expect(sealed).toMatch(/^[A-Za-z0-9_.-]+$/);
      expect(sealed).not.toContain('hello');
    });

    it('uses a fresh IV every time', () => {
      const ivs = new Set(Array.from({ length: 1000 }, () => box.seal('same').split('.')[2]));
      expect(ivs.size).toBe(1000);
      expect(box.seal('same')).not.toBe(box.seal('same'));
    });

    it.each([
      [2, 'iv'],
      [3, 'ciphertext'],
      [4, 'tag'],
    ])('detects tampering with part %i (%s)', (index) => {
      const sealed = box.seal('a provider api key');
      expect(() => box.open(tamper(sealed, index))).toThrow('Sealed secret failed authentication (tampered, wrong key or wrong aad)');
    });

    it('detects a changed keyId', () => {
      const sealed = box.seal('secret');
      const otherId = sealed.replace(/^v1\.(.)/, (_, first: string) => `v1.${first === '0' ? '1' : '0'}`);
      expect(() => box.open(otherId)).toThrow(/^Sealed secret uses unknown key [0-9a-f]{8}$/);
      expect(() => box.open(tamper(sealed, 1))).toThrow('Sealed secret is malformed');
    });

    it.each([
      ['another version', (sealed: string) => sealed.replace(/^v1\./, 'v2.')],
      ['a missing part', (sealed: string) => sealed.split('.').slice(0, 4).join('.')],
      ['an extra part', (sealed: string) => `${sealed}.AAAA`],
      ['non-base64url characters', (sealed: string) => sealed.replace(/\.([^.]+)$/, '.+$1')],
      ['trailing unused bits in the tag', (sealed: string) => sealed.replace(/.$/, (last) => (last === 'A' ? 'B' : 'A'))],
      ['a truncated tag', (sealed: string) => sealed.slice(0, -4)],
      ['a truncated iv', (sealed: string) => sealed.replace(/^(v1\.[0-9a-f]{8}\.)..../, '$1')],
    ])('rejects a blob with %s', (_, mangle) => {
      expect(() => box.open(mangle(box.seal('secret')))).toThrow(/^Sealed secret/);
    });

    it('refuses to open with a different key', () => {
      const sealed = box.seal('secret');
      const sameIdOtherKey = sealed.replace(/^v1\.[0-9a-f]{8}/, `v1.${createSecretBox(keyB).keyId}`);
      expect(() => createSecretBox(keyB).open(sealed)).toThrow('unknown key');
      expect(() => createSecretBox(keyB).open(sameIdOtherKey)).toThrow('failed authentication');
    });
  });

  describe('aad binding', () => {
    const box = createSecretBox(keyA);

    it('opens only with the aad it was sealed with', () => {
      const sealed = box.seal('sk-ant-secret', 'org_123');
      expect(box.open(sealed, 'org_123')).toBe('sk-ant-secret');
      expect(() => box.open(sealed, 'org_456')).toThrow('failed authentication');
      expect(() => box.open(sealed)).toThrow('failed authentication');
    });

    it('a blob sealed without aad does not open with one', () => {
      expect(() => box.open(box.seal('secret'), 'org_123')).toThrow('failed authentication');
    });
  });

  describe('rotation', () => {
    const oldBox = createSecretBox(keyA);
    const rotated = createSecretBox(keyB, [keyA, keyC]);

    it('opens blobs sealed with a previous key and seals with the current one', () => {
      const old = oldBox.seal('legacy secret', 'org_1');
      expect(rotated.open(old, 'org_1')).toBe('legacy secret');
      const fresh = rotated.seal('new secret');
      expect(fresh.split('.')[1]).toBe(createSecretBox(keyB).keyId);
      expect(() => oldBox.open(fresh)).toThrow('unknown key');
    });

    it('tells which blobs need sealing again', () => {
      expect(rotated.needsReseal(oldBox.seal('x'))).toBe(true);
      expect(rotated.needsReseal(rotated.seal('x'))).toBe(false);
    });

    it('still detects tampering of a blob sealed with a previous key', () => {
      expect(() => rotated.open(tamper(oldBox.seal('legacy'), 4))).toThrow('failed authentication');
    });

    it('stops opening blobs once their key is dropped', () => {
      expect(() => createSecretBox(keyB).open(oldBox.seal('legacy'))).toThrow('unknown key');
    });
  });
});
