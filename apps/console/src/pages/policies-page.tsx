import { type FormEvent, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { useWrite } from '../api/mutations';
import { useSignedIn } from '../api/session';
import type { Policy } from '../api/types';
import { Badge, Button, ErrorNote, Field, PageHeader } from '../ui/controls';
import { SimpleTable } from '../ui/simple-table';

const list = (text: string) => text.split(',').map((part) => part.trim()).filter(Boolean);
const rules = (p: Policy) =>
  [
    p.allowedProviders.length && `providers ∈ {${p.allowedProviders.join(', ')}}`,
    p.deniedProviders.length && `providers ∉ {${p.deniedProviders.join(', ')}}`,
    p.allowedModels.length && `models ∈ {${p.allowedModels.join(', ')}}`,
    p.deniedModels.length && `models ∉ {${p.deniedModels.join(', ')}}`,
    p.allowedRegions.length && `regions ∈ {${p.allowedRegions.join(', ')}}`,
    p.denyDataTraining && 'no training on prompts',
    p.denyDataRetention && 'no retention',
    p.requireZdr && 'zero data retention',
    p.maxPricePerMtok !== null && `≤ $${p.maxPricePerMtok}/Mtok`,
  ].filter(Boolean) as string[];

export default function PoliciesPage() {
  const session = useSignedIn();
  const policies = useQuery({ queryKey: ['policies'], queryFn: () => api<{ data: Policy[] }>('/api/v1/policies').then((r) => r.data) });
  const create = useWrite<Record<string, unknown>>((body) => ({ path: '/api/v1/policies', method: 'POST', body }), [['policies']]);
  const remove = useWrite<string>((id) => ({ path: `/api/v1/policies/${id}`, method: 'DELETE' }), [['policies']]);
  const blank = { name: '', scope: 'organization', scope_id: session.org_id, allowed_providers: '', denied_providers: '', allowed_models: '', denied_models: '', allowed_regions: '', max_price: '' };
  const [form, setForm] = useState(blank);
  const [flags, setFlags] = useState({ deny_data_training: false, deny_data_retention: false, require_zdr: false });
  const set = (name: keyof typeof form) => (event: { target: { value: string } }) => setForm({ ...form, [name]: event.target.value });
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate(
      {
        name: form.name,
        scope: form.scope,
        scope_id: form.scope_id,
        allowed_providers: list(form.allowed_providers),
        denied_providers: list(form.denied_providers),
        allowed_models: list(form.allowed_models),
        denied_models: list(form.denied_models),
        allowed_regions: list(form.allowed_regions),
        max_price_per_mtok: form.max_price ? Number(form.max_price) : null,
        ...flags,
      },
      { onSuccess: () => setForm(blank) },
    );
  }
  return (
    <section>
      <PageHeader title="Policies" description="Which providers, models and regions may serve requests; every policy that applies is enforced, the strictest wins." />
      <ErrorNote error={remove.error} />
      <SimpleTable
        caption="Policies"
        rows={policies.data}
        rowKey={(p) => p.id}
        empty="No policies: any configured endpoint may serve requests."
        columns={[
          { header: 'Name', cell: (p) => <strong>{p.name}</strong> },
          { header: 'Applies to', cell: (p) => `${p.scope} ${p.scope_id}` },
          { header: 'Rules', cell: (p) => rules(p).map((rule) => <Badge key={rule}>{rule}</Badge>) },
          ...(session.permissions.write
            ? [{ header: 'Actions', cell: (p: Policy) => <Button variant="danger" aria-label={`Delete policy ${p.name}`} onClick={() => confirm(`Delete policy "${p.name}"?`) && remove.mutate(p.id)}>Delete</Button> }]
            : []),
        ]}
      />
      {session.permissions.write && (
        <form className="card form" onSubmit={submit} aria-labelledby="new-policy">
          <h2 id="new-policy">New policy</h2>
          <div className="form-grid">
            <Field label="Name">{(id) => <input id={id} value={form.name} onChange={set('name')} required />}</Field>
            <Field label="Scope">
              {(id) => (
                <select id={id} value={form.scope} onChange={set('scope')}>
                  <option value="organization">organisation</option>
                  <option value="team">team</option>
                  <option value="key">key</option>
                </select>
              )}
            </Field>
            <Field label="Scope id">{(id) => <input id={id} value={form.scope_id} onChange={set('scope_id')} required />}</Field>
            <Field label="Allowed providers" hint="Comma-separated; empty: any">{(id) => <input id={id} value={form.allowed_providers} onChange={set('allowed_providers')} />}</Field>
            <Field label="Denied providers">{(id) => <input id={id} value={form.denied_providers} onChange={set('denied_providers')} />}</Field>
            <Field label="Allowed models">{(id) => <input id={id} value={form.allowed_models} onChange={set('allowed_models')} />}</Field>
            <Field label="Denied models">{(id) => <input id={id} value={form.denied_models} onChange={set('denied_models')} />}</Field>
            <Field label="Allowed regions" hint="e.g. eu, us, ru">{(id) => <input id={id} value={form.allowed_regions} onChange={set('allowed_regions')} />}</Field>
            <Field label="Max price (USD / million tokens)">{(id) => <input id={id} type="number" min="0" step="0.01" value={form.max_price} onChange={set('max_price')} />}</Field>
          </div>
          <fieldset className="checks">
            <legend>Data</legend>
            {(['deny_data_training', 'deny_data_retention', 'require_zdr'] as const).map((flag) => (
              <label key={flag}>
                <input type="checkbox" checked={flags[flag]} onChange={(e) => setFlags({ ...flags, [flag]: e.target.checked })} />{' '}
                {flag === 'deny_data_training' ? 'No providers that train on prompts' : flag === 'deny_data_retention' ? 'No providers that retain prompts' : 'Zero data retention only'}
              </label>
            ))}
          </fieldset>
          <ErrorNote error={create.error} />
          <Button type="submit" variant="primary" disabled={create.isPending}>
            Create policy
          </Button>
        </form>
      )}
    </section>
  );
}
