import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useTheme } from '../layout/theme';

export interface ChartSeries {
  label: string;
  values: Array<number | null>;
}

const PALETTE = ['#4f6bed', '#e8590c', '#2b8a3e', '#c2255c', '#7048e8', '#0b7285', '#a07c00', '#5c940d', '#868e96'];
const cssVar = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

/**
 * A time series chart (uPlot: canvas, ~50 KB): one line per series, sized to its container, redrawn
 * in the theme's colours when it changes. The figures it plots come from the server; it only draws them.
 */
export function TimeChart({ title, times, series, format, height = 220 }: { title: string; times: number[]; series: ChartSeries[]; format: (value: number) => string; height?: number }) {
  const holder = useRef<HTMLDivElement>(null);
  const theme = useTheme();
  useEffect(() => {
    const element = holder.current;
    if (!element) return;
    const axis = { stroke: cssVar('--muted'), grid: { stroke: cssVar('--grid'), width: 1 }, ticks: { stroke: cssVar('--grid'), width: 1 } };
    const options: uPlot.Options = {
      width: element.clientWidth || 600,
      height,
      legend: { show: true },
      cursor: { drag: { x: false, y: false } },
      // Every quantity here is non-negative: the y axis starts at zero, with headroom above the largest value.
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
      axes: [axis, { ...axis, size: 70, values: (_u, ticks) => ticks.map(format) }],
      series: [{}, ...series.map((s, i) => ({ label: s.label, stroke: PALETTE[i % PALETTE.length], width: 2, points: { show: times.length < 3 }, value: (_u: uPlot, v: number | null) => (v === null ? '—' : format(v)) }))],
    };
    const plot = new uPlot(options, [times, ...series.map((s) => s.values)] as uPlot.AlignedData, element);
    const resize = new ResizeObserver(() => plot.setSize({ width: element.clientWidth, height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [times, series, format, height, theme]);
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <div ref={holder} role="img" aria-label={`${title} chart`} />
    </figure>
  );
}
