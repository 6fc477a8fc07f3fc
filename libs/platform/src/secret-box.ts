import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const KEY_HINT = `must be ${KEY_BYTES} random bytes as base64 (\`openssl rand -base64 32\`) or hex (\`openssl rand -hex 32\`)`;

/** AES-256-GCM envelope for secrets at rest: `v1.<keyId>.<iv>.<ciphertext>.<tag>`, each part base64url. */
export interface SecretBox {
  /** First 8 hex digits of sha256(current key). */
  readonly keyId: string;
  /** `aad` (e.g. the owning org id) is authenticated, not stored: `open` needs the same value. */
  seal(plaintext: string, aad?: string): string;
  /** Throws when the blob was tampered with, sealed under an unknown key or bound to another `aad`. */
  open(sealed: string, aad?: string): string;
  /** True when `sealed` was made with a previous key and should be sealed again with the current one. */
  needsReseal(sealed: string): boolean;
}

function parseKey(material: string, name: string): Buffer {
  const text = material.trim();
  let key: Buffer | undefined;
  if (/^[0-9a-fA-F]{64}$/.test(text)) key = Buffer.from(text, 'hex');
  else if (/^[A-Za-z0-9+/]{43}=?$/.test(text)) key = Buffer.from(text, 'base64');
  else if (/^[A-Za-z0-9_-]{43}$/.test(text)) key = Buffer.from(text, 'base64url');
  if (key?.length !== KEY_BYTES) throw new Error(`${name} ${KEY_HINT}`);
  return key;
}

const keyIdOf = (key: Buffer) => createHash('sha256').update(key).digest('hex').slice(0, 8);

/** Strict base64url: Buffer.from ignores stray characters and unused bits, which would hide a tampered part. */
function decodePart(part: string): Buffer {
  const bytes = Buffer.from(part, 'base64url');
  if (bytes.toString('base64url') !== part) throw new Error('Sealed secret is malformed');
  return bytes;
}

function parseSealed(sealed: string) {
  const parts = sealed.split('.');
  const [version, keyId, iv, ciphertext, tag] = parts;
  if (parts.length !== 5 || version !== VERSION || !/^[0-9a-f]{8}$/.test(keyId)) throw new Error('Sealed secret is malformed');
  return { keyId, iv: decodePart(iv), ciphertext: decodePart(ciphertext), tag: decodePart(tag) };
}

/**
 * `currentKey` seals; it and `previousKeys` open, so keys can be rotated without a flag day.
 * Key material is `ALLTOKENS_ENCRYPTION_KEY`: 32 bytes as base64 or hex.
 */
export function createSecretBox(currentKey: string, previousKeys: string[] = []): SecretBox {
  const key = parseKey(currentKey, 'ALLTOKENS_ENCRYPTION_KEY');
  const keyId = keyIdOf(key);
  const keys = new Map<string, Buffer>();
  for (const [index, material] of previousKeys.entries()) {
    const previous = parseKey(material, `Previous encryption key #${index + 1}`);
    keys.set(keyIdOf(previous), previous);
  }
  keys.set(keyId, key);

  return {
    keyId,
    seal(plaintext, aad) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      if (aad !== undefined) cipher.setAAD(Buffer.from(aad, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const parts = [iv, ciphertext, cipher.getAuthTag()].map((bytes) => bytes.toString('base64url'));
      return [VERSION, keyId, ...parts].join('.');
    },
    open(sealed, aad) {
      const parts = parseSealed(sealed);
      const openingKey = keys.get(parts.keyId);
      if (!openingKey) throw new Error(`Sealed secret uses unknown key ${parts.keyId}`);
      if (parts.iv.length !== IV_BYTES || parts.tag.length !== TAG_BYTES) throw new Error('Sealed secret is malformed');
      const decipher = createDecipheriv('aes-256-gcm', openingKey, parts.iv, { authTagLength: TAG_BYTES });
      decipher.setAuthTag(parts.tag);
      if (aad !== undefined) decipher.setAAD(Buffer.from(aad, 'utf8'));
      try {
        return Buffer.concat([decipher.update(parts.ciphertext), decipher.final()]).toString('utf8');
      } catch {
        throw new Error('Sealed secret failed authentication (tampered, wrong key or wrong aad)');
      }
    },
    needsReseal(sealed) {
      return parseSealed(sealed).keyId !== keyId;
    },
  };
}
