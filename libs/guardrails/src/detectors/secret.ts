import { shannonEntropy } from './entropy';
import type { Span } from './span';

/** Well-known credential shapes: a prefix and the characters (and how many) that follow it. */
const KNOWN_SHAPES: Array<{ prefix: string; body: RegExp }> = [
  { prefix: 'sk-at-v1-', body: /^[A-Za-z0-9]{40,}/ }, // AllTokens
  { prefix: 'sk-ant-', body: /^[A-Za-z0-9_-]{20,}/ }, // Anthropic
  { prefix: 'sk-proj-', body: /^[A-Za-z0-9_-]{20,}/ }, // OpenAI project keys
  { prefix: 'sk-or-v1-', body: /^[a-f0-9]{32,}/ }, // OpenRouter
  { prefix: 'sk-', body: /^[A-Za-z0-9_-]{20,}/ }, // OpenAI and compatible
  { prefix: 'sk_live_', body: /^[A-Za-z0-9]{16,}/ }, // Stripe
  { prefix: 'sk_test_', body: /^[A-Za-z0-9]{16,}/ },
  { prefix: 'rk_live_', body: /^[A-Za-z0-9]{16,}/ },
  { prefix: 'AKIA', body: /^[A-Z0-9]{16}(?![A-Za-z0-9])/ }, // AWS access key id
  { prefix: 'ASIA', body: /^[A-Z0-9]{16}(?![A-Za-z0-9])/ },
  { prefix: 'github_pat_', body: /^[A-Za-z0-9_]{50,}/ },
  { prefix: 'ghp_', body: /^[A-Za-z0-9]{36,}/ }, // GitHub tokens
  { prefix: 'gho_', body: /^[A-Za-z0-9]{36,}/ },
  { prefix: 'ghu_', body: /^[A-Za-z0-9]{36,}/ },
  { prefix: 'ghs_', body: /^[A-Za-z0-9]{36,}/ },
  { prefix: 'ghr_', body: /^[A-Za-z0-9]{36,}/ },
  { prefix: 'glpat-', body: /^[A-Za-z0-9_-]{20,}/ }, // GitLab
  { prefix: 'xoxb-', body: /^[A-Za-z0-9-]{10,}/ }, // Slack
  { prefix: 'xoxp-', body: /^[A-Za-z0-9-]{10,}/ },
  { prefix: 'xoxa-', body: /^[A-Za-z0-9-]{10,}/ },
  { prefix: 'AIza', body: /^[A-Za-z0-9_-]{35}/ }, // Google API key
  { prefix: 'hf_', body: /^[A-Za-z0-9]{30,}/ }, // Hugging Face
];
const JWT = /^eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{10,}/;
/** Runs of token characters long enough to hold a secret (the shortest shape, an AWS key id, has 20). */
const TOKEN = /[A-Za-z0-9_\-+/=.]{20,}/g;
/** Random-looking tokens: long, mixed case with digits, and close to the entropy of random base64. */
const ENTROPY_MIN_LENGTH = 32;
const ENTROPY_MIN_BITS = 4.5;
const PEM_BEGIN = '-----BEGIN ';
const PEM_MARK = 'PRIVATE KEY-----';

/**
 * Credentials pasted into prompts: provider key shapes (OpenAI, Anthropic, AWS, GitHub, Slack, Stripe,
 * Google, GitLab, Hugging Face, AllTokens), JWTs, PEM private keys and high-entropy tokens. Bare hex
 * (commit hashes, digests) and UUIDs are below the entropy bar and are not flagged.
 */
export function findSecrets(text: string): Span[] {
  const spans = findPemKeys(text);
  const pems = spans.length;
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(text); match; match = TOKEN.exec(text)) {
    const start = match.index;
    const inPem = spans.slice(0, pems).some((span) => start >= span.start && start < span.end);
    if (!inPem) spans.push(...secretsInToken(match[0], start));
  }
  return spans.sort((a, b) => a.start - b.start);
}

function secretsInToken(token: string, offset: number): Span[] {
  const jwt = JWT.exec(token);
  if (jwt) return [{ start: offset, end: offset + jwt[0].length }];
  for (const { prefix, body } of KNOWN_SHAPES) {
    if (!token.startsWith(prefix)) continue;
    const match = body.exec(token.slice(prefix.length));
    if (match) return [{ start: offset, end: offset + prefix.length + match[0].length }];
  }
  // Dots and slashes join words in paths and hostnames: judge each part on its own.
  const spans: Span[] = [];
  let start = 0;
  for (const part of token.split(/[./]/)) {
    if (part.length >= ENTROPY_MIN_LENGTH && looksRandom(part)) spans.push({ start: offset + start, end: offset + start + part.length });
    start += part.length + 1;
  }
  return spans;
}

function looksRandom(part: string): boolean {
  return /[a-z]/.test(part) && /[A-Z]/.test(part) && /[0-9]/.test(part) && shannonEntropy(part) >= ENTROPY_MIN_BITS;
}

function findPemKeys(text: string): Span[] {
  const spans: Span[] = [];
  for (let begin = text.indexOf(PEM_BEGIN); begin !== -1; begin = text.indexOf(PEM_BEGIN, begin + 1)) {
    const header = text.indexOf(PEM_MARK, begin);
    if (header === -1 || header - begin > 40) continue;
    const footer = text.indexOf('-----END ', header);
    const close = footer === -1 ? -1 : text.indexOf(PEM_MARK, footer);
    const end = close === -1 ? text.length : close + PEM_MARK.length;
    spans.push({ start: begin, end });
    begin = end - 1;
  }
  return spans;
}

