import { startSimulator, type Simulator } from '../server';
import { send } from '../testing/sim-client';

describe('POST /v1/embeddings and GET /v1/models', () => {
  let sim: Simulator;
  const embed = async (json: object) => {
    const res = await send(`${sim.baseUrl}/embeddings`, { json: { model: 'text-embedding-3-small', ...json } });
    return { status: res.status, body: JSON.parse(res.text) };
  };

  beforeAll(async () => {
    sim = await startSimulator({ models: ['gpt-4o-mini', 'text-embedding-3-small'] });
  });
  afterAll(() => sim.close());

  it('returns deterministic unit vectors per input', async () => {
    const { body } = await embed({ input: ['hello world', 'other'] });
    expect(body).toMatchObject({ object: 'list', model: 'text-embedding-3-small', usage: { prompt_tokens: 3, total_tokens: 3 } });
    expect(body.data.map((d: any) => [d.object, d.index, d.embedding.length])).toEqual([
      ['embedding', 0, 1536],
      ['embedding', 1, 1536],
    ]);
    const [a, b] = body.data.map((d: any) => d.embedding as number[]);
    expect(Math.hypot(...a!)).toBeCloseTo(1, 5);
    expect(a).not.toEqual(b);
    const again = await embed({ input: 'hello world' });
    expect(again.body.data[0].embedding).toEqual(a);
  });

  it('encodes base64 as little-endian float32 and honours dimensions', async () => {
    const floats = (await embed({ input: 'x', dimensions: 8 })).body.data[0].embedding;
    const encoded = (await embed({ input: 'x', dimensions: 8, encoding_format: 'base64' })).body.data[0].embedding;
    const bytes = Buffer.from(encoded, 'base64');
    expect(Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4))).toEqual(floats);
    expect(floats).toHaveLength(8);
  });

  it('rejects a missing or empty input and an unknown format', async () => {
    expect((await embed({})).body.error.message).toBe("Missing required parameter: 'input'.");
    expect((await embed({ input: '' })).status).toBe(400);
    expect((await embed({ input: 'x', encoding_format: 'int8' })).body.error.message).toBe("Invalid value: 'int8'. Supported values are: 'float' and 'base64'.");
  });

  it('lists and retrieves models', async () => {
    const list = JSON.parse((await send(`${sim.baseUrl}/models`)).text);
    expect(list).toEqual({
      object: 'list',
      data: [
        { id: 'gpt-4o-mini', object: 'model', created: 1_700_000_000, owned_by: 'system' },
        { id: 'text-embedding-3-small', object: 'model', created: 1_700_000_000, owned_by: 'system' },
      ],
    });
    const one = JSON.parse((await send(`${sim.baseUrl}/models/ft:gpt-4o:acme::x1`)).text);
    expect(one).toEqual({ id: 'ft:gpt-4o:acme::x1', object: 'model', created: 1_700_000_000, owned_by: 'system' });
  });
});
