// Request bodies. The mock's behaviour travels as a `[sim:...]` directive in the last user message,
// so the bare mock, AllTokens and Portkey all get exactly the same upstream reply.
const FILLER = 'The quick brown fox jumps over the lazy dog. ';

function chat(content, extra = {}) {
  return JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content }], max_tokens: 4096, ...extra });
}

/** ~300 B request, ~0.6 KB reply (the smallest OpenAI-shaped completion the mock sends). */
export const small = (latencyMs = 0) => chat(`Reply in a few words to this short benchmark prompt, please. It measures what a gateway adds to each call, so keep the answer brief. [sim:chars=16 latency=${latencyMs}]`);

/** ~10 KB request and ~10 KB reply. */
export const large = (latencyMs = 0) => chat(`${FILLER.repeat(215)} [sim:chars=9400 latency=${latencyMs}]`);

/** Role chunk, `chunks` deltas `interval` ms apart, finish chunk, usage chunk and `[DONE]`. */
export const stream = (chunks = 64, interval = 20) =>
  chat(`Stream a benchmark reply. [sim:chunks=${chunks} interval=${interval} chars=${chunks * 8}]`, {
    stream: true,
    stream_options: { include_usage: true },
  });
