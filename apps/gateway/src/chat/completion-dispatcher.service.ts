import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Queue } from 'bullmq';
import {
  apiErrorBody,
  cancelChannel,
  COMPLETION_JOB_VERSION,
  type RouterJob,
  type RoutingPolicy,
} from '@alltokens/contracts';
import { extractTrace, injectTrace, SpanKind, trace, tracer, type Redis } from '@alltokens/platform';
import type { StoredKey } from '../auth/api-key.repository';
import { GATEWAY_ENV, type GatewayEnv } from '../config/gateway-env';
import { COMPLETIONS_QUEUE, REDIS } from '../infra/tokens';
import { CredentialCache } from '../credentials/credential-cache.service';
import { ReplyHub } from './reply-hub.service';
import { ReplyWriter, type ReplyCapture, type ReplyPresenter } from './reply-writer';

const JOB_OPTIONS = {
  attempts: 1,
  removeOnComplete: true,
  removeOnFail: { age: 3600, count: 1000 },
};

/** Hands one request to the routers and relays their reply to the client. */
@Injectable()
export class CompletionDispatcher {
  private readonly cancelChannel: string;

  constructor(
    private readonly hub: ReplyHub,
    private readonly credentials: CredentialCache,
    @Inject(COMPLETIONS_QUEUE) private readonly queue: Queue,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
  ) {
    this.cancelChannel = cancelChannel(env.ALLTOKENS_PREFIX);
  }

  /** Resolves true when the reply completed normally, false on any error, timeout or disconnect. */
  async dispatch(
    req: Request,
    res: Response,
    key: StoredKey,
    work: Pick<RouterJob, 'kind' | 'request'> & { legacyPrompt?: string },
    policies: RoutingPolicy[] = [],
    capture?: ReplyCapture,
    presenter?: ReplyPresenter,
  ): Promise<boolean> {
    const requestId = req.requestId;
    const now = Date.now();
    // A caller's W3C `traceparent` makes the request part of the caller's trace.
    const parent = extractTrace({ traceparent: req.get('traceparent'), tracestate: req.get('tracestate') });
    const span = tracer().startSpan(work.kind === 'chat' ? 'gateway chat.completions' : 'gateway embeddings', {
      kind: SpanKind.SERVER,
      attributes: { 'alltokens.request_id': requestId, 'gen_ai.request.model': work.request.model, 'http.route': req.path },
    }, parent);
    const job = {
      v: COMPLETION_JOB_VERSION,
      requestId,
      replyTo: this.hub.channel,
      trace: injectTrace(trace.setSpan(parent, span)),
      caller: { keyId: key.id, orgId: key.orgId },
      receivedAt: now,
      deadlineAt: now + this.env.GATEWAY_REQUEST_TIMEOUT_MS,
      ...work,
      policies,
      credentials: await this.credentials.forOrg(key.orgId),
    } as RouterJob;
    return new Promise<boolean>((resolve) => {
      const writer = new ReplyWriter(res, capture, presenter);
      let finished = false;
      let succeeded = false;
      const finish = () => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        this.hub.release(requestId);
        span.setAttribute('http.response.status_code', res.statusCode);
        span.end();
        resolve(succeeded);
      };
      const timer = setTimeout(() => {
        writer.fail({ status: 504, body: apiErrorBody(504, 'timeout', 'The request timed out before the provider answered') });
        this.cancel(requestId);
        finish();
      }, this.env.GATEWAY_REQUEST_TIMEOUT_MS);
      res.on('close', () => {
        if (!res.writableFinished) this.cancel(requestId);
        finish();
      });
      this.hub.register(requestId, (raw) => {
        if (!writer.write(raw)) return;
        succeeded = !writer.failed;
        finish();
      });
      this.queue.add(work.kind, job, { ...JOB_OPTIONS, jobId: requestId }).catch(() => {
        writer.fail({ status: 503, body: apiErrorBody(503, 'queue_unavailable', 'The gateway cannot reach its queue; try again') });
        finish();
      });
    });
  }

  private cancel(requestId: string): void {
    this.redis.publish(this.cancelChannel, requestId).catch(() => undefined);
  }
}
