import { createSecretBox } from './secret-box';
import { redactSecrets } from './redact';

const allTokensKey = 'sk-at-v1-3kTq9ZpX2mB7vLw4nR8cY1dF6hJ0sA5eG2iK7oU9xW4zQb1cD3';
const sealed = createSecretBox('0'.repeat(64)).seal('sk-proj-abc', 'org_1');

describe('redactSecrets', () => {
  it.each([
    ['an AllTokens key', `invalid key ${allTokensKey}`, 'invalid key sk-at-v1-[redacted]'],
    ['an OpenAI project key', 'key sk-proj-Ab12Cd34Ef56Gh78Ij90_Kl-Mn', 'key sk-[redacted]'],
    ['a legacy OpenAI key', 'used sk-4f9A2b7C1d8E3f6G0h5I2j9K.', 'used sk-[redacted].'],
    ['an Anthropic key', 'sk-ant-api03-Zx9_Yw8-Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBa-AAAA rejected', 'sk-ant-[redacted] rejected'],
    ['an AWS access key id', 'Credential=AKIAIOSFODNN7EXAMPLE/20240101/us-east-1', 'Credential=AKIA[redacted]/20240101/us-east-1'],
    ['an AWS temporary key id', 'ASIAY34FZKBOKMUTVV7A expired', 'ASIA[redacted] expired'],
    ['a Google API key', 'https://x.googleapis.com/v1?key=AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q', 'https://x.googleapis.com/v1?key=AIza[redacted]'],
    ['a Bearer token', 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig_-', 'Authorization: Bearer [redacted]'],
    ['a lowercase bearer token', 'authorization: bearer abcdefgh12345678', 'authorization: bearer [redacted]'],
    ['Basic credentials', 'Authorization: Basic dXNlcjpwYXNzd29yZA==', 'Authorization: Basic [redacted]'],
    ['an Api-Key scheme', 'Authorization: Api-Key 0123456789abcdef0123', 'Authorization: Api-Key [redacted]'],
    ['an api-key header', 'api-key: 0123456789abcdef0123456789abcdef', 'api-key: [redacted]'],
    ['an x-api-key header', 'x-api-key: sk-ant-api03-secretsecret', 'x-api-key: [redacted]'],
    ['a JSON api_key field', '{"api_key":"abcd1234efgh5678"}', '{"api_key":"[redacted]"}'],
    ['a sealed secret', `stored ${sealed} for org_1`, 'stored v1.[redacted] for org_1'],
    ['a sealed secret with empty plaintext', createSecretBox('1'.repeat(64)).seal(''), 'v1.[redacted]'],
  ])('masks %s', (_, text, expected) => {
    expect(redactSecrets(text)).toBe(expected);
  });

  it('masks every secret in a text', () => {
    const text = `Bearer ${allTokensKey} then ${allTokensKey} and AKIAIOSFODNN7EXAMPLE`;
    expect(redactSecrets(text)).toBe('Bearer [redacted] then sk-at-v1-[redacted] and AKIA[redacted]');
  });

  it('is idempotent', () => {
    const once = redactSecrets(`Bearer abcdefgh12345678 ${allTokensKey} ${sealed} api-key=abcdefgh12345678`);
    expect(redactSecrets(once)).toBe(once);
  });

  it.each([
    'Rate limit reached for gpt-4o-mini in organization org-abc on tokens per min',
    'Bearer auth required',
    'Incorrect API key provided: sk-proj-********************abcd',
    'model v1.2.3 not found',
    'risk-assessment task-runner',
    'AKIA is a prefix',
  ])('leaves ordinary text alone: %s', (text) => {
    expect(redactSecrets(text)).toBe(text);
  });
});
