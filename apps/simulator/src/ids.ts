import { randomFillSync } from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';

// One syscall fills many ids: the simulator mints several ids per request at thousands of req/s.
const pool = Buffer.alloc(8192);
let cursor = pool.length;

function nextByte(): number {
  if (cursor === pool.length) {
    randomFillSync(pool);
    cursor = 0;
  }
  return pool[cursor++]!;
}

/** Random string over `alphabet` (modulo bias is irrelevant for fake ids). */
export function randomString(length: number, alphabet = ALPHANUMERIC): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[nextByte() % alphabet.length];
  return out;
}

export const randomHex = (length: number): string => randomString(length, HEX);

export const unixSeconds = (): number => Math.floor(Date.now() / 1000);
