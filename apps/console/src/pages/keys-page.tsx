import { type FormEvent, useState } from 'react';
import { useKeys } from '../api/queries';
import { useWrite } from '../api/mutations';
import { useSignedIn } from '../api/session';
import type { ApiKey } from '../api/types';
import { Badge, Button, CopyButton, Dialog, Empty, ErrorNote, Field, PageHeader, TableWrap } from '../ui/controls';
import { formatTime, formatUsd } from '../ui/format';

const list = (text: string) => text.split(',').map((part) => part.trim()).filter(Boolean);
const number = (text: string) => (text.trim() === '' ? null : Number(text));
const isoOrNull = (date: string) => (date ? new Date(`${date}T23:59:59Z`).toISOString() : null);
function parseMetadata(text: string): Record<string, string> {
  const entries = text.split('\n').map((line) => line.trim()).filter(Boolean).map((line) => {
    const at = line.indexOf('=');
    return [line.slice(0, at).trim(), line.slice(at + 1).trim()] as const;
  });
  return Object.fromEntries(entries.filter(([name]) => name));
}

function keyStatus(key: ApiKey) {
  if (key.disabled) return <Badge tone="warn">disabled</Badge>;
  if (key.expires_at && new Date(key.expires_at) < new Date()) return <Badge tone="bad">expired</Badge>;
  if (key.grace_until) return <Badge tone="warn">rotated</Badge>;
  return <Badge tone="good">active</Badge>;
}

function SecretOnce({ secret, onDone }: { secret: string; onDone: () => void }) {
  return (
    <div className="secret-once">
      <p>
        <strong>Copy this key now.</strong> It is shown once; AllTokens keeps only a hash.
      </p>
      <div className="secret-row">
        <code data-testid="new-secret">{secret}</code>
        <CopyButton text={secret} />
      </div>
      <Button variant="primary" onClick={onDone}>
        Done
      </Button>
    </div>
  );
}

function KeyForm({ initial, onSubmit, submitLabel, busy, error }: { initial?: ApiKey; onSubmit: (body: Record<string, unknown>) => Promise<void>; submitLabel: string; busy: boolean; error: unknown }) {
  const [name, setName] = useState(initial?.name ?? '');
  const [limit, setLimit] = useState(initial?.limit?.toString() ?? '');
  const [limitReset, setLimitReset] = useState<string>(initial?.limit_reset ?? '');
  const [tags, setTags] = useState(initial?.tags.join(', ') ?? '');
  const [models, setModels] = useState(initial?.allowed_models.join(', ') ?? '');
  const [expires, setExpires] = useState(initial?.expires_at?.slice(0, 10) ?? '');
  const [metadata, setMetadata] = useState(Object.entries(initial?.metadata ?? {}).map(([k, v]) => `${k}=${v}`).join('\n'));
  function submit(event: FormEvent) {
    event.preventDefault();
    // An unchanged expiry is not sent again: one that is today would now be in the past (and refused).
    const expiry = expires !== (initial?.expires_at?.slice(0, 10) ?? '') ? { expires_at: isoOrNull(expires) } : {};
    onSubmit({ name, limit: number(limit), limit_reset: limitReset || null, tags: list(tags), allowed_models: list(models), ...expiry, metadata: parseMetadata(metadata) }).catch(() => undefined);
  }
  return (
    <form onSubmit={submit} className="form">
      <Field label="Name">{(id) => <input id={id} value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />}</Field>
      <Field label="Spend limit (USD)" hint="Empty: unlimited">
        {(id) => <input id={id} type="number" min="0" step="0.01" value={limit} onChange={(e) => setLimit(e.target.value)} />}
      </Field>
      <Field label="Limit resets" hint="Calendar periods in UTC (weeks start on Monday)">
        {(id) => (
          <select id={id} value={limitReset} onChange={(e) => setLimitReset(e.target.value)}>
            <option value="">never (lifetime limit)</option>
            <option value="daily">daily</option>
            <option value="weekly">weekly</option>
            <option value="monthly">monthly</option>
          </select>
        )}
      </Field>
      <Field label="Tags" hint="Comma-separated name:value, on every request of this key">
        {(id) => <input id={id} value={tags} onChange={(e) => setTags(e.target.value)} placeholder="team:search, cost-centre:42" />}
      </Field>
      <Field label="Allowed models" hint="Comma-separated canonical ids; empty: any">
        {(id) => <input id={id} value={models} onChange={(e) => setModels(e.target.value)} placeholder="openai/gpt-4o-mini, anthropic/claude-sonnet-4" />}
      </Field>
      <Field label="Expires on" hint="Empty: never">
        {(id) => <input id={id} type="date" value={expires} onChange={(e) => setExpires(e.target.value)} />}
      </Field>
      <Field label="Metadata" hint="One name=value per line">
        {(id) => <textarea id={id} rows={3} value={metadata} onChange={(e) => setMetadata(e.target.value)} />}
      </Field>
      <ErrorNote error={error} />
      <Button type="submit" variant="primary" disabled={busy}>
        {submitLabel}
      </Button>
    </form>
  );
}

const PERIOD = { daily: 'day', weekly: 'week', monthly: 'month' } as const;
/** What counts against the limit: this UTC period's spend with a reset, the lifetime's without. */
const periodUsage = (key: ApiKey) => (key.limit_reset === 'daily' ? key.usage_daily : key.limit_reset === 'weekly' ? key.usage_weekly : key.limit_reset === 'monthly' ? key.usage_monthly : key.usage);

export default function KeysPage() {
  const session = useSignedIn();
  const keys = useKeys();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<ApiKey | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const create = useWrite<Record<string, unknown>, { key: string }>((body) => ({ path: '/api/v1/keys', method: 'POST', body }), [['keys']]);
  const update = useWrite<{ id: string; body: Record<string, unknown> }>(({ id, body }) => ({ path: `/api/v1/keys/${id}`, method: 'PATCH', body }), [['keys']]);
  const rotate = useWrite<string, { key: string }>((id) => ({ path: `/api/v1/keys/${id}/rotate`, method: 'POST', body: {} }), [['keys']]);
  const revoke = useWrite<string>((id) => ({ path: `/api/v1/keys/${id}`, method: 'DELETE' }), [['keys']]);
  const canWrite = session.permissions.write;
  const error = (editing ? null : update.error) ?? rotate.error ?? revoke.error;
  return (
    <section>
      <PageHeader
        title="Keys"
        description="API keys call models; each has its own limit, allowed models, expiry and labels."
        actions={
          canWrite && (
            <Button variant="primary" onClick={() => setCreating(true)}>
              Create key
            </Button>
          )
        }
      />
      <ErrorNote error={error} />
      {keys.isPending ? (
        <p className="loading">Loading keys…</p>
      ) : !keys.data?.length ? (
        <Empty>No keys yet.</Empty>
      ) : (
        <TableWrap label="API keys">
          <table>
            <caption className="sr-only">API keys</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Key</th>
                <th scope="col">Status</th>
                <th scope="col">Usage / limit</th>
                <th scope="col">Models</th>
                <th scope="col">Expires</th>
                {canWrite && <th scope="col">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {keys.data.map((key) => (
                <tr key={key.id} data-key-name={key.name}>
                  <th scope="row">
                    {key.name} {key.kind === 'management' && <Badge tone="info">management</Badge>}
                  </th>
                  <td>
                    <code>{key.label}</code>
                  </td>
                  <td>{keyStatus(key)}</td>
                  <td>
                    {formatUsd(periodUsage(key))} / {key.limit === null ? '∞' : formatUsd(key.limit)} {key.limit_reset && <span className="muted">per {PERIOD[key.limit_reset]}</span>}
                    {key.tags.length > 0 && (
                      <div>
                        {key.tags.map((tag) => (
                          <Badge key={tag}>{tag}</Badge>
                        ))}
                      </div>
                    )}
                  </td>
                  <td>{key.allowed_models.length ? key.allowed_models.join(', ') : <span className="muted">any</span>}</td>
                  <td>{key.expires_at ? formatTime(key.expires_at) : <span className="muted">never</span>}</td>
                  {canWrite && (
                    <td className="actions">
                      <Button onClick={() => setEditing(key)} aria-label={`Edit ${key.name}`}>
                        Edit
                      </Button>
                      <Button onClick={() => update.mutate({ id: key.id, body: { disabled: !key.disabled } })} aria-label={`${key.disabled ? 'Enable' : 'Disable'} ${key.name}`}>
                        {key.disabled ? 'Enable' : 'Disable'}
                      </Button>
                      <Button
                        onClick={() => {
                          if (confirm(`Rotate "${key.name}"? The old secret keeps working for one hour.`)) rotate.mutate(key.id, { onSuccess: (result) => setSecret(result.key) });
                        }}
                        aria-label={`Rotate ${key.name}`}
                      >
                        Rotate
                      </Button>
                      <Button
                        variant="danger"
                        onClick={() => confirm(`Revoke "${key.name}"? Requests with it fail at once, on every gateway.`) && revoke.mutate(key.id)}
                        aria-label={`Revoke ${key.name}`}
                      >
                        Revoke
                      </Button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <Dialog title="Create key" open={creating} onClose={() => setCreating(false)}>
        <KeyForm
          submitLabel="Create"
          busy={create.isPending}
          error={create.error}
          onSubmit={async (body) => {
            const { key } = await create.mutateAsync(body);
            setCreating(false);
            setSecret(key);
          }}
        />
      </Dialog>
      <Dialog title={`Edit ${editing?.name ?? ''}`} open={editing !== null} onClose={() => setEditing(null)}>
        {editing && (
          <KeyForm
            initial={editing}
            submitLabel="Save"
            busy={update.isPending}
            error={update.error}
            onSubmit={async (body) => {
              await update.mutateAsync({ id: editing.id, body });
              setEditing(null);
            }}
          />
        )}
      </Dialog>
      <Dialog title="Your new key" open={secret !== null} onClose={() => setSecret(null)}>
        {secret && <SecretOnce secret={secret} onDone={() => setSecret(null)} />}
      </Dialog>
    </section>
  );
}
