import { randomBytes } from 'node:crypto';

const POOL_SIZE = 4096;
let pool = randomBytes(POOL_SIZE);
let offset = 0;

/** 20 random bytes as base64url, drawn from a pooled buffer (one syscall per ~200 ids). */
function randomToken(bytes = 15): string {
  if (offset + bytes > POOL_SIZE) {
    pool = randomBytes(POOL_SIZE);
    offset = 0;
  }
  const token = pool.toString('base64url', offset, offset + bytes);
  offset += bytes;
  return token;
}

/** Request ids double as generation ids (`/api/v1/generation?id=`). Never contain `|`. */
export function newRequestId(): string {
  return `gen-${Date.now().toString(36)}-${randomToken()}`;
}

export function newInstanceId(service: string): string {
  return `${service}-${process.pid}-${randomToken(6)}`;
}
