import { EventStreamCodec, type MessageHeaders } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

const codec = new EventStreamCodec(toUtf8, fromUtf8);

/** One `application/vnd.amazon.eventstream` message: string headers and a JSON payload, CRC-framed. */
export function eventStreamFrame(headers: Record<string, string>, payload: unknown): Uint8Array {
  const typed: MessageHeaders = {};
  for (const [name, value] of Object.entries(headers)) typed[name] = { type: 'string', value };
  return codec.encode({ headers: typed, body: fromUtf8(JSON.stringify(payload)) });
}

/** Bedrock pads every event payload with a `p` field of varying length so sizes don't leak token lengths. */
const PADDING = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A ConverseStream event (`:message-type` `event`). */
export function converseEvent(type: string, payload: Record<string, unknown>): Uint8Array {
  const padding = PADDING.slice(0, 1 + (JSON.stringify(payload).length % PADDING.length));
  return eventStreamFrame({ ':event-type': type, ':content-type': 'application/json', ':message-type': 'event' }, { ...payload, p: padding });
}
