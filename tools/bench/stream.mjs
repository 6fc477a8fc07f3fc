// Streaming: time to first frame and the gaps between frames, timestamped as bytes arrive.
import { Agent, request } from 'undici';
import { mapLimit, nowMs, percentile } from './stats.mjs';

/** One SSE stream: arrival time of each `data:` frame relative to the request's start. */
export async function timeStream(target, body, dispatcher) {
  const start = nowMs();
  const res = await request(`${target.origin}${target.path}`, {
    method: 'POST',
    headers: { ...target.headers, 'content-type': 'application/json', accept: 'text/event-stream' },
    body,
    dispatcher,
  });
  if (res.statusCode !== 200) throw new Error(`${target.name}: HTTP ${res.statusCode} ${await res.body.text()}`);
  const frames = [];
  let buffer = '';
  for await (const chunk of res.body) {
    const at = nowMs() - start;
    buffer += chunk.toString('utf8');
    let end;
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (frame.startsWith('data:')) frames.push({ at, data: frame.slice(5).trim() });
    }
  }
  return frames;
}

function shape(frames) {
  let deltas = 0;
  let usage = false;
  for (const { data } of frames) {
    if (data === '[DONE]') continue;
    const json = JSON.parse(data);
    if (json.choices?.[0]?.delta?.content) deltas += 1;
    if (json.usage && json.choices?.length === 0) usage = true;
  }
  return { deltas, usage, done: frames.at(-1)?.data === '[DONE]' };
}

export async function measureStreams(paths, body, { rounds, concurrent, expectedDeltas, warmup = 1 }) {
  const dispatcher = new Agent({ keepAliveTimeout: 60_000 });
  // Untimed rounds first, as for latency: the first streams pay for connections and cold code paths.
  for (let round = 0; round < warmup; round += 1) {
    for (const target of Object.values(paths)) await mapLimit(concurrent, concurrent, () => timeStream(target, body, dispatcher));
  }
  const ttft = {};
  const gaps = {};
  const checks = {};
  for (const id of Object.keys(paths)) {
    ttft[id] = [];
    gaps[id] = [];
  }
  for (let round = 0; round < rounds; round += 1) {
    for (const [id, target] of Object.entries(paths)) {
      const streams = await mapLimit(concurrent, concurrent, () => timeStream(target, body, dispatcher));
      for (const frames of streams) {
        ttft[id].push(frames[0].at);
        for (let i = 1; i < frames.length; i += 1) gaps[id].push(frames[i].at - frames[i - 1].at);
        const s = shape(frames);
        const ok = s.deltas === expectedDeltas && s.usage && s.done;
        checks[id] = { frames: frames.length, deltas: s.deltas, usage: s.usage, done: s.done, ok: (checks[id]?.ok ?? true) && ok };
      }
    }
  }
  await dispatcher.close();
  const out = { streams: rounds * concurrent, expectedDeltas };
  for (const id of Object.keys(paths)) {
    const t50 = percentile(ttft[id], 50);
    const g50 = percentile(gaps[id], 50);
    const g99 = percentile(gaps[id], 99);
    out[id] = { ttftP50: t50, ttftP99: percentile(ttft[id], 99), gapP50: g50, gapP99: g99, check: checks[id] };
  }
  for (const id of Object.keys(paths)) {
    out[id].addedTtftP50 = out[id].ttftP50 - out.bare.ttftP50;
    out[id].addedTtftP99 = out[id].ttftP99 - out.bare.ttftP99;
    out[id].addedGapP50 = out[id].gapP50 - out.bare.gapP50;
    out[id].addedGapP99 = out[id].gapP99 - out.bare.gapP99;
  }
  console.log('streams:', JSON.stringify(out));
  return out;
}
