import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const ROOT = resolve(__dirname, '../..');

// Only checks that the benchmark still runs end to end; its figures are never asserted.
describe('npm run bench -- --quick', () => {
  it('runs every section against the bare mock, AllTokens and Portkey, with tracing exported, and writes the report', async () => {
    const out = mkdtempSync(join(tmpdir(), 'alltokens-bench-e2e-'));
    await promisify(execFile)(process.execPath, ['tools/bench/run.mjs', '--quick', '--otlp', '--out', out], { cwd: ROOT, timeout: 170_000 });

    const report = readFileSync(join(out, 'results.md'), 'utf8');
    for (const section of ['## Added latency', '## Concurrency sweep', '## Streaming', '## Memory', '## Usage pipeline', '## AllTokens / Portkey']) {
      expect(report).toContain(section);
    }
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    for (const id of ['bare', 'alltokens', 'portkey']) {
      expect(results.streams[id].check.ok).toBe(true);
      expect(results.sweep[0][id].errors).toBe(0);
    }
    // Requests/s per core: the CPU AllTokens' processes and Portkey's process used during each level.
    for (const id of ['alltokens', 'portkey']) expect(results.sweep[1][id].rpsPerCore).toBeGreaterThan(0);
    expect(report).toContain('### Requests/s per CPU core');
    expect(results.usage.written).toBe(results.usage.events);
    for (const service of ['gateway', 'router']) expect(typeof results.memory.alltokens.perStreamKb[service]).toBe('number');
    // Every service's spans reached the OTLP sink.
    for (const service of ['gateway', 'router', 'analytics']) expect(results.otlp.spans[`alltokens-${service}`]).toBeGreaterThan(0);
    expect(report).toContain('RSS grown per open stream');
    expect(readFileSync(join(out, 'sweep.svg'), 'utf8')).toContain('<svg');
  }, 180_000);
});

describe('npm run bench:routing', () => {
  it('plans every labelled prompt for every objective, and runs the fidelity case through the stack', async () => {
    const out = mkdtempSync(join(tmpdir(), 'alltokens-bench-routing-'));
    await promisify(execFile)(process.execPath, ['tools/bench/routing.mjs', '--quick', '--out', out], { cwd: ROOT, timeout: 110_000 });
    const report = readFileSync(join(out, 'routing.md'), 'utf8');
    for (const objective of ['balanced', 'cheapest', 'fastest', 'best']) expect(report).toMatch(new RegExp(`\\| ${objective} \\| 24 \\|`));
    expect(report).toMatch(/\| off \| \d+\.\d % \|/);
    expect(report).toMatch(/\| on \| \d+\.\d % \|/);
  }, 120_000);
});
