import { useState } from 'react';
import { useModels } from '../api/queries';
import { useWrite } from '../api/mutations';
import { useSignedIn } from '../api/session';
import type { EndpointHealth } from '../api/types';
import { Badge, Button, Dialog, ErrorNote, Field, PageHeader, TableWrap } from '../ui/controls';
import { formatCount, formatMs, formatPercent } from '../ui/format';

const price = (usdPerMillion: number) => `$${usdPerMillion.toFixed(usdPerMillion < 1 ? 3 : 2)}`;

function Health({ endpoint }: { endpoint: EndpointHealth }) {
  if (endpoint.status === 'disabled') return <Badge tone="warn">disabled</Badge>;
  if (endpoint.breaker_open) return <Badge tone="bad">breaker open</Badge>;
  return <Badge tone="good">breaker closed</Badge>;
}

const share = (percent: number | null, of: number, unit: string) =>
  percent === null ? '—' : (
    <>
      {percent.toFixed(1)} % <span className="muted small">({of} {unit})</span>
    </>
  );

/** What the routers measured of this endpoint's answers over the last hour (tool calls, JSON, empty, cut streams). */
function Fidelity({ endpoint }: { endpoint: EndpointHealth }) {
  const { fidelity } = endpoint;
  if (fidelity.answers === 0 && fidelity.streams === 0) return <span className="muted">no answers yet</span>;
  const problems = [
    fidelity.empty_answers ? `${fidelity.empty_answers.toFixed(1)} % empty` : null,
    fidelity.truncations ? `${fidelity.truncations.toFixed(1)} % truncated` : null,
    fidelity.mid_stream_failures ? `${fidelity.mid_stream_failures.toFixed(1)} % streams broke` : null,
  ].filter(Boolean);
  return (
    <span className="small">
      tools {share(fidelity.tool_call_adherence, fidelity.tool_calls, 'calls')} · JSON {share(fidelity.json_schema_adherence, fidelity.json_answers, 'answers')}
      {problems.length > 0 && <> · {problems.join(', ')}</>}
    </span>
  );
}

function PriceEditor({ endpoint, onDone }: { endpoint: EndpointHealth; onDone: () => void }) {
  const [prompt, setPrompt] = useState(String(endpoint.pricing.prompt));
  const [completion, setCompletion] = useState(String(endpoint.pricing.completion));
  const model = endpoint.id.split(':').slice(1).join(':');
  const edit = useWrite<Record<string, unknown>>((body) => ({ path: `/api/v1/models/${model}/endpoints/${encodeURIComponent(endpoint.provider)}`, method: 'PATCH', body }), [['models']]);
  return (
    <form
      className="form"
      onSubmit={(event) => {
        event.preventDefault();
        edit.mutate({ pricing: { prompt: Number(prompt), completion: Number(completion) } }, { onSuccess: onDone });
      }}
    >
      <Field label="Prompt (USD per million tokens)">{(id) => <input id={id} type="number" min="0" step="0.001" value={prompt} onChange={(e) => setPrompt(e.target.value)} required />}</Field>
      <Field label="Completion (USD per million tokens)">{(id) => <input id={id} type="number" min="0" step="0.001" value={completion} onChange={(e) => setCompletion(e.target.value)} required />}</Field>
      <ErrorNote error={edit.error} />
      <div className="row-actions">
        <Button type="submit" variant="primary" disabled={edit.isPending}>
          Save prices
        </Button>
        <Button onClick={() => edit.mutate({ pricing: null }, { onSuccess: onDone })}>Restore configured price</Button>
      </div>
    </form>
  );
}

export default function ModelsPage() {
  const session = useSignedIn();
  const models = useModels(30_000);
  const toggle = useWrite<EndpointHealth>(
    (endpoint) => ({ path: `/api/v1/models/${endpoint.id.split(':').slice(1).join(':')}/endpoints/${encodeURIComponent(endpoint.provider)}`, method: 'PATCH', body: { status: endpoint.status === 'active' ? 'disabled' : 'active' } }),
    [['models']],
  );
  const [editing, setEditing] = useState<EndpointHealth | null>(null);
  const admin = session.permissions.edit_catalog;
  return (
    <section>
      <PageHeader
        title="Models & providers"
        description="Every endpoint with its price, context, data policy, live health over the last 30 minutes and measured fidelity over the last hour (tool calls and JSON that match their schema; empty, truncated and broken answers)."
      />
      <ErrorNote error={models.error ?? toggle.error} />
      {models.data?.map((model) => (
        <section key={model.id} className="card model-card" aria-labelledby={`model-${model.id}`}>
          <h2 id={`model-${model.id}`}>
            {model.name} <code className="muted">{model.id}</code>
          </h2>
          <TableWrap label={`Endpoints serving ${model.id}`}>
            <table>
              <caption className="sr-only">Endpoints serving {model.id}</caption>
              <thead>
                <tr>
                  <th scope="col">Provider</th>
                  <th scope="col">Health</th>
                  <th scope="col" className="num">Prompt / completion per Mtok</th>
                  <th scope="col" className="num">Context</th>
                  <th scope="col">Data policy</th>
                  <th scope="col" className="num">Latency p50 / p95</th>
                  <th scope="col" className="num">Throughput</th>
                  <th scope="col" className="num">Uptime</th>
                  <th scope="col">Fidelity (1 h)</th>
                  {admin && <th scope="col">Actions</th>}
                </tr>
              </thead>
              <tbody>
                {model.endpoints.map((endpoint) => (
                  <tr key={endpoint.id}>
                    <th scope="row">
                      {endpoint.provider} {endpoint.region && <Badge>{endpoint.region}</Badge>}
                    </th>
                    <td>
                      <Health endpoint={endpoint} />
                    </td>
                    <td className="num">
                      {price(endpoint.pricing.prompt)} / {price(endpoint.pricing.completion)}
                    </td>
                    <td className="num">{formatCount(endpoint.context_length)}</td>
                    <td>
                      {endpoint.data_policy.zero_data_retention ? <Badge tone="good">ZDR</Badge> : null} {endpoint.data_policy.training ? <Badge tone="warn">trains</Badge> : null}{' '}
                      {endpoint.data_policy.retains_prompts ? <Badge tone="warn">retains</Badge> : null}
                      {!endpoint.data_policy.training && !endpoint.data_policy.retains_prompts && !endpoint.data_policy.zero_data_retention && <span className="muted">no training</span>}
                    </td>
                    <td className="num">
                      {formatMs(endpoint.latency_p50)} / {formatMs(endpoint.latency_p95)}
                    </td>
                    <td className="num">{endpoint.tokens_per_second === null ? '—' : `${endpoint.tokens_per_second.toFixed(0)} tok/s`}</td>
                    <td className="num">
                      {endpoint.uptime === null ? '—' : formatPercent(endpoint.uptime)} <span className="muted small">({endpoint.requests} req)</span>
                    </td>
                    <td>
                      <Fidelity endpoint={endpoint} />
                    </td>
                    {admin && (
                      <td className="actions">
                        <Button onClick={() => toggle.mutate(endpoint)} aria-label={`${endpoint.status === 'active' ? 'Disable' : 'Enable'} ${endpoint.id}`}>
                          {endpoint.status === 'active' ? 'Disable' : 'Enable'}
                        </Button>
                        <Button onClick={() => setEditing(endpoint)} aria-label={`Edit prices of ${endpoint.id}`}>
                          Prices
                        </Button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </section>
      ))}
      <Dialog title={`Prices of ${editing?.id ?? ''}`} open={editing !== null} onClose={() => setEditing(null)}>
        {editing && <PriceEditor endpoint={editing} onDone={() => setEditing(null)} />}
      </Dialog>
    </section>
  );
}
