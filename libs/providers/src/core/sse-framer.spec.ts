import { readSseEvents } from './sse-framer';

async function* bytes(text: string, cuts: number[]): AsyncGenerator<Uint8Array> {
  const all = Buffer.from(text, 'utf8');
  let last = 0;
  for (const cut of [...cuts, all.length]) {
    yield all.subarray(last, cut);
    last = cut;
  }
}

async function collect(source: AsyncIterable<Uint8Array>) {
  const events: unknown[] = [];
  const iterator = readSseEvents(source);
  for (;;) {
    const next = await iterator.next();
    if (next.done) return { events, sawDone: next.value };
    events.push(next.value.data);
  }
}

const transcript = ': keep-alive\n\ndata: {"n":1,"t":"héllo"}\n\nevent: delta\ndata: {"n":2}\n\ndata: [DONE]\n\n';

describe('readSseEvents', () => {
  it('parses events, skips comments and stops at [DONE]', async () => {
    const { events, sawDone } = await collect(bytes(transcript, []));
    expect(events).toEqual([{ n: 1, t: 'héllo' }, { n: 2 }]);
    expect(sawDone).toBe(true);
  });

  it('gives the same result at every byte boundary, including inside a multi-byte character', async () => {
    const length = Buffer.byteLength(transcript);
    for (let cut = 1; cut < length; cut += 1) {
      const { events } = await collect(bytes(transcript, [cut]));
      expect(events).toEqual([{ n: 1, t: 'héllo' }, { n: 2 }]);
    }
  });

  it('keeps the event name and reports a stream that ended without [DONE]', async () => {
    const iterator = readSseEvents(bytes('event: message_start\ndata: {"a":1}\n\n', [5]));
    const first = await iterator.next();
    expect(first.value).toEqual({ event: 'message_start', data: { a: 1 } });
    expect(await iterator.next()).toEqual({ done: true, value: false });
  });

  it('joins multi-line data fields', async () => {
    const { events } = await collect(bytes('data: {"a":\ndata: 1}\n\n', []));
    expect(events).toEqual([{ a: 1 }]);
  });
});
