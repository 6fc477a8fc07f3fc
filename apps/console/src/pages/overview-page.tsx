import { useMemo, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, query } from '../api/client';
import type { Overview } from '../api/types';
import { type ChartSeries, TimeChart } from '../charts/time-chart';
import { ErrorNote, Field, PageHeader, Segmented } from '../ui/controls';
import { formatCount, formatMs, formatPercent, formatUsd } from '../ui/format';

const RANGES = [
  { value: '1h', label: '1 h' },
  { value: '24h', label: '24 h' },
  { value: '7d', label: '7 d' },
  { value: '30d', label: '30 d' },
] as const;
type Range = (typeof RANGES)[number]['value'];
const SPLITS = ['model', 'provider', 'key', 'team', 'none'] as const;
type Split = (typeof SPLITS)[number];
const STEP_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;

/** Every bucket of the range (empty ones included, so lines do not skip gaps), in seconds for uPlot. */
function bucketTimes(overview: Overview): number[] {
  const step = STEP_MS[overview.bucket];
  const first = Math.floor(new Date(overview.from).getTime() / step) * step;
  const times: number[] = [];
  for (let at = first; at <= new Date(overview.to).getTime(); at += step) times.push(at / 1000);
  return times;
}

function bySplit(overview: Overview, times: number[], metric: 'cost' | 'requests' | 'tokens'): ChartSeries[] {
  const index = new Map(times.map((t, i) => [t, i]));
  const groups = overview.groups.length ? overview.groups : ['all'];
  const lines = new Map(groups.map((group) => [group, new Array<number | null>(times.length).fill(0)]));
  for (const point of overview.series) {
    const i = index.get(new Date(point.bucket).getTime() / 1000);
    const line = lines.get(point.group ?? 'all');
    if (i !== undefined && line) line[i] = (line[i] ?? 0) + point[metric];
  }
  return [...lines.entries()].map(([group, values]) => ({ label: overview.labels[group] ?? group, values }));
}

function percentileLines(overview: Overview, times: number[], metric: 'latency_ms' | 'ttft_ms'): ChartSeries[] {
  const index = new Map(times.map((t, i) => [t, i]));
  const lines = { p50: new Array<number | null>(times.length).fill(null), p95: new Array<number | null>(times.length).fill(null), p99: new Array<number | null>(times.length).fill(null) };
  for (const point of overview.buckets) {
    const i = index.get(new Date(point.bucket).getTime() / 1000);
    const value = point[metric];
    if (i === undefined || !value) continue;
    lines.p50[i] = value.p50;
    lines.p95[i] = value.p95;
    lines.p99[i] = value.p99;
  }
  return Object.entries(lines).map(([label, values]) => ({ label, values }));
}

function errorRate(overview: Overview, times: number[]): ChartSeries[] {
  const index = new Map(times.map((t, i) => [t, i]));
  const values = new Array<number | null>(times.length).fill(null);
  for (const point of overview.buckets) {
    const i = index.get(new Date(point.bucket).getTime() / 1000);
    if (i !== undefined && point.requests) values[i] = point.errors / point.requests;
  }
  return [{ label: 'error rate', values }];
}

function Kpi({ label, value, detail }: { label: string; value: string; detail?: string }) {
  return (
    <div className="kpi">
      <dt>{label}</dt>
      <dd>
        <span className="kpi-value">{value}</span>
        {detail && <span className="kpi-detail">{detail}</span>}
      </dd>
    </div>
  );
}

const p = (value: { p50: number; p95: number; p99: number } | null) => (value ? `p95 ${formatMs(value.p95)} · p99 ${formatMs(value.p99)}` : undefined);

export default function OverviewPage() {
  const [range, setRange] = useState<Range>('24h');
  const [split, setSplit] = useState<Split>('model');
  const overview = useQuery({
    queryKey: ['overview', range, split],
    queryFn: () => api<{ data: Overview }>(`/api/console/overview${query({ range, split })}`).then((r) => r.data),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
  const data = overview.data;
  const charts = useMemo(() => {
    if (!data) return null;
    const times = bucketTimes(data);
    return {
      times,
      cost: bySplit(data, times, 'cost'),
      requests: bySplit(data, times, 'requests'),
      tokens: bySplit(data, times, 'tokens'),
      errors: errorRate(data, times),
      latency: percentileLines(data, times, 'latency_ms'),
      ttft: percentileLines(data, times, 'ttft_ms'),
    };
  }, [data]);
  return (
    <section>
      <PageHeader
        title="Overview"
        description="Spend, traffic, errors and latency of the organisation, from the hourly rollups."
        actions={
          <div className="overview-controls">
            <Segmented label="Time range" value={range} options={RANGES} onChange={setRange} />
            <Field label="Split by">
              {(id) => (
                <select id={id} value={split} onChange={(e) => setSplit(e.target.value as Split)}>
                  {SPLITS.map((s) => (
                    <option key={s} value={s}>
                      {s}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
        }
      />
      <ErrorNote error={overview.error} />
      {!data || !charts ? (
        <p className="loading">Loading overview…</p>
      ) : (
        <>
          <dl className="kpis">
            <Kpi label="Spend" value={formatUsd(data.totals.cost)} />
            <Kpi label="Requests" value={formatCount(data.totals.requests)} />
            <Kpi label="Tokens" value={formatCount(data.totals.tokens)} />
            <Kpi label="Error rate" value={formatPercent(data.totals.error_rate)} detail={`${formatCount(data.totals.errors)} errors`} />
            <Kpi label="Latency p50" value={formatMs(data.totals.latency_ms?.p50)} detail={p(data.totals.latency_ms)} />
            <Kpi label="TTFT p50" value={formatMs(data.totals.ttft_ms?.p50)} detail={p(data.totals.ttft_ms)} />
          </dl>
          <div className="charts">
            <TimeChart title={`Spend by ${split}`} times={charts.times} series={charts.cost} format={formatUsd} />
            <TimeChart title={`Requests by ${split}`} times={charts.times} series={charts.requests} format={formatCount} />
            <TimeChart title={`Tokens by ${split}`} times={charts.times} series={charts.tokens} format={formatCount} />
            <TimeChart title="Error rate" times={charts.times} series={charts.errors} format={formatPercent} />
            <TimeChart title="Latency p50 / p95 / p99" times={charts.times} series={charts.latency} format={formatMs} />
            <TimeChart title="Time to first token p50 / p95 / p99" times={charts.times} series={charts.ttft} format={formatMs} />
          </div>
          <p className="muted small">
            Answered in {data.elapsed_ms} ms · {data.bucket} buckets
          </p>
        </>
      )}
    </section>
  );
}
