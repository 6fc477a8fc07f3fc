import { type FormEvent, useRef, useState } from 'react';
import { Link } from 'wouter';
import { useKeys, useModels } from '../api/queries';
import { type RouteProof, streamChat } from '../api/chat-stream';
import { useSignedIn } from '../api/session';
import { Button, Empty, ErrorNote, Field, PageHeader } from '../ui/controls';

const OBJECTIVES = ['balanced', 'cheapest', 'fastest', 'best'] as const;

export default function PlaygroundPage() {
  const session = useSignedIn();
  const keys = useKeys();
  const models = useModels();
  const usable = (keys.data ?? []).filter((key) => key.kind === 'inference' && !key.disabled);
  const [keyId, setKeyId] = useState('');
  const [model, setModel] = useState('router');
  const [objective, setObjective] = useState<(typeof OBJECTIVES)[number]>('balanced');
  const [prompt, setPrompt] = useState('Say hello in five words.');
  const [output, setOutput] = useState('');
  const [proof, setProof] = useState<RouteProof | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const abort = useRef<AbortController | null>(null);
  async function send(event: FormEvent) {
    event.preventDefault();
    abort.current = new AbortController();
    setBusy(true);
    setOutput('');
    setProof(null);
    setError(null);
    try {
      const body = { key_id: keyId || usable[0]?.id, model, ...(model === 'router' ? { objective } : {}), stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: prompt }] };
      await streamChat(body, setProof, (text) => setOutput((current) => current + text), abort.current.signal);
    } catch (failure) {
      if ((failure as Error).name !== 'AbortError') setError(failure);
    } finally {
      setBusy(false);
    }
  }
  if (!session.permissions.playground) return <Empty>Viewers cannot send requests.</Empty>;
  return (
    <section>
      <PageHeader title="Playground" description="Send a chat request as one of your keys, to a model or to the router, streamed; the route proof arrives first." />
      {keys.data && !usable.length ? (
        <Empty>
          No usable API key: <Link href="/keys">create one</Link> first.
        </Empty>
      ) : (
        <div className="playground">
          <form className="card form" onSubmit={send}>
            <Field label="As key">
              {(id) => (
                <select id={id} value={keyId || usable[0]?.id || ''} onChange={(e) => setKeyId(e.target.value)}>
                  {usable.map((key) => (
                    <option key={key.id} value={key.id}>
                      {key.name} ({key.label})
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label="Model">
              {(id) => (
                <select id={id} value={model} onChange={(e) => setModel(e.target.value)}>
                  <option value="router">router (AllTokens picks)</option>
                  {models.data?.map((m) => (
                    <option key={m.id} value={m.id}>
                      {m.id}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {model === 'router' && (
              <Field label="Objective">
                {(id) => (
                  <select id={id} value={objective} onChange={(e) => setObjective(e.target.value as (typeof OBJECTIVES)[number])}>
                    {OBJECTIVES.map((o) => (
                      <option key={o}>{o}</option>
                    ))}
                  </select>
                )}
              </Field>
            )}
            <Field label="Message">{(id) => <textarea id={id} rows={5} value={prompt} onChange={(e) => setPrompt(e.target.value)} required />}</Field>
            <div className="row-actions">
              <Button type="submit" variant="primary" disabled={busy}>
                {busy ? 'Streaming…' : 'Send'}
              </Button>
              {busy && <Button onClick={() => abort.current?.abort()}>Stop</Button>}
            </div>
          </form>
          <div className="card">
            <h2>Route proof</h2>
            {proof ? (
              <dl className="proof">
                {proof.headers.map(([name, value]) => (
                  <div key={name} className="detail-row">
                    <dt>{name.replace('x-alltokens-', '')}</dt>
                    <dd>
                      <code>{value}</code>
                    </dd>
                  </div>
                ))}
              </dl>
            ) : (
              <p className="muted">Appears as soon as the gateway answers.</p>
            )}
            <h2>Reply</h2>
            <output className="reply" aria-live="polite" data-testid="playground-output">
              {output}
            </output>
            <ErrorNote error={error} />
            {proof?.requestId && !busy && (
              <p>
                <Link href={`/logs/${proof.requestId}`}>Open this request in the log</Link>
              </p>
            )}
          </div>
        </div>
      )}
    </section>
  );
}
