import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { StreamEvent } from './adapter';
import { parseEventJson } from './upstream-json';

const decoderOptions = { stream: true } as const;

/**
 * The one SSE framer: bytes in, parsed JSON events out. Handles events split across network
 * chunks (including multi-byte UTF-8), comments and keep-alives, and `[DONE]`. Providers never see
 * raw bytes. Returns whether the stream ended with `[DONE]`. Data that is not JSON ends it as an invalid response.
 */
export async function* readSseEvents(body: AsyncIterable<Uint8Array>): AsyncGenerator<StreamEvent, boolean> {
  const decoder = new TextDecoder();
  const queue: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (message) => queue.push(message) });
  for await (const bytes of body) {
    parser.feed(decoder.decode(bytes, decoderOptions));
    while (queue.length) {
      const message = queue.shift()!;
      if (message.data === '[DONE]') return true;
      if (!message.data) continue;
      yield { event: message.event, data: parseEventJson(message.data, 'A stream event') };
    }
  }
  parser.feed(decoder.decode());
  for (const message of queue) {
    if (message.data === '[DONE]') return true;
    if (message.data) yield { event: message.event, data: parseEventJson(message.data, 'A stream event') };
  }
  return false;
}
