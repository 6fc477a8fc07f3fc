import { type FormEvent, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { useWrite } from '../api/mutations';
import { useSignedIn } from '../api/session';
import type { Budget } from '../api/types';
import { Badge, Button, CopyButton, Dialog, ErrorNote, Field, PageHeader } from '../ui/controls';
import { formatPercent, formatTime, formatUsd } from '../ui/format';
import { SimpleTable } from '../ui/simple-table';

type SecretReply = { webhook_secret?: string };
const parseThresholds = (text: string) => text.split(',').map((t) => Number(t.trim())).filter(Boolean);

/** A webhook's signing secret, returned by the API only when it was made. */
function WebhookSecret({ secret, onDone }: { secret: string; onDone: () => void }) {
  return (
    <div className="secret-once">
      <p>
        <strong>Copy this signing secret now.</strong> It is shown once; the webhook's deliveries carry an HMAC-SHA256 signature made with it.
      </p>
      <div className="secret-row">
        <code data-testid="webhook-secret">{secret}</code>
        <CopyButton text={secret} />
      </div>
      <Button variant="primary" onClick={onDone}>
        Done
      </Button>
    </div>
  );
}

/** Edits amount, thresholds and webhook in place (PATCH): the period's spend, fired alerts and the webhook's secret stay. */
function EditBudget({ budget, onSaved }: { budget: Budget; onSaved: (secret: string | undefined) => void }) {
  const update = useWrite<Record<string, unknown>, SecretReply>((body) => ({ path: `/api/v1/budgets/${budget.id}`, method: 'PATCH', body }), [['budgets']]);
  const [form, setForm] = useState({ amount: String(budget.amount), thresholds: budget.thresholds.join(', '), webhook_url: budget.webhook_url ?? '' });
  const set = (name: keyof typeof form) => (event: { target: { value: string } }) => setForm({ ...form, [name]: event.target.value });
  async function submit(event: FormEvent) {
    event.preventDefault();
    const reply = await update.mutateAsync({ amount: Number(form.amount), thresholds: parseThresholds(form.thresholds), webhook_url: form.webhook_url || null });
    onSaved(reply.webhook_secret);
  }
  return (
    <form className="form" onSubmit={(event) => void submit(event).catch(() => undefined)}>
      <p className="muted">
        {budget.scope} {budget.scope_id} · {budget.period}
      </p>
      <Field label="Amount (USD)">{(id) => <input id={id} type="number" min="0.01" step="0.01" value={form.amount} onChange={set('amount')} required />}</Field>
      <Field label="Alert thresholds (%)">{(id) => <input id={id} value={form.thresholds} onChange={set('thresholds')} />}</Field>
      <Field label="Webhook URL" hint="Empty removes the webhook">{(id) => <input id={id} type="url" value={form.webhook_url} onChange={set('webhook_url')} placeholder="https://hooks.example.com/budget" />}</Field>
      <ErrorNote error={update.error} />
      <Button type="submit" variant="primary" disabled={update.isPending}>
        Save
      </Button>
    </form>
  );
}

export default function BudgetsPage() {
  const session = useSignedIn();
  const budgets = useQuery({ queryKey: ['budgets'], queryFn: () => api<{ data: Budget[] }>('/api/console/budgets').then((r) => r.data) });
  const credits = useQuery({ queryKey: ['credits'], queryFn: () => api<{ data: { total_credits: number; total_usage: number } }>('/api/v1/credits').then((r) => r.data), retry: false });
  const create = useWrite<Record<string, unknown>, SecretReply>((body) => ({ path: '/api/v1/budgets', method: 'POST', body }), [['budgets']]);
  const [editing, setEditing] = useState<Budget | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const remove = useWrite<string>((id) => ({ path: `/api/v1/budgets/${id}`, method: 'DELETE' }), [['budgets']]);
  const [form, setForm] = useState({ scope: 'organization', scope_id: session.org_id, amount: '', period: 'monthly', thresholds: '50, 80, 100', webhook_url: '' });
  const set = (name: keyof typeof form) => (event: { target: { value: string } }) => setForm({ ...form, [name]: event.target.value });
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate(
      {
        scope: form.scope,
        scope_id: form.scope_id,
        amount: Number(form.amount),
        period: form.period,
        thresholds: parseThresholds(form.thresholds),
        webhook_url: form.webhook_url || null,
      },
      { onSuccess: (reply) => reply.webhook_secret && setSecret(reply.webhook_secret) },
    );
  }
  return (
    <section>
      <PageHeader title="Budgets & alerts" description="Spend limits per organisation, team or key and period; webhooks fire once per threshold per period." />
      {credits.data && (
        <p className="card inline">
          Prepaid credits: <strong>{formatUsd(credits.data.total_credits)}</strong> · used {formatUsd(credits.data.total_usage)}
        </p>
      )}
      <ErrorNote error={remove.error} />
      <SimpleTable
        caption="Budgets"
        rows={budgets.data}
        rowKey={(b) => b.id}
        empty="No budgets: spending is limited only by key limits."
        columns={[
          { header: 'Scope', cell: (b) => `${b.scope} ${b.scope_id}` },
          { header: 'Period', cell: (b) => b.period },
          {
            header: 'Spent this period',
            cell: (b) => (
              <span className="spend">
                <meter min={0} max={1} low={0.5} high={0.8} optimum={0} value={Math.min(1, b.used)} aria-label={`${formatPercent(b.used)} of the budget used`} />
                {formatUsd(b.spent)} of {formatUsd(b.amount)}
              </span>
            ),
          },
          {
            header: 'Alerts',
            cell: (b) =>
              b.thresholds.map((t) => {
                const fired = b.alerts_fired.find((alert) => alert.threshold === t);
                return (
                  <Badge key={t} tone={fired ? 'warn' : 'neutral'}>
                    {t} %{fired ? ` fired ${formatTime(fired.fired_at)}` : ''}
                  </Badge>
                );
              }),
          },
          { header: 'Webhook', cell: (b) => b.webhook_url ?? <span className="muted">none</span> },
          ...(session.permissions.write
            ? [
                {
                  header: 'Actions',
                  cell: (b: Budget) => (
                    <span className="actions">
                      <Button aria-label={`Edit budget ${b.scope} ${b.scope_id} ${b.period}`} onClick={() => setEditing(b)}>
                        Edit
                      </Button>
                      <Button variant="danger" aria-label={`Delete budget ${b.scope} ${b.scope_id} ${b.period}`} onClick={() => confirm('Delete this budget?') && remove.mutate(b.id)}>
                        Delete
                      </Button>
                    </span>
                  ),
                },
              ]
            : []),
        ]}
      />
      {session.permissions.write && (
        <form className="card form" onSubmit={submit} aria-labelledby="new-budget">
          <h2 id="new-budget">New budget</h2>
          <div className="form-grid">
            <Field label="Scope">
              {(id) => (
                <select id={id} value={form.scope} onChange={set('scope')}>
                  <option value="organization">organisation</option>
                  <option value="team">team</option>
                  <option value="key">key</option>
                </select>
              )}
            </Field>
            <Field label="Scope id" hint="Organisation, team or key id">{(id) => <input id={id} value={form.scope_id} onChange={set('scope_id')} required />}</Field>
            <Field label="Amount (USD)">{(id) => <input id={id} type="number" min="0.01" step="0.01" value={form.amount} onChange={set('amount')} required />}</Field>
            <Field label="Period">
              {(id) => (
                <select id={id} value={form.period} onChange={set('period')}>
                  <option>daily</option>
                  <option>weekly</option>
                  <option>monthly</option>
                  <option>total</option>
                </select>
              )}
            </Field>
            <Field label="Alert thresholds (%)">{(id) => <input id={id} value={form.thresholds} onChange={set('thresholds')} />}</Field>
            <Field label="Webhook URL">{(id) => <input id={id} type="url" value={form.webhook_url} onChange={set('webhook_url')} placeholder="https://hooks.example.com/budget" />}</Field>
          </div>
          <ErrorNote error={create.error} />
          <Button type="submit" variant="primary" disabled={create.isPending}>
            Create budget
          </Button>
        </form>
      )}
      <Dialog title="Edit budget" open={editing !== null} onClose={() => setEditing(null)}>
        {editing && (
          <EditBudget
            budget={editing}
            onSaved={(newSecret) => {
              setEditing(null);
              if (newSecret) setSecret(newSecret);
            }}
          />
        )}
      </Dialog>
      <Dialog title="Webhook signing secret" open={secret !== null} onClose={() => setSecret(null)}>
        {secret && <WebhookSecret secret={secret} onDone={() => setSecret(null)} />}
      </Dialog>
    </section>
  );
}
