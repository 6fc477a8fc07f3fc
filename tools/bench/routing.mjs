// Routing benchmark: for each objective, what `router` picks on a labelled prompt set against always
// using the top-quality model. Decisions come from the real RoutePlanner over the demo catalog
// (run `node tools/build.mjs` first); cost = estimated tokens × catalog prices, latency = the
// planner's expectation without live stats. Then the fidelity case (routing-fidelity.mjs): real traffic
// through the whole stack, an endpoint breaking 20 % of its tool calls, fidelity routing off and on.
// Writes docs/benchmarks/routing.md.
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { fidelityCase } from './routing-fidelity.mjs';

const require = createRequire(import.meta.url);
// `--out DIR` writes there instead of docs/benchmarks; `--quick` sends fewer requests in the fidelity case (the test suite checks the harness that way).
const { values: args } = parseArgs({ options: { out: { type: 'string' }, quick: { type: 'boolean', default: false } } });
const { Catalog, loadCatalogConfig, priceUsage } = require('../../dist/libs/catalog/src');
const { RoutePlanner, requestNeeds, qualityOf } = require('../../dist/libs/routing/src');

const catalog = new Catalog(loadCatalogConfig(process.env.ALLTOKENS_CONFIG ?? 'config/alltokens.yaml'));
const planner = new RoutePlanner(catalog);
const { prompts } = JSON.parse(readFileSync(new URL('./routing-prompts.json', import.meta.url)));
const health = new Map();

const topModel = catalog.models().reduce((best, m) => (qualityOf(m.id).score > qualityOf(best.id).score ? m : best));

function estimate(endpoint, request) {
  const needs = requestNeeds(request);
  const completion = Math.min(needs.maxOutputTokens, 1000);
  const cost = priceUsage(endpoint.pricing, { promptTokens: needs.promptTokens, completionTokens: completion });
  const latencyMs = 300 + (completion / qualityOf(endpoint.modelId).tokensPerSecond) * 1000;
  return { cost, latencyMs };
}

function baseline(request) {
  const plan = planner.plan({ request: { ...request, model: topModel.id }, health, adapterExclusion: () => null });
  return estimate(plan.endpoints[0], request);
}

const rows = [];
for (const objective of ['balanced', 'cheapest', 'fastest', 'best']) {
  let cost = 0, baseCost = 0, latency = 0, baseLatency = 0, adequate = 0, served = 0;
  const picks = {};
  for (const prompt of prompts) {
    const request = { model: 'router', objective, messages: prompt.messages, tools: prompt.tools, max_tokens: prompt.max_tokens };
    let plan;
    try {
      plan = planner.plan({ request, health, adapterExclusion: () => null });
    } catch (error) {
      if (error?.code !== 'no_endpoint_available') throw error; // a broken harness must fail, not print NaN
      continue;
    }
    served += 1;
    const chosen = plan.endpoints[0];
    const mine = estimate(chosen, request);
    const base = baseline(request);
    cost += mine.cost; baseCost += base.cost; latency += mine.latencyMs; baseLatency += base.latencyMs;
    if (qualityOf(chosen.modelId).score >= prompt.required_quality) adequate += 1;
    picks[chosen.modelId] = (picks[chosen.modelId] ?? 0) + 1;
  }
  rows.push({ objective, served, costSaved: 1 - cost / baseCost, latencySaved: 1 - latency / baseLatency, adequate: adequate / served, picks });
}

const pct = (x) => `${(x * 100).toFixed(1)} %`;
const lines = [
  '# Routing benchmark',
  '',
  `Prompt set: ${prompts.length} labelled prompts (tools/bench/routing-prompts.json: chat, code, reasoning, tools, long context; easy/medium/hard).`,
  `Baseline: always the top-quality model of the catalog (${topModel.id}). Catalog: config/alltokens.yaml. Generated ${new Date().toISOString()} by \`npm run bench:routing\`.`,
  '',
  '| objective | prompts served | cost saved vs top model | latency saved vs top model | chosen model at or above the needed quality | models picked |',
  '| --- | --- | --- | --- | --- | --- |',
  ...rows.map((r) => `| ${r.objective} | ${r.served} | ${pct(r.costSaved)} | ${pct(r.latencySaved)} | ${pct(r.adequate)} | ${Object.entries(r.picks).map(([m, n]) => `${m} ×${n}`).join(', ')} |`),
  '',
  'Cost is estimated from the prompt size and `max_tokens` (capped at 1,000) at catalog prices; latency is the planner\'s',
  'expectation without live statistics (300 ms + output tokens at the model\'s typical speed). "Needed quality" is the',
  'prompt\'s label compared with the quality prior in libs/routing/src/quality-scores.ts.',
  '',
];
if (rows.some((row) => row.served === 0)) throw new Error('an objective served no prompt: the harness or the catalog is broken');
const fidelity = await fidelityCase(args.quick ? 60 : 400);
lines.push(...fidelity.lines);
const outDir = args.out ?? 'docs/benchmarks';
mkdirSync(outDir, { recursive: true });
writeFileSync(`${outDir}/routing.md`, lines.join('\n'));
console.log(lines.join('\n'));
