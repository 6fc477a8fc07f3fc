import { EventStreamCodec, type MessageHeaders } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { UpstreamStreamError, type StreamEvent } from './adapter';
import { readAwsEventStream } from './aws-event-stream';

const codec = new EventStreamCodec(toUtf8, fromUtf8);
const text = (value: string) => ({ type: 'string' as const, value });

function frame(headers: MessageHeaders, payload: unknown): Uint8Array {
  return codec.encode({ headers, body: fromUtf8(JSON.stringify(payload)) });
}

const event = (type: string, payload: unknown) =>
  frame({ ':event-type': text(type), ':content-type': text('application/json'), ':message-type': text('event') }, payload);

const concat = (parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((part) => [...part]));

async function* chunks(...parts: Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield part;
}

async function collect(body: AsyncIterable<Uint8Array>): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const item of readAwsEventStream(body)) events.push(item);
  return events;
}

describe('readAwsEventStream', () => {
  const stream = concat([
    event('messageStart', { role: 'assistant', p: 'abcdefgh' }),
    event('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Grüße 👋' }, p: 'abc' }),
    event('messageStop', { stopReason: 'end_turn' }),
  ]);
  const expected: StreamEvent[] = [
    { event: 'messageStart', data: { role: 'assistant', p: 'abcdefgh' } },
    { event: 'contentBlockDelta', data: { contentBlockIndex: 0, delta: { text: 'Grüße 👋' }, p: 'abc' } },
    { event: 'messageStop', data: { stopReason: 'end_turn' } },
  ];

  it('decodes whole messages from one chunk', async () => {
    expect(await collect(chunks(stream))).toEqual(expected);
  });

  it('decodes the same events when the bytes are split at every boundary', async () => {
    for (let cut = 1; cut < stream.length; cut++) {
      expect(await collect(chunks(stream.subarray(0, cut), stream.subarray(cut)))).toEqual(expected);
    }
  });

  it('decodes a stream delivered one byte at a time', async () => {
    expect(await collect(chunks(...Array.from(stream, (byte) => Uint8Array.of(byte))))).toEqual(expected);
  });

  it('turns an exception message into an UpstreamStreamError with its type and message', async () => {
    const exception = frame(
      { ':exception-type': text('modelStreamErrorException'), ':content-type': text('application/json'), ':message-type': text('exception') },
      { message: 'The model stream failed', originalStatusCode: 500 },
    );
    const events: StreamEvent[] = [];
    const reading = (async () => {
      for await (const item of readAwsEventStream(chunks(event('messageStart', { role: 'assistant' }), exception))) events.push(item);
    })();
    await expect(reading).rejects.toEqual(new UpstreamStreamError('modelStreamErrorException', 'The model stream failed'));
    await expect(reading).rejects.toBeInstanceOf(UpstreamStreamError);
    expect(events).toHaveLength(1);
  });

  it('turns a protocol error message into an UpstreamStreamError', async () => {
    const error = codec.encode({
      headers: { ':message-type': text('error'), ':error-code': text('InternalFailure'), ':error-message': text('Something broke') },
      body: new Uint8Array(0),
    });
    await expect(collect(chunks(error))).rejects.toMatchObject({ name: 'UpstreamStreamError', code: 'InternalFailure', message: 'Something broke' });
  });

  it('fails on a stream that ends inside a message', async () => {
    await expect(collect(chunks(stream.subarray(0, stream.length - 3)))).rejects.toThrow('ended inside a message');
  });

  it('fails on a corrupted message (CRC mismatch)', async () => {
    const corrupted = Uint8Array.from(stream);
    corrupted[20] = corrupted[20]! ^ 0xff;
    await expect(collect(chunks(corrupted))).rejects.toThrow(/checksum/);
  });
});
