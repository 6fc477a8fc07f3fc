import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { api } from '../api/client';
import { Badge, ErrorNote, PageHeader, TableWrap } from '../ui/controls';
import { formatMs, formatTime, formatUsd } from '../ui/format';
import type { GuardrailFinding } from '../api/types';
import { Attribution, GuardrailBadges, StatusBadge } from './logs-page';

interface Candidate {
  endpointId?: string;
  providerId?: string;
  excluded?: string | null;
  reason?: string | null;
  score?: number | null;
  [field: string]: unknown;
}
interface RequestDetail {
  id: string;
  created_at: string;
  model: string | null;
  requested_model: string;
  provider_name: string | null;
  key_id: string;
  status: string;
  streamed: boolean;
  finish_reason: string | null;
  tokens_prompt: number;
  tokens_completion: number;
  native_tokens_cached: number;
  native_tokens_reasoning: number;
  total_cost: number;
  latency: number;
  time_to_first_token: number | null;
  trace_id: string | null;
  cache_hit: boolean;
  route_mode: string | null;
  decision_reason: string | null;
  attempts: Array<{ providerId: string; endpointId: string; httpStatus: number | null; outcome: string; error?: string; latencyMs: number }>;
  error: { code: string; message: string } | null;
  tags: string[];
  user: string | null;
  guardrails: GuardrailFinding[];
  route: { candidates?: Candidate[]; [field: string]: unknown } | null;
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="detail-row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export default function RequestPage({ id }: { id: string }) {
  const detail = useQuery({ queryKey: ['request', id], queryFn: () => api<{ data: RequestDetail }>(`/api/console/requests/${encodeURIComponent(id)}`).then((r) => r.data) });
  const d = detail.data;
  const candidates = Array.isArray(d?.route?.candidates) ? d.route.candidates : [];
  return (
    <section>
      <p>
        <Link href="/logs">← Logs</Link>
      </p>
      <PageHeader title="Request" description={id} />
      <ErrorNote error={detail.error} />
      {d && (
        <div className="detail-grid">
          <section className="card" aria-labelledby="summary-title">
            <h2 id="summary-title">Summary</h2>
            <dl>
              <Row label="Status">
                <StatusBadge status={d.status} /> {d.cache_hit && <Badge tone="info">cache hit</Badge>} {d.error && <code>{d.error.code}</code>}
              </Row>
              <Row label="Time">{formatTime(d.created_at)}</Row>
              <Row label="Model">
                {d.model ?? '—'} {d.requested_model !== d.model && <span className="muted">(asked for {d.requested_model})</span>}
              </Row>
              <Row label="Provider">{d.provider_name ?? '—'}</Row>
              <Row label="Key">
                <code>{d.key_id}</code>
              </Row>
              <Row label="Tokens">
                {d.tokens_prompt} prompt ({d.native_tokens_cached} cached) → {d.tokens_completion} completion ({d.native_tokens_reasoning} reasoning)
              </Row>
              <Row label="Cost">{formatUsd(d.total_cost)}</Row>
              <Row label="Latency">{formatMs(d.latency)}</Row>
              <Row label="Time to first token">{formatMs(d.time_to_first_token)}</Row>
              <Row label="Streamed">{d.streamed ? 'yes' : 'no'}</Row>
              <Row label="Tags · end user">
                <Attribution tags={d.tags ?? []} user={d.user ?? null} />
              </Row>
              <Row label="Guardrails">
                <GuardrailBadges findings={d.guardrails ?? []} />
              </Row>
              <Row label="Trace id">{d.trace_id ? <code>{d.trace_id}</code> : '—'}</Row>
              <Row label="Route">
                {d.route_mode ?? '—'} {d.decision_reason && <span className="muted">({d.decision_reason})</span>}
              </Row>
              {d.error && <Row label="Error">{d.error.message}</Row>}
            </dl>
          </section>
          <section className="card" aria-labelledby="attempts-title">
            <h2 id="attempts-title">Attempts</h2>
            <ol className="attempts">
              {d.attempts.map((attempt, i) => (
                <li key={i}>
                  <Badge tone={attempt.outcome === 'success' ? 'good' : 'bad'}>{attempt.outcome}</Badge> <code>{attempt.endpointId}</code> · HTTP {attempt.httpStatus ?? '—'} · {formatMs(attempt.latencyMs)}
                  {attempt.error && <div className="muted small">{attempt.error}</div>}
                </li>
              ))}
            </ol>
          </section>
          <section className="card wide" aria-labelledby="route-title">
            <h2 id="route-title">Route proof</h2>
            {!d.route ? (
              <p className="muted">No route record is kept for this request (cache hits have none; records expire).</p>
            ) : (
              <>
                {candidates.length > 0 && (
                  <TableWrap label="Candidates">
                    <table>
                      <caption className="sr-only">Candidates</caption>
                      <thead>
                        <tr>
                          {Object.keys(candidates[0]!).map((field) => (
                            <th scope="col" key={field}>
                              {field}
                            </th>
                          ))}
                        </tr>
                      </thead>
                      <tbody>
                        {candidates.map((candidate, i) => (
                          <tr key={i}>
                            {Object.keys(candidates[0]!).map((field) => (
                              <td key={field}>{typeof candidate[field] === 'object' ? JSON.stringify(candidate[field]) : String(candidate[field] ?? '—')}</td>
                            ))}
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </TableWrap>
                )}
                <details>
                  <summary>Full routing decision (JSON)</summary>
                  <pre className="json">{JSON.stringify(d.route, null, 2)}</pre>
                </details>
              </>
            )}
          </section>
        </div>
      )}
    </section>
  );
}
