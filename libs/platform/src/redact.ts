/** RFC 6750 token characters; 8+ so prose such as "Bearer auth" stays readable. */
const TOKEN = '[A-Za-z0-9._~+/-]{8,}=*';

/** Applied in order: the specific key shapes before the generic `sk-` one. */
const SECRET_SHAPES: Array<[RegExp, string]> = [
  [new RegExp(`\\b(Bearer|Basic|Api-Key)\\s+${TOKEN}`, 'gi'), '$1 [redacted]'],
  [new RegExp(`\\b((?:x-)?api[-_]?key["']?\\s*[:=]\\s*["']?)${TOKEN}`, 'gi'), '$1[redacted]'],
  [/\bsk-at-v1-[0-9A-Za-z]+/g, 'sk-at-v1-[redacted]'],
  [/\bsk-ant-[A-Za-z0-9_-]+/g, 'sk-ant-[redacted]'],
  [/\bsk-[A-Za-z0-9_-]{16,}/g, 'sk-[redacted]'],
  [/\b(AKIA|ASIA)[A-Z0-9]{16}\b/g, '$1[redacted]'],
  [/\bAIza[0-9A-Za-z_-]{35}/g, 'AIza[redacted]'],
  // secret-box blobs: v1.<keyId>.<12-byte iv>.<ciphertext>.<16-byte tag>
  [/\bv1\.[0-9a-f]{8}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]{22}(?![A-Za-z0-9_-])/g, 'v1.[redacted]'],
];

/** Masks API keys, credentials and sealed secrets in free text (error messages, span attributes). */
export function redactSecrets(text: string): string {
  return SECRET_SHAPES.reduce((out, [shape, mask]) => out.replace(shape, mask), text);
}
