import { z } from 'zod';
import { UpstreamStreamError } from './adapter';
import { checkUpstream, parseEventJson, parseKind, parseProviderError, parseTagged, parseUpstream, UpstreamInvalidResponse } from './upstream-json';

const caught = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
};

describe('provider JSON at the edge', () => {
  const schema = z.object({ content: z.array(z.object({ type: z.string() })), usage: z.object({ input: z.number() }).optional() });

  it('reads the declared fields and ignores unknown ones', () => {
    expect(parseUpstream(schema, { content: [{ type: 'text', extra: 1 }], added_later: true }, 'Message')).toEqual({ content: [{ type: 'text' }] });
  });

  it('refuses a malformed body with a message naming the field, as an upstream_invalid_response', () => {
    const error = caught(() => parseUpstream(schema, { content: [{ type: 1 }], usage: { input: 'x' } }, 'Message'));
    expect(error).toBeInstanceOf(UpstreamInvalidResponse);
    expect(error).toBeInstanceOf(UpstreamStreamError);
    expect(error).toMatchObject({ code: 'upstream_invalid_response', message: 'Message: content[0].type: expected string, received number (and 1 more)' });
    expect(caught(() => parseUpstream(schema, null, 'Message'))).toMatchObject({ message: 'Message: expected object, received null' });
  });

  it('names what each shape of a union missed', () => {
    const either = z.union([z.object({ embedding: z.array(z.number()) }), z.object({ embeddings: z.array(z.array(z.number())) })]);
    expect(caught(() => parseUpstream(either, {}, 'Embeddings'))).toMatchObject({
      message: 'Embeddings: embedding: expected array, received undefined or embeddings: expected array, received undefined',
    });
  });

  it('checks a relayed body and hands back the very object, unknown fields and all', () => {
    const body = { content: [{ type: 'text', text: 'hi' }], system_fingerprint: 'fp' };
    expect(checkUpstream<typeof body, typeof schema>(schema, body, 'Completion')).toBe(body);
    expect(() => checkUpstream(schema, { content: 'no' }, 'Completion')).toThrow(UpstreamInvalidResponse);
  });

  it('reads each known kind with its schema and skips unknown kinds', () => {
    const kinds = { delta: z.object({ text: z.string() }), stop: z.object({}) };
    expect(parseTagged(kinds, 'type', { type: 'delta', text: 'a' }, 'Event')).toEqual({ kind: 'delta', value: { text: 'a' } });
    expect(parseTagged(kinds, 'type', { type: 'ping' }, 'Event')).toBeUndefined();
    expect(parseKind(kinds, undefined, {}, 'Event')).toBeUndefined();
    expect(caught(() => parseTagged(kinds, 'type', { type: 'delta', text: 5 }, 'Event'))).toMatchObject({ message: 'Event delta: text: expected string, received number' });
    expect(caught(() => parseTagged(kinds, 'type', { kind: 'delta' }, 'Event'))).toMatchObject({ message: 'Event: type: expected string, received undefined' });
    expect(caught(() => parseTagged(kinds, 'type', 'text', 'Event'))).toBeInstanceOf(UpstreamInvalidResponse);
  });

  it('refuses stream data that is not JSON', () => {
    expect(parseEventJson('{"a":1}', 'A stream event')).toEqual({ a: 1 });
    expect(caught(() => parseEventJson('{"a":', 'A stream event'))).toMatchObject({ code: 'upstream_invalid_response', message: 'A stream event is not JSON: {"a":' });
  });

  it('reads an error body of the provider’s shape, and falls back to its text for anything else', () => {
    const format = { schema: z.object({ error: z.object({ message: z.string() }) }), read: ({ error }: { error: { message: string } }, status: number) => (error.message ? { code: `e${status}`, message: error.message } : undefined) };
    expect(parseProviderError(format, 400, '{"error":{"message":"bad"}}')).toEqual({ code: 'e400', message: 'bad' });
    for (const body of ['<html>proxy</html>', 'null', '[]', '{"error":"x"}', '{"error":{"message":""}}']) {
      expect(parseProviderError(format, 502, body)).toEqual({ code: 'upstream_502', message: body });
    }
    expect(parseProviderError(format, 503, '')).toEqual({ code: 'upstream_503', message: 'Upstream answered HTTP 503' });
  });
});
