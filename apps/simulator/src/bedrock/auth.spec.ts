import { startSimulator, type Simulator } from '../server';
import { post, signedPost, type BedrockResponse, type SignOptions } from '../testing/bedrock-client';
import { bedrockPersonality } from '.';

const BODY = { messages: [{ role: 'user', content: [{ text: 'Hi' }] }] };

describe('Bedrock authentication', () => {
  let sim: Simulator;
  const url = () => `${sim.url}/model/${encodeURIComponent('anthropic.claude-3-5-haiku-20241022-v1:0')}/converse`;
  const signed = (options: SignOptions = {}) => signedPost(url(), BODY, options);
  const refusal = (res: BedrockResponse) => ({ status: res.status, type: res.headers.get('x-amzn-errortype')?.split(':')[0], body: JSON.parse(res.text) });

  beforeAll(async () => {
    sim = await startSimulator({ apiKey: 'sim-key', personalities: [bedrockPersonality] });
  });
  afterAll(() => sim.close());

  it('accepts a SigV4 signature made with the key as secret, any region and access key id', async () => {
    expect((await signed()).status).toBe(200);
    expect((await signed({ region: 'eu-central-1' })).status).toBe(200);
  });

  it('refuses a signature made with another secret', async () => {
    expect(refusal(await signed({ secret: 'wrong' }))).toEqual({
      status: 403,
      type: 'InvalidSignatureException',
      body: { message: expect.stringContaining('The request signature we calculated does not match the signature you provided.') },
    });
  });

  it('refuses a body that differs from the signed one', async () => {
    const res = await signed({ sentBody: JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'Bye' }] }] }) });
    expect(refusal(res)).toMatchObject({ status: 403, type: 'InvalidSignatureException' });
  });

  it('refuses a signed header changed in transit', async () => {
    expect(refusal(await signed({ extraHeaders: { 'content-type': 'application/x-amz-json-1.1' } }))).toMatchObject({ status: 403, type: 'InvalidSignatureException' });
  });

  it('refuses another service scope and a stale date', async () => {
    expect(refusal(await signed({ service: 's3' }))).toMatchObject({ status: 403, body: { message: "Credential should be scoped to correct service: 'bedrock'." } });
    expect(refusal(await signed({ date: new Date(Date.now() - 10 * 60_000) }))).toMatchObject({
      status: 403,
      type: 'InvalidSignatureException',
      body: { message: expect.stringContaining('Signature expired') },
    });
  });

  it('refuses a request without credentials', async () => {
    expect(refusal(await post(url(), JSON.stringify(BODY), { 'content-type': 'application/json' }))).toEqual({
      status: 403,
      type: 'MissingAuthenticationTokenException',
      body: { message: 'Missing Authentication Token' },
    });
  });

  it('accepts a Bedrock API key as a bearer token and refuses a wrong one', async () => {
    expect((await post(url(), JSON.stringify(BODY), { 'content-type': 'application/json', authorization: 'Bearer sim-key' })).status).toBe(200);
    expect(refusal(await post(url(), JSON.stringify(BODY), { 'content-type': 'application/json', authorization: 'Bearer nope' }))).toEqual({
      status: 403,
      type: 'AccessDeniedException',
      body: { Message: 'Authentication failed: Please make sure your API Key is valid.' },
    });
  });
});
