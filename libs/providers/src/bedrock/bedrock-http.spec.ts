import { createHash, createHmac } from 'node:crypto';
import type { ProviderInfo } from '@alltokens/catalog';
import { ApiError } from '@alltokens/contracts';
import { bedrockRequest } from './bedrock-http';

const provider = (overrides: Partial<ProviderInfo> = {}): ProviderInfo => ({
  id: 'aws',
  name: 'aws',
  format: 'bedrock',
  baseUrl: 'https://bedrock-runtime.{region}.amazonaws.com',
  headers: {},
  options: { region: 'us-east-1', access_key_id: 'AKIDEXAMPLE', secret_access_key: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
  timeoutMs: 1000,
  firstByteTimeoutMs: 1000,
  streamIdleTimeoutMs: 1000,
  ...overrides,
});

const MODEL = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const BODY = '{"messages":[{"role":"user","content":[{"text":"Hi"}]}]}';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const hmac = (key: string | Buffer, text: string) => createHmac('sha256', key).update(text).digest();

/** SigV4 written out from AWS's specification, to check the library is wired the way AWS expects. */
function referenceSignature(headers: Record<string, string>, path: string, secret: string, region: string): string {
  const date = headers['x-amz-date']!;
  const names = Object.keys(headers).filter((name) => name !== 'authorization').sort();
  const canonicalPath = path.split('/').map((segment) => encodeURIComponent(segment)).join('/');
  const canonical = ['POST', canonicalPath, '', ...names.map((name) => `${name}:${headers[name]!.trim()}`), '', names.join(';'), sha256(BODY)].join('\n');
  const scope = `${date.slice(0, 8)}/${region}/bedrock/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', date, scope, sha256(canonical)].join('\n');
  let key: Buffer = hmac(`AWS4${secret}`, date.slice(0, 8));
  for (const part of [region, 'bedrock', 'aws4_request']) key = hmac(key, part);
  return createHmac('sha256', key).update(toSign).digest('hex');
}

describe('bedrockRequest', () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2026-01-02T03:04:05Z') }));
  afterEach(() => jest.useRealTimers());

  it('posts to the regional endpoint with the model id encoded in the path', async () => {
    const upstream = await bedrockRequest(provider(), MODEL, 'converse', BODY);
    expect(upstream.url).toBe('https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/converse');
    expect(upstream.body).toBe(BODY);
  });

  it('signs with SigV4 exactly as the specification computes it (double-encoded path, payload hash)', async () => {
    const { headers } = await bedrockRequest(provider(), MODEL, 'converse-stream', BODY);
    expect(headers).toMatchObject({
      'content-type': 'application/json',
      host: 'bedrock-runtime.us-east-1.amazonaws.com',
      'x-amz-date': '20260102T030405Z',
      'x-amz-content-sha256': sha256(BODY),
    });
    const signature = referenceSignature(headers, `/model/${encodeURIComponent(MODEL)}/converse-stream`, 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', 'us-east-1');
    expect(headers.authorization).toBe(
      `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260102/us-east-1/bedrock/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, Signature=${signature}`,
    );
  });

  it('signs temporary credentials with their session token and custom headers', async () => {
    const configured = provider({ headers: { 'x-team': 'a' }, options: { ...provider().options, session_token: 'FwoGZXIvYXdzEXAMPLE' } });
    const { headers } = await bedrockRequest(configured, MODEL, 'converse', BODY);
    expect(headers['x-amz-security-token']).toBe('FwoGZXIvYXdzEXAMPLE');
    expect(headers.authorization).toContain('SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token;x-team,');
  });

  it('signs for a configured base_url, port included in the host', async () => {
    const { url, headers } = await bedrockRequest(provider({ baseUrl: 'http://127.0.0.1:4010/' }), MODEL, 'converse', BODY);
    expect(url).toBe('http://127.0.0.1:4010/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/converse');
    expect(headers.host).toBe('127.0.0.1:4010');
  });

  it('sends a Bedrock API key as a bearer token when no access key is configured', async () => {
    const { headers } = await bedrockRequest(provider({ apiKey: 'ABSKexample', options: { region: 'eu-west-1' } }), MODEL, 'converse', BODY);
    expect(headers.authorization).toBe('Bearer ABSKexample');
    expect(headers['x-amz-date']).toBeUndefined();
  });

  it('refuses a configuration it cannot use', async () => {
    await expect(bedrockRequest(provider({ options: { access_key_id: 'AKID', secret_access_key: 's' } }), MODEL, 'converse', BODY)).rejects.toMatchObject({
      status: 500,
      code: 'provider_misconfigured',
      message: expect.stringContaining('options.region'),
    });
    await expect(bedrockRequest(provider({ options: { region: 'us-east-1' } }), MODEL, 'converse', BODY)).rejects.toBeInstanceOf(ApiError);
  });
});
