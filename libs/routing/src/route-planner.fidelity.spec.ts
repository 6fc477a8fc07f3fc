import { Catalog, catalogConfigSchema } from '@alltokens/catalog';
import type { ChatCompletionRequest } from '@alltokens/contracts';
import { DEFAULT_FIDELITY_POLICY, describeFidelity, emptySample, type FidelitySample } from './fidelity/fidelity';
import type { EndpointHealth } from './health-store';
import { RoutePlanner } from './route-planner';

const catalog = new Catalog(
  catalogConfigSchema.parse({
    providers: [
      { id: 'sloppy', base_url: 'http://a/v1', models: [{ model: 'openai/gpt-4o-mini', pricing: { prompt: 0.1, completion: 0.4 } }, { model: 'openai/gpt-4o', pricing: { prompt: 2.5, completion: 10 } }] },
      { id: 'careful', base_url: 'http://b/v1', models: [{ model: 'openai/gpt-4o-mini', pricing: { prompt: 0.3, completion: 1.2 } }] },
    ],
  }),
);
const planner = new RoutePlanner(catalog);
const tools = [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }];
const request = (extra: Record<string, unknown> = {}) => ({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], ...extra }) as ChatCompletionRequest;
const health = (fidelity: Record<string, Partial<FidelitySample>>): Map<string, EndpointHealth> =>
  new Map(
    Object.entries(fidelity).map(([id, counts]) => [
      id,
      { requests: 0, errors: 0, uptime: null, latencyP50: null, latencyP95: null, ttftAvg: null, ttftP50: null, ttftP95: null, tokensPerSecond: null, breakerOpen: false, openUntil: 0, fidelity: describeFidelity({ ...emptySample(), ...counts }) },
    ]),
  );
const plan = (extra: Record<string, unknown>, measured: Map<string, EndpointHealth>, fidelity = DEFAULT_FIDELITY_POLICY) =>
  planner.plan({ request: request(extra), health: measured, adapterExclusion: () => null, fidelity });

describe('RoutePlanner with measured fidelity', () => {
  const sloppyTools = health({ 'sloppy:openai/gpt-4o-mini': { answers: 100, toolCalls: 100, brokenToolCalls: 20 } });

  it('excludes an endpoint that breaks tool calls for requests with tools, saying so, and keeps it for others', () => {
    const withTools = plan({ tools }, sloppyTools);
    expect(withTools.endpoints.map((e) => e.id)).toEqual(['careful:openai/gpt-4o-mini']);
    expect(withTools.reports.find((r) => r.endpointId === 'sloppy:openai/gpt-4o-mini')).toMatchObject({ excluded: 'measured tool-call adherence 80.0 % < 90.0 % (100 calls)', demotedByFidelity: true, fidelity: 0.8 });
    expect(plan({}, sloppyTools).endpoints[0]!.id).toBe('sloppy:openai/gpt-4o-mini');
    expect(plan({ tools }, sloppyTools, { ...DEFAULT_FIDELITY_POLICY, enabled: false }).endpoints[0]!.id).toBe('sloppy:openai/gpt-4o-mini');
  });

  it('keeps an excluded endpoint as the last resort rather than refusing a request it could serve', () => {
    const measured = health({ 'sloppy:openai/gpt-4o-mini': { toolCalls: 50, brokenToolCalls: 25 }, 'careful:openai/gpt-4o-mini': { toolCalls: 50, brokenToolCalls: 10 } });
    const result = plan({ tools }, measured);
    expect(result.endpoints.map((e) => e.id)).toEqual(['careful:openai/gpt-4o-mini', 'sloppy:openai/gpt-4o-mini']);
    expect(result.reports.every((r) => r.excluded === null && r.demotedByFidelity)).toBe(true);
  });

  it('demotes a cheaper endpoint whose measured answers are poorer, without excluding it', () => {
    const emptyAnswers = health({ 'sloppy:openai/gpt-4o-mini': { answers: 100, empty: 30 } });
    const result = plan({}, emptyAnswers);
    // A third of the price, but 30 % empty answers: effective price ÷ 0.7⁴ ≈ 4.2×, dearer than the careful endpoint.
    expect(result.endpoints.map((e) => e.id)).toEqual(['careful:openai/gpt-4o-mini', 'sloppy:openai/gpt-4o-mini']);
    expect(result.reports.find((r) => r.endpointId === 'sloppy:openai/gpt-4o-mini')).toMatchObject({ excluded: null, demotedByFidelity: true });
  });

  it('lowers a model’s quality in the router score by its best endpoint’s fidelity', () => {
    const measured = health({ 'sloppy:openai/gpt-4o': { toolCalls: 100, brokenToolCalls: 50 } });
    const before = plan({ model: 'router', objective: 'best', tools }, new Map());
    const after = plan({ model: 'router', objective: 'best', tools }, measured);
    expect(before.endpoints[0]!.modelId).toBe('openai/gpt-4o');
    expect(after.endpoints[0]!.modelId).toBe('openai/gpt-4o-mini');
  });
});
