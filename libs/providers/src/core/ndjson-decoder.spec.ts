import { readNdjsonEvents } from './ndjson-decoder';

async function* bytes(text: string, cuts: number[]): AsyncGenerator<Uint8Array> {
  const all = Buffer.from(text, 'utf8');
  let last = 0;
  for (const cut of [...cuts, all.length]) {
    yield all.subarray(last, cut);
    last = cut;
  }
}

async function collect(source: AsyncIterable<Uint8Array>): Promise<unknown[]> {
  const events: unknown[] = [];
  for await (const event of readNdjsonEvents(source)) events.push(event.data);
  return events;
}

const transcript = '{"result":{"text":"Привет"}}\n\n{"result":{"text":"Привет, мир"}}\r\n{"n":3}\n';
const expected = [{ result: { text: 'Привет' } }, { result: { text: 'Привет, мир' } }, { n: 3 }];

describe('readNdjsonEvents', () => {
  it('parses one event per line and skips blank lines', async () => {
    expect(await collect(bytes(transcript, []))).toEqual(expected);
  });

  it('gives the same result at every byte boundary, including inside a multi-byte character', async () => {
    const length = Buffer.byteLength(transcript);
    for (let cut = 1; cut < length; cut += 1) {
      expect(await collect(bytes(transcript, [cut]))).toEqual(expected);
    }
  });

  it('parses a last line that has no newline', async () => {
    expect(await collect(bytes('{"a":1}\n{"b":2}', [3]))).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('carries no SSE event name', async () => {
    const iterator = readNdjsonEvents(bytes('{"a":1}\n', []));
    expect((await iterator.next()).value).toEqual({ data: { a: 1 } });
  });
});
