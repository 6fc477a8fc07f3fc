// `node tools/bench/translate.mjs [--root <checkout>]`: CPU nanoseconds per stream chunk of each
// adapter's translator (100 streams of 100 text deltas = 10,000 chunks), translate() alone and
// from the provider's bytes through the framer. The best of many rounds, which is steady on a busy
// machine. Run `node tools/build.mjs` first; `--root` measures another checkout's dist/ (before/after).
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({ options: { root: { type: 'string', default: '.' }, rounds: { type: 'string', default: '25' } } });
const require = createRequire(import.meta.url);
const root = resolve(args.root);
const { ADAPTERS, readSseEvents, readNdjsonEvents } = require(`${root}/dist/libs/providers/src/index.js`);
const { Catalog, catalogConfigSchema } = require(`${root}/dist/libs/catalog/src/index.js`);

const catalog = new Catalog(catalogConfigSchema.parse({ providers: [{ id: 'p', api_key: 'k', models: [{ model: 'a/b', upstream_id: 'm' }] }] }));
const context = { provider: catalog.provider('p'), endpoint: catalog.endpoint('p:a/b') };
const CHUNKS = 10_000;
const PER_STREAM = 100;
const ROUNDS = Number(args.rounds);
const piece = 'Hello, wor';

/** Each format's text delta as the provider streams it; the i-th event of a stream. */
const EVENTS = {
  openai: () => ({ data: { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o', system_fingerprint: 'fp', choices: [{ index: 0, delta: { content: piece }, logprobs: null, finish_reason: null }] } }),
  anthropic: () => ({ event: 'content_block_delta', data: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: piece } } }),
  gemini: () => ({ data: { candidates: [{ content: { parts: [{ text: piece }], role: 'model' }, index: 0 }], usageMetadata: { promptTokenCount: 5, totalTokenCount: 5 }, modelVersion: 'gemini-2.5-flash', responseId: 'r' } }),
  cohere: () => ({ event: 'content-delta', data: { type: 'content-delta', index: 0, delta: { message: { content: { text: piece } } } } }),
  gigachat: () => ({ data: { choices: [{ delta: { content: piece, role: 'assistant' }, index: 0 }], created: 1, model: 'GigaChat', object: 'chat.completion' } }),
  bedrock: () => ({ event: 'contentBlockDelta', data: { contentBlockIndex: 0, delta: { text: piece }, p: 'abcdefgh' } }),
  // Every YandexGPT line repeats the whole text so far.
  yandex: (i) => ({ data: { result: { alternatives: [{ message: { role: 'assistant', text: piece.repeat((i % PER_STREAM) + 1) }, status: 'ALTERNATIVE_STATUS_PARTIAL' }], usage: { inputTextTokens: '5', completionTokens: '3', totalTokens: '8' }, modelVersion: '23.10.2024' } } }),
};

/** A translator past its stream's opening event, as it is for every delta. */
function open(adapter) {
  const translator = adapter.createStreamTranslator(context);
  if (adapter.format === 'anthropic') translator.translate({ data: { type: 'message_start', message: { id: 'm', type: 'message', role: 'assistant', model: 'c', content: [], stop_reason: null, usage: { input_tokens: 1, output_tokens: 1 } } } });
  if (adapter.format === 'bedrock') translator.translate({ event: 'messageStart', data: { role: 'assistant' } });
  return translator;
}

function translateOnly(adapter, make) {
  const events = Array.from({ length: CHUNKS }, (_, i) => make(i));
  let best = Infinity;
  for (let round = 0; round < ROUNDS; round++) {
    let translator;
    const start = process.hrtime.bigint();
    for (let i = 0; i < CHUNKS; i++) {
      if (i % PER_STREAM === 0) translator = open(adapter);
      translator.translate(events[i]);
    }
    best = Math.min(best, Number(process.hrtime.bigint() - start) / CHUNKS);
  }
  return best;
}

async function fromBytes(adapter, make) {
  const ndjson = adapter.format === 'yandex';
  const text = Array.from({ length: CHUNKS }, (_, i) => {
    const { event, data } = make(i);
    return ndjson ? `${JSON.stringify(data)}\n` : `${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`;
  }).join('');
  const bytes = Buffer.from(text);
  async function* body() {
    for (let offset = 0; offset < bytes.length; offset += 1024) yield bytes.subarray(offset, offset + 1024);
  }
  let best = Infinity;
  for (let round = 0; round < ROUNDS; round++) {
    let translator;
    let i = 0;
    const start = process.hrtime.bigint();
    for await (const event of (ndjson ? readNdjsonEvents : readSseEvents)(body())) {
      if (i++ % PER_STREAM === 0) translator = open(adapter);
      translator.translate(event);
    }
    best = Math.min(best, Number(process.hrtime.bigint() - start) / CHUNKS);
  }
  return best;
}

const rows = [];
for (const [format, make] of Object.entries(EVENTS)) {
  const adapter = ADAPTERS.find((candidate) => candidate.format === format);
  // Bedrock streams binary AWS event-stream frames, not text: translate() only.
  const bytes = format === 'bedrock' ? null : Math.round(await fromBytes(adapter, make));
  rows.push({ format, 'translate ns/chunk': Math.round(translateOnly(adapter, make)), 'bytes → chunks ns/chunk': bytes });
}
console.log(`${root}: best of ${ROUNDS} rounds of ${CHUNKS} chunks`);
console.table(rows);
