import { z } from 'zod';
import { apiErrorBodySchema } from './errors';
import { RedisKeys } from './redis-keys';

/**
 * Per-request reply path, router → gateway. The router PUBLISHes to the gateway instance's own
 * channel (`replyTo` in the job); each message names its request, so one subscription per gateway
 * instance serves all its requests and no instance reads another's traffic.
 *
 * Wire format: `<kind>|<requestId>|<payload>`. Chunk payloads are the exact JSON text the client
 * receives after `data: `, so the gateway never re-serialises them.
 */
export const ReplyKind = Object.freeze({
  Start: 's',
  Chunk: 'c',
  End: 'e',
  Response: 'r',
  Error: 'x',
} as const);
export type ReplyKind = (typeof ReplyKind)[keyof typeof ReplyKind];

export const routeModeSchema = z.enum(['model', 'provider', 'fixed']);

export const routeMetaSchema = z.object({
  provider: z.string(),
  model: z.string(),
  routeMode: routeModeSchema,
  decisionReason: z.string(),
  candidates: z.number().int().nonnegative(),
  failoverCount: z.number().int().nonnegative(),
  traceId: z.string(),
  ttftMs: z.number().nonnegative().nullable(),
  totalLatencyMs: z.number().nonnegative().nullable(),
  /** The stream broke and was continued on another endpoint (on the final message; `failoverCount` counts every failover). */
  continued: z.boolean().optional(),
});
export type RouteMeta = z.infer<typeof routeMetaSchema>;

export const replyErrorSchema = z.object({
  status: z.number().int(),
  body: apiErrorBodySchema,
  meta: routeMetaSchema.partial().optional(),
});
export type ReplyError = z.infer<typeof replyErrorSchema>;

export type ReplyMessage =
  | { kind: typeof ReplyKind.Start; requestId: string; meta: RouteMeta }
  | { kind: typeof ReplyKind.Chunk; requestId: string; data: string }
  | { kind: typeof ReplyKind.End; requestId: string; meta: RouteMeta }
  | { kind: typeof ReplyKind.Response; requestId: string; meta: RouteMeta; body: string }
  | { kind: typeof ReplyKind.Error; requestId: string; error: ReplyError };

export function replyChannel(prefix: string, instanceId: string): string {
  return new RedisKeys(prefix).key('reply', instanceId);
}

const CHUNK = ReplyKind.Chunk.charCodeAt(0);
const SEPARATOR = '|'.charCodeAt(0);

/**
 * The chunk encoder of one request: its prefix is built once per stream, so each chunk on the hot
 * path costs one concatenation and no JSON.
 */
export function chunkEncoder(requestId: string): (data: string) => string {
  const head = `${ReplyKind.Chunk}|${requestId}|`;
  return (data) => head + data;
}

/** A chunk message's payload, sliced out without decoding anything; null when the message is another kind. */
export function chunkPayload(raw: string): string | null {
  return raw.charCodeAt(0) === CHUNK && raw.charCodeAt(1) === SEPARATOR ? raw.slice(raw.indexOf('|', 2) + 1) : null;
}

export function encodeReply(message: ReplyMessage): string {
  const head = `${message.kind}|${message.requestId}|`;
  switch (message.kind) {
    case ReplyKind.Chunk:
      return head + message.data;
    case ReplyKind.Response:
      return `${head}${JSON.stringify(message.meta)}\n${message.body}`;
    case ReplyKind.Error:
      return head + JSON.stringify(message.error);
    default:
      return head + JSON.stringify(message.meta);
  }
}

/** Splits a message into its request id and a lazy decoder, so messages for unknown requests cost nothing. */
export function peekReplyRequestId(raw: string): string | null {
  const end = raw.indexOf('|', 2);
  return raw[1] === '|' && end > 2 ? raw.slice(2, end) : null;
}

export function decodeReply(raw: string): ReplyMessage {
  const requestId = peekReplyRequestId(raw);
  if (requestId === null) throw new Error('malformed reply message');
  const kind = raw[0];
  const payload = raw.slice(requestId.length + 3);
  switch (kind) {
    case ReplyKind.Chunk:
      return { kind, requestId, data: payload };
    case ReplyKind.Response: {
      const split = payload.indexOf('\n');
      return { kind, requestId, meta: routeMetaSchema.parse(JSON.parse(payload.slice(0, split))), body: payload.slice(split + 1) };
    }
    case ReplyKind.Error:
      return { kind, requestId, error: replyErrorSchema.parse(JSON.parse(payload)) };
    case ReplyKind.Start:
    case ReplyKind.End:
      return { kind, requestId, meta: routeMetaSchema.parse(JSON.parse(payload)) };
    default:
      throw new Error(`unknown reply kind ${kind}`);
  }
}

/** Broadcast channel on which gateways ask routers to abort a request whose client went away. */
export function cancelChannel(prefix: string): string {
  return new RedisKeys(prefix).key('cancel');
}

/** Broadcast channel on which key revocations reach every gateway replica's key cache. */
export function keyInvalidationChannel(prefix: string): string {
  return new RedisKeys(prefix).key('keys', 'invalidate');
}
