import { createHmac } from 'node:crypto';

/** Keyed hash (HMAC-SHA256): a leaked database alone cannot be used to test guessed keys. */
export class KeyHasher {
  constructor(private readonly secret: string) {}

  hash(key: string): string {
    return createHmac('sha256', this.secret).update(key).digest('hex');
  }
}
