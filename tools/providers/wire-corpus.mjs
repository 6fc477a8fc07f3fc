// `node tools/providers/wire-corpus.mjs [--root <checkout>] > corpus.json`: every adapter's built
// requests (chat, stream, embeddings, text completions) for a broad set of request shapes, and its
// translation of every recorded fixture and of odd error bodies, as JSON with deterministic ids and
// clock. Diff two runs to prove a refactor of libs/providers left the wire bytes unchanged
// (`node tools/build.mjs` first; `--root` reads another checkout's dist/).
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import crypto from 'node:crypto';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({ options: { root: { type: 'string', default: '.' } } });
const root = resolve(args.root);
const require = createRequire(import.meta.url);
let counter = 0;
crypto.randomUUID = () => `00000000-0000-0000-0000-${String(++counter).padStart(12, '0')}`;
Date.now = () => 1_700_000_000_000;
const P = require(join(root, 'dist/libs/providers/src/index.js'));
const { Catalog, catalogConfigSchema } = require(join(root, 'dist/libs/catalog/src/index.js'));
const { chatCompletionRequestSchema } = require(join(root, 'dist/libs/contracts/src/index.js'));

/** What a format needs configured to build a request at all. */
const optionsFor = {
  azure: { base_url: 'https://res.openai.azure.com', options: { api_version: '2024-06-01' } },
  vllm: { base_url: 'http://vllm.local/v1' },
  yandex: { options: { folder_id: 'b1gfolder' } },
  vertex: { options: { project: 'proj', location: 'us-central1' } },
  bedrock: { options: { region: 'us-east-1' } },
  anthropic: { options: {} },
};
const providers = [];
for (const adapter of P.ADAPTERS) {
  const extra = optionsFor[adapter.format] ?? {};
  const base = { id: adapter.format, format: adapter.format, api_key: 'KEY', headers: { 'x-h': '1' }, ...extra };
  providers.push({
    ...base,
    models: [
      { model: 'a/chat', upstream_id: adapter.format === 'bedrock' ? 'anthropic.claude-3-5-haiku-20241022-v1:0' : 'up-chat' },
      { model: 'a/chat-other', upstream_id: adapter.format === 'bedrock' ? 'meta.llama3-70b-instruct-v1:0' : 'up-other', max_output_tokens: 64000 },
      { model: 'a/embed', upstream_id: adapter.format === 'bedrock' ? 'amazon.titan-embed-text-v2:0' : 'up-embed', type: 'embeddings' },
      { model: 'a/embed2', upstream_id: adapter.format === 'bedrock' ? 'cohere.embed-english-v3' : 'up-embed2', type: 'embeddings' },
      { model: 'a/text', upstream_id: 'up-text', type: 'completion' },
    ],
  });
  if (adapter.format === 'anthropic') providers.push({ ...base, id: 'anthropic-cached', options: { prompt_caching: 'auto' }, models: [{ model: 'a/chat', upstream_id: 'up-chat' }] });
}
const catalog = new Catalog(catalogConfigSchema.parse({ providers }));
const contextOf = (providerId, model, adapter) => {
  const provider = catalog.provider(providerId);
  return { provider: { ...provider, baseUrl: provider.baseUrl || adapter.defaultBaseUrl || '' }, endpoint: catalog.endpoint(`${providerId}:${model}`) };
};

const user = (content) => ({ role: 'user', content });
const tool = (name) => ({ type: 'function', function: { name, description: `does ${name}`, parameters: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] } } });
const toolTurns = [
  { role: 'system', content: 'Be brief.' },
  user('Weather in Paris?'),
  { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"q":"Paris"}' } }, { id: 'call_giga_abc', type: 'function', function: { name: 'time', arguments: '{"q":"Paris"}' } }] },
  { role: 'tool', tool_call_id: 'call_1', content: '{"temp":20}' },
  { role: 'tool', tool_call_id: 'call_giga_abc', content: 'noon' },
];
const cases = {
  minimal: {},
  sampling: { temperature: 0.7, top_p: 0.9, max_tokens: 100, stop: 'END', seed: 42, frequency_penalty: 0.5, presence_penalty: -0.5, n: 1, user: 'u1' },
  openaiOnly: { logit_bias: { 50256: -100 }, logprobs: true, top_logprobs: 2, service_tier: 'auto', prediction: { type: 'content', content: 'x' }, verbosity: 'low', prompt_cache_key: 'k', safety_identifier: 's', modalities: ['text'], metadata: { a: 'b' }, store: true },
  clamps: { temperature: 1.8, top_p: 0.995, frequency_penalty: 1.5, presence_penalty: -1.5, seed: -1 },
  lowTopP: { top_p: 0.001, frequency_penalty: -1 },
  temp0: { temperature: 0 },
  temp0TopP: { temperature: 0, top_p: 0.5 },
  topPOnly: { top_p: 0.3 },
  both: { max_completion_tokens: 50, max_tokens: 100 },
  mct: { max_completion_tokens: 70 },
  stops: { stop: ['a', 'b'] },
  stopEmpty: { stop: [] },
  nulls: { temperature: null, top_p: null, max_tokens: null, stop: null, seed: null, n: null },
  extras: { top_k: 40, repetition_penalty: 1.1, min_p: 0.1 },
  n2: { n: 2 },
  toolsAuto: { tools: [tool('weather'), tool('time')], tool_choice: 'auto' },
  toolsRequired: { tools: [tool('weather'), tool('time')], tool_choice: 'required' },
  toolsRequiredOne: { tools: [tool('weather')], tool_choice: 'required' },
  toolsNone: { tools: [tool('weather')], tool_choice: 'none' },
  toolsForced: { tools: [tool('weather'), tool('time')], tool_choice: { type: 'function', function: { name: 'time' } }, parallel_tool_calls: false },
  toolsPlain: { tools: [tool('weather')] , parallel_tool_calls: true },
  toolLoop: { messages: toolTurns, tools: [tool('weather'), tool('time')] },
  toolLoopNone: { messages: toolTurns, tools: [tool('weather'), tool('time')], tool_choice: 'none' },
  jsonObject: { response_format: { type: 'json_object' } },
  jsonSchema: { response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object', properties: { a: { type: 'string' } } }, strict: true } } },
  jsonSchemaTools: { response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object' } } }, tools: [tool('weather')] },
  effortHigh: { reasoning_effort: 'high' },
  effortLow: { reasoning: { effort: 'low' } },
  effortMinimal: { reasoning_effort: 'minimal' },
  reasoningBudget: { reasoning: { max_tokens: 2000 } },
  reasoningOff: { reasoning: { enabled: false } },
  reasoningNone: { reasoning: { effort: 'none' } },
  reasoningOn: { reasoning: { enabled: true } },
  thinkingTight: { reasoning_effort: 'high', max_tokens: 1000 },
  thinkingSampling: { reasoning_effort: 'medium', temperature: 0.5, top_p: 0.5, max_tokens: 30000 },
  thinkingTools: { reasoning_effort: 'medium', tools: [tool('weather')], tool_choice: 'required' },
  multiTurn: { messages: [{ role: 'system', content: 'S1' }, { role: 'developer', content: [{ type: 'text', text: 'D1' }] }, user('Q1'), { role: 'assistant', content: 'A1' }, user([{ type: 'text', text: 'Q2' }, { type: 'text', text: 'Q3' }])] },
  imageData: { messages: [user([{ type: 'text', text: 'What?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }])] },
  imageUrl: { messages: [user([{ type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } }])] },
  cacheControl: { messages: [{ role: 'system', content: [{ type: 'text', text: 'Long', cache_control: { type: 'ephemeral' } }] }, user([{ type: 'text', text: 'Q', cache_control: { type: 'ephemeral' } }])] },
  functionMsg: { messages: [user('q'), { role: 'function', name: 'f', content: '{"x":1}' }] },
  streamOpts: { stream: true, stream_options: { include_usage: true } },
  badArgs: { messages: [user('q'), { role: 'assistant', content: '', tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: 'not json' } }] }, { role: 'tool', tool_call_id: 'c', content: 'r' }] },
};

const out = {};
const record = async (key, fn) => {
  counter = 0;
  try {
    const upstream = await fn();
    const headers = { ...upstream.headers };
    out[key] = { url: upstream.url, method: upstream.method, headers, body: upstream.body };
  } catch (error) {
    out[key] = { error: { name: error.name, status: error.status, code: error.code, message: error.message, param: error.param ?? null } };
  }
};
// GigaChat exchanges its key for a token over the network first: a fixed one stands in.
const tokens = { token: async () => 'tok', invalidate() {} };
const adapters = P.ADAPTERS.map((adapter) => (adapter.format === 'gigachat' ? new P.GigaChatAdapter(tokens) : adapter));

for (const adapter of adapters) {
  const f = adapter.format;
  for (const [name, extra] of Object.entries(cases)) {
    const request = chatCompletionRequestSchema.parse({ model: 'a/chat', messages: [user('Hi')], ...extra });
    for (const stream of [false, true]) {
      await record(`${f}/chat/${name}/${stream}`, () => adapter.buildChatRequest(request, contextOf(f, 'a/chat', adapter), stream));
    }
    await record(`${f}/chat-other/${name}`, () => adapter.buildChatRequest(request, contextOf(f, 'a/chat-other', adapter), false));
    if (f === 'anthropic') await record(`${f}/cached/${name}`, () => adapter.buildChatRequest(request, contextOf('anthropic-cached', 'a/chat', adapter), false));
    if (adapter.textCompletions) {
      for (const stream of [false, true]) await record(`${f}/text/${name}/${stream}`, () => adapter.textCompletions.buildRequest(request, 'def f(', contextOf(f, 'a/text', adapter), stream));
    }
  }
  if (adapter.embeddings) {
    const embCases = { one: [{ model: 'a/embed', input: 'x' }, ['x']], many: [{ model: 'a/embed', input: ['x', 'y', 'z'] }, ['x', 'y', 'z']], dims: [{ model: 'a/embed', input: 'x', dimensions: 256, user: 'u' }, ['x']], type: [{ model: 'a/embed', input: 'x', input_type: 'search_query' }, ['x']] };
    for (const model of ['a/embed', 'a/embed2']) {
      for (const [name, [request, inputs]] of Object.entries(embCases)) {
        await record(`${f}/embed/${model}/${name}`, () => adapter.embeddings.buildRequest(request, inputs, contextOf(f, model, adapter)));
        out[`${f}/embed/${model}/max`] = adapter.embeddings.maxInputs?.(contextOf(f, model, adapter).endpoint) ?? null;
      }
    }
  }
  const c = adapter.capabilities;
  out[`${f}/capabilities`] = { chat: c.chat, stream: c.stream, tools: c.tools, vision: c.vision, jsonSchema: c.jsonSchema, reasoning: c.reasoning, promptCaching: c.promptCaching, embeddings: !!adapter.embeddings, completions: !!adapter.textCompletions };
}
// Responses: every recorded fixture through the adapter of its folder.
const fixtures = resolve(import.meta.dirname, '../../libs/providers/src');
const safe = (key, fn) => {
  counter = 0;
  try {
    out[key] = fn();
  } catch (error) {
    out[key] = { error: { name: error.name, code: error.code, message: error.message } };
  }
};
for (const format of ['openai', 'anthropic', 'gemini', 'cohere', 'yandex', 'gigachat', 'bedrock']) {
  const adapter = adapters.find((a) => a.format === format);
  const context = contextOf(format, 'a/chat', adapter);
  for (const file of readdirSync(join(fixtures, format, 'fixtures'))) {
    const text = readFileSync(join(fixtures, format, 'fixtures', file), 'utf8');
    const key = `${format}/fixture/${file}`;
    if (file.startsWith('error')) {
      safe(key, () => adapter.parseError(400, text, {}));
      continue;
    }
    if (file.endsWith('.sse') || file.endsWith('.ndjson') || file.includes('stream')) {
      const events = [];
      const once = async function* () { yield Buffer.from(text); };
      try {
        if (file.endsWith('.sse')) for await (const e of P.readSseEvents(once())) events.push(e);
        else if (file.endsWith('.ndjson')) for await (const e of P.readNdjsonEvents(once())) events.push(e);
        else for (const { event, payload } of JSON.parse(text)) events.push({ event, data: payload });
      } catch (error) {
        out[key] = { framingError: error.message };
        continue;
      }
      counter = 0;
      const translator = adapter.createStreamTranslator(context);
      const chunks = [];
      try {
        for (const e of events) chunks.push(...translator.translate(e));
        out[key] = chunks;
      } catch (error) {
        out[key] = { chunks, error: { name: error.name, code: error.code, message: error.message } };
      }
      continue;
    }
    const json = JSON.parse(text);
    if (file.includes('embed') || file.includes('predict')) {
      const api = format === 'gemini' && file.includes('predict') ? adapters.find((a) => a.format === 'vertex') : adapter;
      safe(key, () => api.embeddings.parseResponse(json, ['a', 'bb']));
    } else safe(key, () => adapter.parseChatResponse(json, context));
  }
  for (const [i, body] of ['<html>bad</html>', '', '{}', '{"error":{}}', '{"error":"x"}', '[]', 'null', '{"message":"m"}', '{"error":{"message":"m","code":5}}'].entries()) {
    safe(`${format}/error-extra/${i}`, () => adapter.parseError(502, body, { 'x-amzn-errortype': format === 'bedrock' && i === 7 ? 'ThrottlingException:http://x' : undefined }));
  }
}
process.stdout.write(JSON.stringify(out, null, 1));
