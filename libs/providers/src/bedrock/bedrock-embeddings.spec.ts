import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProviderInfo } from '@alltokens/catalog';
import type { AdapterContext } from '../core/adapter';
import { BedrockEmbeddings } from './bedrock-embeddings';

const provider: ProviderInfo = {
  id: 'aws',
  name: 'aws',
  format: 'bedrock',
  baseUrl: 'https://bedrock-runtime.{region}.amazonaws.com',
  apiKey: 'ABSKexample',
  headers: {},
  options: { region: 'us-east-1' },
  timeoutMs: 1000,
  firstByteTimeoutMs: 1000,
  streamIdleTimeoutMs: 1000,
};
const contextFor = (upstreamModel: string) => ({ provider, endpoint: { upstreamModel } }) as AdapterContext;
const fixture = (name: string): unknown => JSON.parse(readFileSync(join(__dirname, 'fixtures', name), 'utf8'));
const embeddings = new BedrockEmbeddings();

describe('BedrockEmbeddings', () => {
  it('invokes Titan Text Embeddings v2 with one text, dimensions and normalisation', async () => {
    const upstream = await embeddings.buildRequest({ model: 'm', input: 'hello', dimensions: 256 }, ['hello'], contextFor('amazon.titan-embed-text-v2:0'));
    expect(upstream.url).toBe('https://bedrock-runtime.us-east-1.amazonaws.com/model/amazon.titan-embed-text-v2%3A0/invoke');
    expect(upstream.headers.authorization).toBe('Bearer ABSKexample');
    expect(JSON.parse(upstream.body)).toEqual({ inputText: 'hello', dimensions: 256, normalize: true });
  });

  it('refuses what Titan cannot do: several inputs, dimensions on v1', async () => {
    await expect(embeddings.buildRequest({ model: 'm', input: ['a', 'b'] }, ['a', 'b'], contextFor('amazon.titan-embed-text-v2:0'))).rejects.toMatchObject({
      status: 400,
      code: 'unsupported_input',
    });
    await expect(embeddings.buildRequest({ model: 'm', input: 'a', dimensions: 8 }, ['a'], contextFor('amazon.titan-embed-text-v1'))).rejects.toMatchObject({
      status: 400,
      param: 'dimensions',
    });
  });

  it('invokes Cohere Embed with every text and an input type', async () => {
    const upstream = await embeddings.buildRequest({ model: 'm', input: ['a', 'b'] }, ['a', 'b'], contextFor('cohere.embed-english-v3'));
    expect(JSON.parse(upstream.body)).toEqual({ texts: ['a', 'b'], input_type: 'search_document' });
    const v4 = await embeddings.buildRequest({ model: 'm', input: 'q', dimensions: 512, input_type: 'search_query' }, ['q'], contextFor('us.cohere.embed-v4:0'));
    expect(JSON.parse(v4.body)).toEqual({ texts: ['q'], input_type: 'search_query', output_dimension: 512 });
  });

  it('refuses a model family it does not know', async () => {
    await expect(embeddings.buildRequest({ model: 'm', input: 'a' }, ['a'], contextFor('amazon.nova-lite-v1:0'))).rejects.toMatchObject({ status: 400, code: 'unsupported_model' });
  });

  it('reads Titan and Cohere responses', () => {
    expect(embeddings.parseResponse(fixture('titan-embedding.json'), ['hello'])).toEqual({ vectors: [[0.0281, -0.0148, 0.0393, -0.0061]], promptTokens: 6 });
    const cohere = embeddings.parseResponse(fixture('cohere-embedding.json'), ['hello world', 'goodbye world']);
    expect(cohere.vectors).toHaveLength(2);
    expect(cohere.promptTokens).toBe(6);
    expect(embeddings.parseResponse({ embeddings: { float: [[1, 2]] }, response_type: 'embeddings_by_type' }, ['abcd']).vectors).toEqual([[1, 2]]);
    expect(() => embeddings.parseResponse({}, ['a'])).toThrow('Bedrock embeddings response: embedding: expected array, received undefined or embeddings: expected array');
  });
});
