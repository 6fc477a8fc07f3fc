import { type FormEvent, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { useWrite } from '../api/mutations';
import { useSignedIn } from '../api/session';
import type { Credential } from '../api/types';
import { Button, ErrorNote, Field, PageHeader } from '../ui/controls';
import { formatTime } from '../ui/format';
import { SimpleTable } from '../ui/simple-table';

export default function CredentialsPage() {
  const session = useSignedIn();
  const credentials = useQuery({ queryKey: ['credentials'], queryFn: () => api<{ data: Credential[] }>('/api/v1/provider-credentials').then((r) => r.data) });
  const put = useWrite<{ provider: string; api_key: string; base_url: string }>(
    ({ provider, api_key, base_url }) => ({ path: `/api/v1/provider-credentials/${encodeURIComponent(provider)}`, method: 'PUT', body: { api_key, ...(base_url ? { base_url } : {}) } }),
    [['credentials']],
  );
  const remove = useWrite<string>((provider) => ({ path: `/api/v1/provider-credentials/${encodeURIComponent(provider)}`, method: 'DELETE' }), [['credentials']]);
  const [form, setForm] = useState({ provider: '', api_key: '', base_url: '' });
  function submit(event: FormEvent) {
    event.preventDefault();
    put.mutate(form, { onSuccess: () => setForm({ provider: '', api_key: '', base_url: '' }) });
  }
  return (
    <section>
      <PageHeader title="Provider credentials" description="Bring your own key: the organisation's own provider keys, sealed with AES-256-GCM and never shown again." />
      <ErrorNote error={credentials.error ?? remove.error} />
      <SimpleTable
        caption="Provider credentials"
        rows={credentials.data}
        rowKey={(c) => c.provider_id}
        empty="No credentials: requests use the operator's provider keys."
        columns={[
          { header: 'Provider', cell: (c) => <strong>{c.provider_id}</strong> },
          { header: 'Key', cell: (c) => <code>…{c.key_last_four}</code> },
          { header: 'Base URL', cell: (c) => c.base_url ?? <span className="muted">provider default</span> },
          { header: 'Updated', cell: (c) => formatTime(c.updated_at) },
          ...(session.permissions.write
            ? [{ header: 'Actions', cell: (c: Credential) => <Button variant="danger" aria-label={`Delete credential for ${c.provider_id}`} onClick={() => confirm(`Delete the ${c.provider_id} key?`) && remove.mutate(c.provider_id)}>Delete</Button> }]
            : []),
        ]}
      />
      {session.permissions.write && (
        <form className="card form" onSubmit={submit} aria-labelledby="new-credential">
          <h2 id="new-credential">Add or replace a key</h2>
          <div className="form-grid">
            <Field label="Provider id" hint="As configured, e.g. openai">{(id) => <input id={id} value={form.provider} onChange={(e) => setForm({ ...form, provider: e.target.value })} required />}</Field>
            <Field label="API key">{(id) => <input id={id} type="password" autoComplete="off" value={form.api_key} onChange={(e) => setForm({ ...form, api_key: e.target.value })} required />}</Field>
            <Field label="Base URL" hint="Optional; checked against private and metadata addresses">{(id) => <input id={id} type="url" value={form.base_url} onChange={(e) => setForm({ ...form, base_url: e.target.value })} />}</Field>
          </div>
          <ErrorNote error={put.error} />
          <Button type="submit" variant="primary" disabled={put.isPending}>
            Save key
          </Button>
        </form>
      )}
    </section>
  );
}
