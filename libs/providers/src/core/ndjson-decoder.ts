import type { StreamEvent } from './adapter';
import { parseEventJson } from './upstream-json';

const decoderOptions = { stream: true } as const;

/**
 * Newline-delimited JSON: bytes in, one parsed event per non-blank line out. Handles lines split
 * across network chunks (including multi-byte UTF-8) and a last line without its newline.
 */
export async function* readNdjsonEvents(body: AsyncIterable<Uint8Array>): AsyncGenerator<StreamEvent> {
  const decoder = new TextDecoder();
  let pending = '';
  for await (const bytes of body) {
    pending += decoder.decode(bytes, decoderOptions);
    let newline = pending.indexOf('\n');
    while (newline !== -1) {
      const line = pending.slice(0, newline).trim();
      pending = pending.slice(newline + 1);
      if (line) yield { data: parseEventJson(line, 'A stream line') };
      newline = pending.indexOf('\n');
    }
  }
  const last = (pending + decoder.decode()).trim();
  if (last) yield { data: parseEventJson(last, 'A stream line') };
}
