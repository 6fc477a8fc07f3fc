import { ApiError, ReplyKind } from '@alltokens/contracts';
import type { ReplySink } from '../reply/reply-publisher';

const MESSAGES = {
  stream: 'The router serving this stream stopped before the stream ended; retry the request',
  reply: 'The router serving this request stopped before its reply was delivered; retry the request',
};

/**
 * Ends a job whose router stopped (killed) and whose job came back, with a 502 `router_interrupted`: a
 * stream may have reached the client in part, so it is not served again; a job that had answered may have
 * lost its reply's last message with the router (the usage journal is written just before it). A gateway
 * ignores a reply to a request it no longer waits for, so a client that heard the whole answer sees nothing.
 */
export function publishInterrupted(publisher: ReplySink, job: { replyTo: string; requestId: string }, what: keyof typeof MESSAGES): void {
  const error = new ApiError(502, 'router_interrupted', MESSAGES[what]);
  publisher.publish(job.replyTo, { kind: ReplyKind.Error, requestId: job.requestId, error: { status: 502, body: error.toBody() } });
}
