import { startSimulator, type Simulator } from '../server';
import { signedPost } from '../testing/bedrock-client';
import { bedrockPersonality } from '.';

describe('Bedrock InvokeModel for embeddings', () => {
  let sim: Simulator;
  const invoke = async (model: string, body: object) => {
    const res = await signedPost(`${sim.url}/model/${encodeURIComponent(model)}/invoke`, body);
    return { status: res.status, body: JSON.parse(res.text) };
  };

  beforeAll(async () => {
    sim = await startSimulator({ apiKey: 'sim-key', personalities: [bedrockPersonality] });
  });
  afterAll(() => sim.close());

  it('embeds one text with Titan Text Embeddings v2, deterministically', async () => {
    const first = await invoke('amazon.titan-embed-text-v2:0', { inputText: 'hello world', dimensions: 256, normalize: true });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ embedding: expect.any(Array), inputTextTokenCount: 2 });
    expect(first.body.embedding).toHaveLength(256);
    expect((await invoke('amazon.titan-embed-text-v2:0', { inputText: 'hello world', dimensions: 256 })).body.embedding).toEqual(first.body.embedding);
  });

  it('refuses what Titan does not take', async () => {
    expect(await invoke('amazon.titan-embed-text-v2:0', { inputText: 'x', dimensions: 300 })).toMatchObject({
      status: 400,
      body: { message: 'Malformed input request: #/dimensions: 300 is not a valid enum value, please reformat your input and try again.' },
    });
    expect(await invoke('amazon.titan-embed-text-v1', { inputText: 'x', dimensions: 256 })).toMatchObject({ status: 400, body: { message: expect.stringContaining('#: extraneous key [dimensions]') } });
    expect(await invoke('amazon.titan-embed-text-v2:0', { texts: ['x'] })).toMatchObject({ status: 400 });
  });

  it('embeds a batch with Cohere Embed, floats or by type', async () => {
    const floats = await invoke('cohere.embed-english-v3', { texts: ['a', 'b'], input_type: 'search_document' });
    expect(floats.body).toEqual({ id: expect.any(String), texts: ['a', 'b'], embeddings: [expect.any(Array), expect.any(Array)], response_type: 'embeddings_floats' });
    expect(floats.body.embeddings[0]).toHaveLength(1024);
    const byType = await invoke('cohere.embed-v4:0', { texts: ['a'], input_type: 'search_query', embedding_types: ['float'], output_dimension: 256 });
    expect(byType.body).toMatchObject({ response_type: 'embeddings_by_type', embeddings: { float: [expect.any(Array)] } });
    expect(byType.body.embeddings.float[0]).toHaveLength(256);
  });

  it('requires Cohere input_type', async () => {
    expect(await invoke('cohere.embed-english-v3', { texts: ['a'] })).toMatchObject({ status: 400, body: { message: expect.stringContaining('required key [input_type] not found') } });
  });
});
