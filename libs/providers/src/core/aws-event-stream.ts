import { EventStreamCodec, type Message } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { z } from 'zod';
import { UpstreamStreamError, type StreamEvent } from './adapter';
import { parseEventJson } from './upstream-json';

const codec = new EventStreamCodec(toUtf8, fromUtf8);

/** Bytes of the prelude's first field: the big-endian total length of the message. */
const LENGTH_BYTES = 4;

/** Joins network chunks and cuts them into whole event-stream messages (the codec decodes one at a time). */
class MessageSplitter {
  private pending: Uint8Array = new Uint8Array(0);

  *push(bytes: Uint8Array): Generator<Uint8Array> {
    this.pending = this.pending.length ? concat(this.pending, bytes) : bytes;
    while (this.pending.length >= LENGTH_BYTES) {
      const length = new DataView(this.pending.buffer, this.pending.byteOffset, LENGTH_BYTES).getUint32(0);
      if (this.pending.length < length) return;
      yield this.pending.subarray(0, length);
      this.pending = this.pending.subarray(length);
    }
  }

  get empty(): boolean {
    return this.pending.length === 0;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function header(message: Message, name: string): string | undefined {
  const value = message.headers[name];
  return value?.type === 'string' ? value.value : undefined;
}

/** An exception message's payload; AWS's edge capitalises `Message`. */
const exceptionSchema = z.object({ message: z.string().optional(), Message: z.string().optional() });

function toEvent(message: Message): StreamEvent {
  const text = toUtf8(message.body);
  const data: unknown = text ? parseEventJson(text, 'An event-stream payload') : {};
  switch (header(message, ':message-type')) {
    case 'exception': {
      const payload = exceptionSchema.safeParse(data);
      const reason = payload.success ? (payload.data.message ?? payload.data.Message) : undefined;
      throw new UpstreamStreamError(header(message, ':exception-type') ?? 'exception', reason ?? text);
    }
    case 'error':
      throw new UpstreamStreamError(header(message, ':error-code') ?? 'error', header(message, ':error-message') ?? 'Upstream stream error');
    default:
      return { event: header(message, ':event-type'), data };
  }
}

/**
 * The one AWS event-stream decoder (`application/vnd.amazon.eventstream`): binary messages, CRC-checked
 * by the codec, split across network chunks at any byte. Yields each event's `:event-type` and JSON
 * payload; an `exception` or `error` message becomes an `UpstreamStreamError`.
 */
export async function* readAwsEventStream(body: AsyncIterable<Uint8Array>): AsyncGenerator<StreamEvent> {
  const splitter = new MessageSplitter();
  for await (const bytes of body) {
    for (const frame of splitter.push(bytes)) yield toEvent(codec.decode(frame));
  }
  if (!splitter.empty) throw new Error('The event stream ended inside a message');
}
