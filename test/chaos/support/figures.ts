import { appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** `npm test` runs the short mode; `npm run test:chaos` sets CHAOS_MODE=full. */
export const FULL = process.env.CHAOS_MODE === 'full';
export const RESULTS_FILE = process.env.CHAOS_RESULTS ?? join(tmpdir(), 'alltokens-chaos-results.jsonl');

/** Prints a case's figures and appends them to the run's results file (tools/chaos.sh writes the summary from it). */
export function report(caseName: string, figures: Record<string, number | string | boolean>): void {
  const line = { case: caseName, mode: FULL ? 'full' : 'short', at: new Date().toISOString(), ...figures };
  process.stdout.write(`[chaos] ${caseName}: ${Object.entries(figures).map(([k, v]) => `${k}=${v}`).join(' ')}\n`);
  appendFileSync(RESULTS_FILE, JSON.stringify(line) + '\n');
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
