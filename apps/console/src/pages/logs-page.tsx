import { useCallback, useMemo, useState } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useKeys } from '../api/queries';
import { Link } from 'wouter';
import { api, query } from '../api/client';
import { useLiveTail } from '../api/live-tail';
import type { GuardrailFinding, LogRow } from '../api/types';
import { Badge, Button, Empty, ErrorNote, Field, PageHeader, TableWrap } from '../ui/controls';
import { formatMs, formatShortTime, formatUsd } from '../ui/format';

const MAX_LIVE_ROWS = 200;
interface Filters {
  status: string;
  model: string;
  provider: string;
  key_id: string;
  cache_hit: string;
  tag: string;
  user: string;
  guardrail_rule: string;
  from: string;
  to: string;
}
const EMPTY: Filters = { status: '', model: '', provider: '', key_id: '', cache_hit: '', tag: '', user: '', guardrail_rule: '', from: '', to: '' };
const iso = (local: string) => (local ? new Date(local).toISOString() : undefined);

/** Which guardrail rules fired (masked, blocked, redacted) and how often; never the matched text. */
export function GuardrailBadges({ findings }: { findings: GuardrailFinding[] }) {
  if (!findings.length) return <span className="muted">—</span>;
  return (
    <>
      {findings.map((finding) => (
        <Badge key={`${finding.guardrailId}|${finding.rule}|${finding.stage}|${finding.action}`} tone={finding.action === 'block' ? 'bad' : 'warn'}>
          {finding.rule} {finding.action} ×{finding.count}
        </Badge>
      ))}
    </>
  );
}

/** A request's tags and end user. */
export function Attribution({ tags, user }: { tags: string[]; user: string | null }) {
  if (!tags.length && !user) return <span className="muted">—</span>;
  return (
    <>
      {tags.map((tag) => (
        <Badge key={tag}>{tag}</Badge>
      ))}
      {user && <Badge tone="info">user {user}</Badge>}
    </>
  );
}

export function StatusBadge({ status }: { status: string }) {
  return <Badge tone={status === 'success' ? 'good' : status === 'error' ? 'bad' : 'warn'}>{status}</Badge>;
}

function LogTable({ rows, live, keyNames }: { rows: LogRow[]; live: Set<string>; keyNames: Map<string, string> }) {
  return (
    <TableWrap label="Request log, newest first">
      <table className="log-table">
        <caption className="sr-only">Request log, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Status</th>
            <th scope="col">Model</th>
            <th scope="col">Provider</th>
            <th scope="col">Key</th>
            <th scope="col">Tags · user</th>
            <th scope="col">Guardrails</th>
            <th scope="col" className="num">Tokens</th>
            <th scope="col" className="num">Cost</th>
            <th scope="col" className="num">Latency</th>
            <th scope="col" className="num">TTFT</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} className={live.has(row.id) ? 'live-row' : undefined} data-request-id={row.id}>
              <td>
                <Link href={`/logs/${row.id}`}>{formatShortTime(row.created_at)}</Link>
              </td>
              <td>
                <StatusBadge status={row.status} /> {row.cache_hit && <Badge tone="info">cache</Badge>}
              </td>
              <td>{row.model ?? '—'}</td>
              <td>{row.provider_id ?? '—'}</td>
              <td>{keyNames.get(row.key_id) ?? <code>{row.key_id.slice(0, 10)}</code>}</td>
              <td>
                <Attribution tags={row.tags ?? []} user={row.end_user ?? null} />
              </td>
              <td>
                <GuardrailBadges findings={row.guardrails ?? []} />
              </td>
              <td className="num">
                {row.prompt_tokens} → {row.completion_tokens}
              </td>
              <td className="num">{formatUsd(row.cost_usd)}</td>
              <td className="num">{formatMs(row.latency_ms)}</td>
              <td className="num">{formatMs(row.ttft_ms)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

export default function LogsPage() {
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [tailing, setTailing] = useState(true);
  const [liveRows, setLiveRows] = useState<LogRow[]>([]);
  const keys = useKeys();
  const keyNames = useMemo(() => new Map((keys.data ?? []).map((key) => [key.id, key.name])), [keys.data]);
  const stored = useInfiniteQuery({
    queryKey: ['logs', filters],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api<{ data: LogRow[]; next_cursor: string | null }>(
        `/api/v1/analytics/requests${query({ ...filters, from: iso(filters.from), to: iso(filters.to), limit: 50, cursor: pageParam })}`,
        { signal },
      ),
    getNextPageParam: (page) => page.next_cursor,
  });
  const tailQuery = query({
    status: filters.status,
    model: filters.model,
    provider: filters.provider,
    key_id: filters.key_id,
    cache_hit: filters.cache_hit,
    tag: filters.tag,
    user: filters.user,
    guardrail_rule: filters.guardrail_rule,
  });
  // A time range that ends in the past has nothing new to tail.
  const canTail = !filters.to;
  const onRows = useCallback((rows: LogRow[]) => setLiveRows((current) => [...rows.reverse(), ...current].slice(0, MAX_LIVE_ROWS)), []);
  const tail = useLiveTail(tailing && canTail, tailQuery, onRows);
  const rows = useMemo(() => {
    const seen = new Set<string>();
    return [...liveRows, ...(stored.data?.pages.flatMap((page) => page.data) ?? [])].filter((row) => !seen.has(row.id) && seen.add(row.id));
  }, [liveRows, stored.data]);
  const liveIds = useMemo(() => new Set(liveRows.map((row) => row.id)), [liveRows]);
  const set = (name: keyof Filters) => (event: { target: { value: string } }) => setDraft({ ...draft, [name]: event.target.value });
  return (
    <section>
      <PageHeader
        title="Logs"
        description="Every request, newest first. New ones arrive live over one server-sent event stream."
        actions={
          <div className="tail-control">
            <span className={`tail-state tail-${tail}`} role="status" aria-live="polite">
              {tail === 'live' ? '● Live' : tail === 'off' ? 'Paused' : tail === 'reconnecting' ? 'Reconnecting…' : 'Connecting…'}
            </span>
            <Button onClick={() => setTailing(!tailing)} disabled={!canTail} aria-pressed={tailing}>
              {tailing ? 'Pause live tail' : 'Resume live tail'}
            </Button>
          </div>
        }
      />
      <form
        className="filters"
        aria-label="Filters"
        onSubmit={(event) => {
          event.preventDefault();
          setLiveRows([]);
          setFilters(draft);
        }}
      >
        <Field label="Status">
          {(id) => (
            <select id={id} value={draft.status} onChange={set('status')}>
              <option value="">Any</option>
              <option value="success">success</option>
              <option value="error">error</option>
              <option value="cancelled">cancelled</option>
              <option value="interrupted">interrupted</option>
            </select>
          )}
        </Field>
        <Field label="Model">{(id) => <input id={id} value={draft.model} onChange={set('model')} placeholder="openai/gpt-4o-mini" />}</Field>
        <Field label="Provider">{(id) => <input id={id} value={draft.provider} onChange={set('provider')} />}</Field>
        <Field label="Key id">{(id) => <input id={id} value={draft.key_id} onChange={set('key_id')} />}</Field>
        <Field label="Cache">
          {(id) => (
            <select id={id} value={draft.cache_hit} onChange={set('cache_hit')}>
              <option value="">Any</option>
              <option value="true">hits</option>
              <option value="false">misses</option>
            </select>
          )}
        </Field>
        <Field label="Tag">{(id) => <input id={id} value={draft.tag} onChange={set('tag')} placeholder="feature:summaries" />}</Field>
        <Field label="End user">{(id) => <input id={id} value={draft.user} onChange={set('user')} />}</Field>
        <Field label="Guardrail rule">{(id) => <input id={id} value={draft.guardrail_rule} onChange={set('guardrail_rule')} placeholder="email" />}</Field>
        <Field label="From">{(id) => <input id={id} type="datetime-local" value={draft.from} onChange={set('from')} />}</Field>
        <Field label="To">{(id) => <input id={id} type="datetime-local" value={draft.to} onChange={set('to')} />}</Field>
        <div className="filter-actions">
          <Button type="submit" variant="primary">
            Apply
          </Button>
          <Button
            onClick={() => {
              setDraft(EMPTY);
              setLiveRows([]);
              setFilters(EMPTY);
            }}
          >
            Clear
          </Button>
        </div>
      </form>
      <ErrorNote error={stored.error} />
      {stored.isPending ? <p className="loading">Loading requests…</p> : rows.length ? <LogTable rows={rows} live={liveIds} keyNames={keyNames} /> : <Empty>No requests match.</Empty>}
      {stored.hasNextPage && (
        <Button onClick={() => void stored.fetchNextPage()} disabled={stored.isFetchingNextPage}>
          {stored.isFetchingNextPage ? 'Loading…' : 'Older requests'}
        </Button>
      )}
    </section>
  );
}
