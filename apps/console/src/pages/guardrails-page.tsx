import { type FormEvent, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { useWrite } from '../api/mutations';
import { useSignedIn } from '../api/session';
import type { Guardrail } from '../api/types';
import { Badge, Button, ErrorNote, Field, PageHeader } from '../ui/controls';
import { SimpleTable } from '../ui/simple-table';

const DETECTORS = [
  { detector: 'email', label: 'Email addresses' },
  { detector: 'phone', label: 'Phone numbers' },
  { detector: 'card_number', label: 'Card numbers (Luhn)' },
  { detector: 'iban', label: 'IBANs (mod-97)' },
  { detector: 'secret', label: 'API keys and secrets' },
] as const;
type Choice = '' | 'mask' | 'block';

const list = (text: string) => text.split(',').map((part) => part.trim()).filter(Boolean);
const promptRules = (g: Guardrail) => g.prompt.map((rule) => <Badge key={`${rule.name ?? rule.detector}`} tone={rule.action === 'block' ? 'bad' : 'warn'}>{`${rule.name ?? rule.detector}: ${rule.action}`}</Badge>);
const responseRules = (g: Guardrail) => g.response.map((rule) => <Badge key={rule.name} tone={rule.action === 'block' ? 'bad' : 'warn'}>{`${rule.name}: ${rule.action} (${rule.words.length + rule.patterns.length})`}</Badge>);

export default function GuardrailsPage() {
  const session = useSignedIn();
  const guardrails = useQuery({ queryKey: ['guardrails'], queryFn: () => api<{ data: Guardrail[] }>('/api/v1/guardrails').then((r) => r.data) });
  const create = useWrite<Record<string, unknown>>((body) => ({ path: '/api/v1/guardrails', method: 'POST', body }), [['guardrails']]);
  const toggle = useWrite<{ id: string; enabled: boolean }>(({ id, enabled }) => ({ path: `/api/v1/guardrails/${id}`, method: 'PATCH', body: { enabled } }), [['guardrails']]);
  const remove = useWrite<string>((id) => ({ path: `/api/v1/guardrails/${id}`, method: 'DELETE' }), [['guardrails']]);
  const blank = { name: '', scope: 'organization', scope_id: session.org_id, pattern_name: '', pattern: '', pattern_action: 'mask', deny_words: '', deny_action: 'redact' };
  const [form, setForm] = useState(blank);
  const [choices, setChoices] = useState<Record<string, Choice>>({ email: 'mask', phone: 'mask', card_number: 'block', iban: 'mask', secret: 'block' });
  const set = (name: keyof typeof form) => (event: { target: { value: string } }) => setForm({ ...form, [name]: event.target.value });
  function submit(event: FormEvent) {
    event.preventDefault();
    const prompt = [
      ...DETECTORS.filter(({ detector }) => choices[detector]).map(({ detector }) => ({ detector, action: choices[detector] })),
      ...(form.pattern ? [{ detector: 'regex', name: form.pattern_name || 'pattern', pattern: form.pattern, action: form.pattern_action }] : []),
    ];
    const response = form.deny_words ? [{ name: 'deny-list', words: list(form.deny_words), action: form.deny_action }] : [];
    create.mutate({ name: form.name, scope: form.scope, scope_id: form.scope_id, prompt, response }, { onSuccess: () => setForm(blank) });
  }
  return (
    <section>
      <PageHeader
        title="Guardrails"
        description="PII and secrets masked or blocked in prompts before they leave for a provider, and deny-lists for responses. Each request records which rules fired, never the text."
      />
      <ErrorNote error={toggle.error ?? remove.error} />
      <SimpleTable
        caption="Guardrails"
        rows={guardrails.data}
        rowKey={(g) => g.id}
        empty="No guardrails: prompts reach providers as sent."
        columns={[
          { header: 'Name', cell: (g) => <strong>{g.name}</strong> },
          { header: 'Applies to', cell: (g) => `${g.scope} ${g.scope_id}` },
          { header: 'Prompt rules', cell: promptRules },
          { header: 'Response rules', cell: responseRules },
          { header: 'State', cell: (g) => (g.enabled ? <Badge tone="good">on</Badge> : <Badge>off</Badge>) },
          ...(session.permissions.write
            ? [
                {
                  header: 'Actions',
                  cell: (g: Guardrail) => (
                    <>
                      <Button aria-label={`${g.enabled ? 'Turn off' : 'Turn on'} guardrail ${g.name}`} onClick={() => toggle.mutate({ id: g.id, enabled: !g.enabled })}>
                        {g.enabled ? 'Turn off' : 'Turn on'}
                      </Button>
                      <Button variant="danger" aria-label={`Delete guardrail ${g.name}`} onClick={() => confirm(`Delete guardrail "${g.name}"?`) && remove.mutate(g.id)}>
                        Delete
                      </Button>
                    </>
                  ),
                },
              ]
            : []),
        ]}
      />
      {session.permissions.write && (
        <form className="card form" onSubmit={submit} aria-labelledby="new-guardrail">
          <h2 id="new-guardrail">New guardrail</h2>
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
            {DETECTORS.map(({ detector, label }) => (
              <Field key={detector} label={label}>
                {(id) => (
                  <select id={id} value={choices[detector]} onChange={(e) => setChoices({ ...choices, [detector]: e.target.value as Choice })}>
                    <option value="">ignore</option>
                    <option value="mask">mask</option>
                    <option value="block">block</option>
                  </select>
                )}
              </Field>
            ))}
            <Field label="Pattern name">{(id) => <input id={id} value={form.pattern_name} onChange={set('pattern_name')} placeholder="employee-id" />}</Field>
            <Field label="Pattern" hint="Linear-time regex: no backreferences or lookarounds">
              {(id) => <input id={id} value={form.pattern} onChange={set('pattern')} placeholder="EMP-[0-9]{6}" />}
            </Field>
            <Field label="Pattern action">
              {(id) => (
                <select id={id} value={form.pattern_action} onChange={set('pattern_action')}>
                  <option value="mask">mask</option>
                  <option value="block">block</option>
                </select>
              )}
            </Field>
            <Field label="Response deny-list" hint="Comma-separated words or phrases">
              {(id) => <input id={id} value={form.deny_words} onChange={set('deny_words')} placeholder="Project Falcon, internal only" />}
            </Field>
            <Field label="On a response match">
              {(id) => (
                <select id={id} value={form.deny_action} onChange={set('deny_action')}>
                  <option value="redact">redact (streams stop)</option>
                  <option value="block">block</option>
                </select>
              )}
            </Field>
          </div>
          <ErrorNote error={create.error} />
          <Button type="submit" variant="primary" disabled={create.isPending}>
            Create guardrail
          </Button>
        </form>
      )}
    </section>
  );
}
