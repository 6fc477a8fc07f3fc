import { startSimulator, type Simulator } from '../server';
import { send } from '../testing/sim-client';

describe('Gemini embeddings', () => {
  let sim: Simulator;
  const studio = (method: string, json: object) =>
    send(`${sim.url}/v1beta/models/gemini-embedding-001:${method}`, { json, headers: { 'x-goog-api-key': 'sim-key' } });
  const text = (value: string) => ({ parts: [{ text: value }] });

  beforeAll(async () => {
    sim = await startSimulator({ apiKey: 'sim-key' });
  });
  afterAll(() => sim.close());

  it('embedContent: one deterministic vector of the requested size', async () => {
    const first = JSON.parse((await studio('embedContent', { content: text('hello'), outputDimensionality: 8 })).text);
    const again = JSON.parse((await studio('embedContent', { content: text('hello'), outputDimensionality: 8 })).text);
    expect(first.embedding.values).toHaveLength(8);
    expect(again).toEqual(first);
    expect(JSON.parse((await studio('embedContent', { content: text('hi') })).text).embedding.values).toHaveLength(3072);
  });

  it('batchEmbedContents: one vector per request, each naming the URL’s model', async () => {
    const requests = ['a', 'b'].map((value) => ({ model: 'models/gemini-embedding-001', content: text(value), taskType: 'RETRIEVAL_DOCUMENT' }));
    const body = JSON.parse((await studio('batchEmbedContents', { requests })).text);
    expect(body.embeddings).toHaveLength(2);
    const wrongModel = await studio('batchEmbedContents', { requests: [{ model: 'models/other', content: text('a') }] });
    expect(wrongModel.status).toBe(400);
    const badTask = await studio('batchEmbedContents', { requests: [{ model: 'models/gemini-embedding-001', content: text('a'), taskType: 'NOPE' }] });
    expect(JSON.parse(badTask.text).error.status).toBe('INVALID_ARGUMENT');
  });

  it('Vertex predict: predictions with token statistics', async () => {
    const url = `${sim.url}/v1/projects/demo/locations/us-central1/publishers/google/models/text-embedding-005:predict`;
    const res = await send(url, { json: { instances: [{ content: 'hello world' }], parameters: { outputDimensionality: 4 } }, headers: { authorization: 'Bearer sim-key' } });
    const body = JSON.parse(res.text);
    expect(body.predictions[0].embeddings).toEqual({ statistics: { truncated: false, token_count: 2 }, values: expect.any(Array) });
    expect(body.predictions[0].embeddings.values).toHaveLength(4);
  });
});
