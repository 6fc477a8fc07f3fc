import { startSimulator, type Simulator } from '../server';
import { send, sseData, sseJson } from '../testing/sim-client';

describe('POST /v1/completions (legacy)', () => {
  let sim: Simulator;
  const complete = (json: object) => send(`${sim.baseUrl}/completions`, { json: { model: 'gpt-3.5-turbo-instruct', ...json } });

  beforeAll(async () => {
    sim = await startSimulator({ name: 'legacy' });
  });
  afterAll(() => sim.close());

  it('answers a text_completion, stopping at the default 16 tokens like the real endpoint', async () => {
    const body = JSON.parse((await complete({ prompt: 'Say this is a test' })).text);
    expect(body).toEqual({
      id: expect.stringMatching(/^cmpl-/),
      object: 'text_completion',
      created: expect.any(Number),
      model: 'gpt-3.5-turbo-instruct',
      choices: [{ text: expect.stringMatching(/^Lorem/), index: 0, logprobs: null, finish_reason: 'length' }],
      usage: { prompt_tokens: 5, completion_tokens: 16, total_tokens: 21 },
      system_fingerprint: 'fp_legacy',
    });
  });

  it('streams text chunks, a finish chunk, usage and [DONE]', async () => {
    const plain = JSON.parse((await complete({ prompt: 'hi', max_tokens: 100 })).text);
    expect(plain.choices[0].finish_reason).toBe('stop');
    const res = await complete({ prompt: 'hi', max_tokens: 100, stream: true, stream_options: { include_usage: true } });
    expect(sseData(res.text).at(-1)).toBe('[DONE]');
    const chunks = sseJson(res.text);
    expect(chunks.every((c) => c.object === 'text_completion')).toBe(true);
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: plain.usage });
    expect(chunks.at(-2).choices[0]).toEqual({ text: '', index: 0, logprobs: null, finish_reason: 'stop' });
    expect(chunks.slice(0, -2).map((c) => c.choices[0].text).join('')).toBe(plain.choices[0].text);
  });

  it('answers one choice per prompt and echoes when asked', async () => {
    const body = JSON.parse((await complete({ prompt: ['a', 'b'], echo: true, max_tokens: 2 })).text);
    expect(body.choices.map((c: any) => c.text)).toEqual(['aLorem ipsum', 'bLorem ipsum']);
    expect(body.usage.completion_tokens).toBe(4);
  });

  it('requires a prompt', async () => {
    const res = await complete({});
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).error).toMatchObject({ message: "Missing required parameter: 'prompt'.", param: 'prompt' });
  });
});
