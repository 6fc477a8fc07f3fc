import { type FormEvent, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { useWrite } from '../api/mutations';
import { useSignedIn } from '../api/session';
import type { AlertDestination, AlertEvent, AlertRule } from '../api/types';
import { Badge, Button, CopyButton, ErrorNote, Field, PageHeader } from '../ui/controls';
import { formatTime } from '../ui/format';
import { SimpleTable } from '../ui/simple-table';

const condition = (rule: AlertRule) =>
  rule.type === 'error_rate' ? `≥ ${Math.round((rule.threshold ?? 0) * 1000) / 10}% failing`
  : rule.type === 'latency' ? `p${rule.percentile} ≥ ${rule.threshold} ms`
  : rule.type === 'breaker_open' ? 'breaker opens'
  : "a budget's threshold";

export default function AlertsPage() {
  const session = useSignedIn();
  const destinations = useQuery({ queryKey: ['alert-destinations'], queryFn: () => api<{ data: AlertDestination[] }>('/api/v1/alerts/destinations').then((r) => r.data) });
  const rules = useQuery({ queryKey: ['alert-rules'], queryFn: () => api<{ data: AlertRule[] }>('/api/v1/alerts/rules').then((r) => r.data) });
  const events = useQuery({ queryKey: ['alert-events'], queryFn: () => api<{ data: AlertEvent[] }>('/api/v1/alerts/events?limit=50').then((r) => r.data) });
  const addDestination = useWrite<Record<string, unknown>, { secret?: string }>((body) => ({ path: '/api/v1/alerts/destinations', method: 'POST', body }), [['alert-destinations']]);
  const addRule = useWrite<Record<string, unknown>>((body) => ({ path: '/api/v1/alerts/rules', method: 'POST', body }), [['alert-rules']]);
  const toggle = useWrite<{ id: string; enabled: boolean }>(({ id, enabled }) => ({ path: `/api/v1/alerts/rules/${id}`, method: 'PATCH', body: { enabled } }), [['alert-rules']]);
  const removeRule = useWrite<string>((id) => ({ path: `/api/v1/alerts/rules/${id}`, method: 'DELETE' }), [['alert-rules']]);
  const names = new Map((destinations.data ?? []).map((d) => [d.id, d.name]));
  const [destination, setDestination] = useState({ name: '', kind: 'webhook', url: '' });
  const [secret, setSecret] = useState<string | null>(null);
  const [rule, setRule] = useState({ name: '', type: 'error_rate', threshold: '0.2', window_seconds: '300', min_requests: '20', endpoint_id: '', destination_id: '' });
  const write = session.permissions.write;
  function submitDestination(event: FormEvent) {
    event.preventDefault();
    addDestination.mutate(destination, { onSuccess: (result) => (setSecret(result.secret ?? null), setDestination({ name: '', kind: 'webhook', url: '' })) });
  }
  function submitRule(event: FormEvent) {
    event.preventDefault();
    const measured = rule.type === 'error_rate' || rule.type === 'latency';
    addRule.mutate({
      name: rule.name,
      type: rule.type,
      destination_ids: [rule.destination_id],
      window_seconds: Number(rule.window_seconds),
      ...(measured ? { threshold: Number(rule.threshold), min_requests: Number(rule.min_requests) } : {}),
      ...(rule.endpoint_id && rule.type !== 'budget_threshold' ? { endpoint_id: rule.endpoint_id } : {}),
    });
  }
  return (
    <section>
      <PageHeader title="Alerts" description="Budget thresholds, error-rate and latency spikes per endpoint, and circuit breakers, sent to signed webhooks or Slack once per condition and window." />
      <ErrorNote error={toggle.error ?? removeRule.error} />
      <h2>Rules</h2>
      <SimpleTable
        caption="Alert rules"
        rows={rules.data}
        rowKey={(r) => r.id}
        empty="No alert rules."
        columns={[
          { header: 'Name', cell: (r) => <strong>{r.name}</strong> },
          { header: 'When', cell: (r) => `${condition(r)}${r.endpoint_id ? ` on ${r.endpoint_id}` : ''}` },
          { header: 'Window', cell: (r) => `${r.window_seconds} s` },
          { header: 'Sends to', cell: (r) => r.destination_ids.map((id) => <Badge key={id}>{names.get(id) ?? id}</Badge>) },
          { header: 'State', cell: (r) => (r.enabled ? <Badge tone="good">on</Badge> : <Badge>off</Badge>) },
          ...(write
            ? [
                {
                  header: 'Actions',
                  cell: (r: AlertRule) => (
                    <>
                      <Button aria-label={`${r.enabled ? 'Turn off' : 'Turn on'} alert rule ${r.name}`} onClick={() => toggle.mutate({ id: r.id, enabled: !r.enabled })}>
                        {r.enabled ? 'Turn off' : 'Turn on'}
                      </Button>
                      <Button variant="danger" aria-label={`Delete alert rule ${r.name}`} onClick={() => confirm(`Delete alert rule "${r.name}"?`) && removeRule.mutate(r.id)}>
                        Delete
                      </Button>
                    </>
                  ),
                },
              ]
            : []),
        ]}
      />
      <h2>Destinations</h2>
      <SimpleTable
        caption="Alert destinations"
        rows={destinations.data}
        rowKey={(d) => d.id}
        empty="No destinations."
        columns={[
          { header: 'Name', cell: (d) => <strong>{d.name}</strong> },
          { header: 'Kind', cell: (d) => <Badge tone="info">{d.kind}</Badge> },
          { header: 'URL', cell: (d) => <code>{d.url}</code> },
          { header: 'Signed', cell: (d) => (d.signed ? 'HMAC-SHA256' : '—') },
        ]}
      />
      <h2>Recent alerts</h2>
      <SimpleTable
        caption="Alerts that fired"
        rows={events.data}
        rowKey={(e) => e.id}
        empty="No alert has fired."
        columns={[
          { header: 'Time', cell: (e) => formatTime(e.created_at) },
          { header: 'Type', cell: (e) => <Badge tone="warn">{e.type}</Badge> },
          { header: 'What', cell: (e) => e.summary },
        ]}
      />
      {write && (
        <div className="detail-grid">
          <form className="card form" onSubmit={submitDestination} aria-labelledby="new-destination">
            <h2 id="new-destination">New destination</h2>
            <Field label="Destination name">{(id) => <input id={id} value={destination.name} onChange={(e) => setDestination({ ...destination, name: e.target.value })} required />}</Field>
            <Field label="Kind">
              {(id) => (
                <select id={id} value={destination.kind} onChange={(e) => setDestination({ ...destination, kind: e.target.value })}>
                  <option value="webhook">webhook (signed JSON)</option>
                  <option value="slack">Slack incoming webhook</option>
                </select>
              )}
            </Field>
            <Field label="URL">{(id) => <input id={id} type="url" value={destination.url} onChange={(e) => setDestination({ ...destination, url: e.target.value })} required />}</Field>
            <ErrorNote error={addDestination.error} />
            {secret && (
              <p className="secret-row">
                Signing secret, shown once: <code>{secret}</code> <CopyButton text={secret} />
              </p>
            )}
            <Button type="submit" variant="primary" disabled={addDestination.isPending}>
              Add destination
            </Button>
          </form>
          <form className="card form" onSubmit={submitRule} aria-labelledby="new-rule">
            <h2 id="new-rule">New rule</h2>
            <Field label="Rule name">{(id) => <input id={id} value={rule.name} onChange={(e) => setRule({ ...rule, name: e.target.value })} required />}</Field>
            <Field label="Type">
              {(id) => (
                <select id={id} value={rule.type} onChange={(e) => setRule({ ...rule, type: e.target.value, threshold: e.target.value === 'latency' ? '5000' : '0.2' })}>
                  <option value="error_rate">error rate</option>
                  <option value="latency">latency (p95)</option>
                  <option value="breaker_open">breaker opened</option>
                  <option value="budget_threshold">budget threshold</option>
                </select>
              )}
            </Field>
            {(rule.type === 'error_rate' || rule.type === 'latency') && (
              <Field label="Threshold" hint={rule.type === 'latency' ? 'Milliseconds' : 'Failing fraction, 0-1'}>
                {(id) => <input id={id} type="number" min="0" step="any" value={rule.threshold} onChange={(e) => setRule({ ...rule, threshold: e.target.value })} />}
              </Field>
            )}
            <Field label="Window (seconds)">{(id) => <input id={id} type="number" min="60" value={rule.window_seconds} onChange={(e) => setRule({ ...rule, window_seconds: e.target.value })} />}</Field>
            <Field label="Endpoint" hint="provider:model; empty: every endpoint">
              {(id) => <input id={id} value={rule.endpoint_id} onChange={(e) => setRule({ ...rule, endpoint_id: e.target.value })} />}
            </Field>
            <Field label="Send to">
              {(id) => (
                <select id={id} value={rule.destination_id} onChange={(e) => setRule({ ...rule, destination_id: e.target.value })} required>
                  <option value="">choose…</option>
                  {(destinations.data ?? []).map((d) => (
                    <option key={d.id} value={d.id}>
                      {d.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <ErrorNote error={addRule.error} />
            <Button type="submit" variant="primary" disabled={addRule.isPending}>
              Create rule
            </Button>
          </form>
        </div>
      )}
    </section>
  );
}
