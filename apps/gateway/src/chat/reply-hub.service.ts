import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { apiErrorBody, encodeReply, peekReplyRequestId, ReplyKind, replyChannel } from '@alltokens/contracts';
import { GATEWAY_ENV, type GatewayEnv } from '../config/gateway-env';
import { ChannelSubscriber } from '../infra/channel-subscriber.service';
import { INSTANCE_ID } from '../infra/tokens';

type ReplyHandler = (raw: string) => void;

/**
 * This instance's reply channel: routers PUBLISH every reply message for requests this instance
 * enqueued to it, and the hub hands each message to the request waiting for it.
 */
@Injectable()
export class ReplyHub implements OnModuleInit {
  readonly channel: string;
  private readonly waiting = new Map<string, ReplyHandler>();

  constructor(
    private readonly subscriber: ChannelSubscriber,
    @Inject(INSTANCE_ID) instanceId: string,
    @Inject(GATEWAY_ENV) env: GatewayEnv,
  ) {
    this.channel = replyChannel(env.ALLTOKENS_PREFIX, instanceId);
  }

  async onModuleInit(): Promise<void> {
    this.subscriber.onConnectionLost(() => this.failWaiting());
    await this.subscriber.subscribe(this.channel, (raw) => {
      const requestId = peekReplyRequestId(raw);
      if (requestId) this.waiting.get(requestId)?.(raw);
    });
  }

  /** Must be called before the job is enqueued: a reply can arrive before `add` returns. */
  register(requestId: string, handler: ReplyHandler): void {
    this.waiting.set(requestId, handler);
  }

  release(requestId: string): void {
    this.waiting.delete(requestId);
  }

  /**
   * The reply channel lost messages (its connection dropped): a request still waiting would wait for the
   * rest of its reply until its timeout. Each one ends now, with a 503 or, mid-stream, a final error event.
   */
  private failWaiting(): void {
    const body = apiErrorBody(503, 'reply_channel_lost', 'The connection to the reply channel was lost while this request was in flight, so its reply cannot be delivered; try again');
    for (const [requestId, handler] of [...this.waiting]) {
      this.waiting.delete(requestId);
      handler(encodeReply({ kind: ReplyKind.Error, requestId, error: { status: 503, body } }));
    }
  }

  get pending(): number {
    return this.waiting.size;
  }
}
