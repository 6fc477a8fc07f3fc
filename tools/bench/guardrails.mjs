// Guardrails micro-benchmark: what the prompt rules add to one request with a 10 KB prompt, and what
// the response deny-list adds to a 10 KB reply. Runs the built engine (node tools/build.mjs first):
//   node tools/bench/guardrails.mjs [--iterations 2000]
import { createRequire } from 'node:module';
import { ms, nowMs, percentile } from './stats.mjs';

const require = createRequire(import.meta.url);
const { PromptGuard, ResponseGuard, FindingTally, guardChatRequest } = require('../../dist/libs/guardrails/src/index.js');
const { guardrailSpecSchema } = require('../../dist/libs/contracts/src/index.js');

const iterations = Number(process.argv[process.argv.indexOf('--iterations') + 1]) || 2000;

const PROSE = 'The quarterly review covers revenue, churn and the roadmap for the next two releases; please summarise the risks. ';
const PII = ' Contact jane.doe@example.com or +44 20 7946 0958; card 4111 1111 1111 1111; IBAN GB82 WEST 1234 5698 7654 32; token sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789.';

/** ~10 KB of prose in four messages, with or without a handful of PII matches. */
function request(withPii) {
  const text = PROSE.repeat(Math.ceil(10_240 / PROSE.length)).slice(0, 10_240 - (withPii ? PII.length : 0)) + (withPii ? PII : '');
  const quarter = Math.ceil(text.length / 4);
  return {
    model: 'openai/gpt-4o-mini',
    messages: [
      { role: 'system', content: text.slice(0, quarter) },
      { role: 'user', content: text.slice(quarter, 2 * quarter) },
      { role: 'assistant', content: text.slice(2 * quarter, 3 * quarter) },
      { role: 'user', content: [{ type: 'text', text: text.slice(3 * quarter) }] },
    ],
  };
}

const spec = guardrailSpecSchema.parse({
  id: 'bench',
  name: 'bench',
  prompt: [
    { detector: 'email', action: 'mask' },
    { detector: 'phone', action: 'mask' },
    { detector: 'card_number', action: 'mask' },
    { detector: 'iban', action: 'mask' },
    { detector: 'secret', action: 'mask' },
    { detector: 'regex', name: 'employee-id', pattern: 'emp-[0-9]{6}', case_insensitive: true, action: 'mask' },
  ],
  response: [{ name: 'deny', words: ['project falcon', 'internal only', 'bluebird'], patterns: ['ticket-[0-9]{4}'], action: 'redact' }],
});

function time(label, fn) {
  for (let i = 0; i < 200; i += 1) fn(); // warm-up: JIT and the detectors' first calls
  const samples = [];
  for (let i = 0; i < iterations; i += 1) {
    const started = nowMs();
    fn();
    samples.push(nowMs() - started);
  }
  console.log(`${label.padEnd(58)} p50 ${ms(percentile(samples, 50), 3)} ms  p99 ${ms(percentile(samples, 99), 3)} ms`);
}

const clean = request(false);
const dirty = request(true);
const reply = clean.messages[0].content.repeat(4);
console.log(`prompt ${JSON.stringify(clean.messages).length} B JSON, ${iterations} iterations, Node ${process.version}`);
time('compile the guardrail (per request, uncached)', () => PromptGuard.compile([spec]));
const prompt = PromptGuard.compile([spec]);
time('prompt rules, 10 KB without PII (6 rules)', () => guardChatRequest(prompt, clean, new FindingTally()));
time('prompt rules, 10 KB with 5 PII matches masked', () => guardChatRequest(prompt, dirty, new FindingTally()));
const response = ResponseGuard.compile([spec]);
time('response deny-list, 10 KB reply (whole)', () => response.check(reply, new FindingTally()));
time('response deny-list, 10 KB reply as 256 stream deltas', () => {
  const watch = response.watch(new FindingTally());
  for (let i = 0; i < reply.length; i += 40) watch.push(reply.slice(i, i + 40));
});
