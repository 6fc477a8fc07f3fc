import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { apiErrorBody, cancelChannel, COMPLETION_JOB_VERSION, JobName, type JobInput, type QueueName, type RoutingPolicy } from '@alltokens/contracts';
import type { JobProducer } from '@alltokens/jobs';
import { extractTrace, injectTrace, SpanKind, trace, tracer, type Redis } from '@alltokens/platform';
import type { StoredKey } from '../auth/api-key.repository';
import { GATEWAY_ENV, type GatewayEnv } from '../config/gateway-env';
import { COMPLETION_JOBS, REDIS } from '../infra/tokens';
import { CredentialCache } from '../credentials/credential-cache.service';
import { ReplyHub } from './reply-hub.service';
import { ReplyWriter, type ReplyCapture, type ReplyPresenter } from './reply-writer';

/** What the request asks the routers to do; the dispatcher adds the envelope (ids, reply channel, trace, caller). */
export type CompletionWork =
  | Pick<JobInput<typeof JobName.Chat>, 'kind' | 'request' | 'legacyPrompt'>
  | Pick<JobInput<typeof JobName.Embeddings>, 'kind' | 'request'>;

export interface DispatchOptions {
  policies?: RoutingPolicy[];
  capture?: ReplyCapture;
  presenter?: ReplyPresenter;
  /** Admission reserved budget for the request (`Admission.budgetReserved`); unsaid, analytics settles (never skips) it. */
  budgetReserved?: boolean;
}

/** Hands one request to the routers and relays their reply to the client. */
@Injectable()
export class CompletionDispatcher {
  private readonly cancelChannel: string;

  constructor(
    private readonly hub: ReplyHub,
    private readonly credentials: CredentialCache,
    @Inject(COMPLETION_JOBS) private readonly jobs: JobProducer<typeof QueueName.Completions>,
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
    work: CompletionWork,
    { policies = [], capture, presenter, budgetReserved = true }: DispatchOptions = {},
  ): Promise<boolean> {
    const requestId = req.requestId;
    const now = Date.now();
    // A caller's W3C `traceparent` makes the request part of the caller's trace.
    const parent = extractTrace({ traceparent: req.get('traceparent'), tracestate: req.get('tracestate') });
    const span = tracer().startSpan(work.kind === JobName.Chat ? 'gateway chat.completions' : 'gateway embeddings', {
      kind: SpanKind.SERVER,
      attributes: { 'alltokens.request_id': requestId, 'gen_ai.request.model': work.request.model, 'http.route': req.path },
    }, parent);
    const job = {
      v: COMPLETION_JOB_VERSION,
      requestId,
      replyTo: this.hub.channel,
      trace: injectTrace(trace.setSpan(parent, span)),
      caller: { keyId: key.id, orgId: key.orgId, ...req.governance?.attribution, budgetReserved },
      guardrails: { findings: req.governance?.findings ?? [], response: req.governance?.response ?? [] },
      receivedAt: now,
      deadlineAt: now + this.env.GATEWAY_REQUEST_TIMEOUT_MS,
      ...work,
      policies,
      streamContinuation: key.streamContinuation,
      credentials: await this.credentials.forOrg(key.orgId),
    };
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
      this.jobs.enqueue(job.kind, job, { jobId: requestId }).catch(() => {
        writer.fail({ status: 503, body: apiErrorBody(503, 'queue_unavailable', 'The gateway cannot reach its queue; try again') });
        finish();
      });
    });
  }

  private cancel(requestId: string): void {
    this.redis.publish(this.cancelChannel, requestId).catch(() => undefined);
  }
}
