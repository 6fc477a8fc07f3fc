// RSS per service while many streams are open at once (sampled from /proc every 100 ms).
import { readFileSync } from 'node:fs';
import { Agent } from 'undici';
import { timeStream } from './stream.mjs';

function rssMb(pid) {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
    return Number(line.split(/\s+/)[1]) / 1024;
  } catch {
    return NaN; // the process is gone
  }
}

/** Opens `count` streams against one path and records each process's peak RSS and the peak of open streams. */
export async function measureMemory(target, pids, body, { count }) {
  const dispatcher = new Agent({ keepAliveTimeout: 10_000, connections: null });
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, rssMb(pid)]));
  const peak = { ...before };
  let open = 0;
  let maxOpen = 0;
  let failed = 0;
  const timer = setInterval(() => {
    maxOpen = Math.max(maxOpen, open);
    for (const [name, pid] of Object.entries(pids)) {
      const rss = rssMb(pid);
      if (Number.isFinite(rss)) peak[name] = Math.max(peak[name], rss);
    }
  }, 100);
  await Promise.all(
    Array.from({ length: count }, async () => {
      open += 1;
      try {
        await timeStream(target, body, dispatcher);
      } catch {
        failed += 1;
      } finally {
        open -= 1;
      }
    }),
  );
  clearInterval(timer);
  await dispatcher.close();
  // What each open stream cost each process, from the RSS it grew by.
  const perStreamKb = Object.fromEntries(Object.keys(peak).map((name) => [name, +(((peak[name] - before[name]) * 1024) / count).toFixed(1)]));
  const out = { target: target.name, streams: count, maxOpen, failed, before, peak, perStreamKb };
  console.log('memory:', JSON.stringify(out));
  return out;
}
