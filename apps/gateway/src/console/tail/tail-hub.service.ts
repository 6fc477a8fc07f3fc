import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Response } from 'express';
import type { Logger } from 'pino';
import { requestLogBatchSchema, requestLogChannel, type RequestLogRow } from '@alltokens/contracts';
import { GATEWAY_ENV, type GatewayEnv } from '../../config/gateway-env';
import { ChannelSubscriber } from '../../infra/channel-subscriber.service';
import { LOGGER } from '../../infra/tokens';
import { sessionChangedChannel } from '../../sessions/session.store';
import { matchesTail, type TailFilter } from './tail-filter';

const HEARTBEAT_MS = 15_000;

export interface TailClient {
  orgId: string;
  filter: TailFilter;
  res: Response;
  /** The console session that opened the tail (its fingerprint): it ends when the session ends or switches organisation. */
  session?: string;
  /** Checked at every heartbeat: a tail whose key was revoked or disabled is closed. */
  stillAllowed(): Promise<boolean>;
}

/**
 * Fans the request-log rows analytics publishes after each ledger commit out to the consoles tailing
 * the log on this replica: one Redis subscription per replica (taken when the first console connects),
 * one SSE stream per console, rows filtered by the console's organisation and filters. A session that
 * signs out or switches organisation is announced on a second channel, and its tails end at once.
 */
@Injectable()
export class TailHub implements OnApplicationShutdown {
  private readonly clients = new Set<TailClient>();
  private subscribed?: Promise<void>;
  private heartbeat?: NodeJS.Timeout;

  constructor(
    private readonly subscriber: ChannelSubscriber,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async add(client: TailClient): Promise<void> {
    this.subscribed ??= Promise.all([
      this.subscriber.subscribe(requestLogChannel(this.env.ALLTOKENS_PREFIX), (message) => this.broadcast(message)),
      this.subscriber.subscribe(sessionChangedChannel(this.env.ALLTOKENS_PREFIX), (session) => this.endSession(session)),
    ]).then(() => undefined);
    await this.subscribed;
    this.clients.add(client);
    client.res.on('close', () => this.clients.delete(client));
    this.heartbeat ??= setInterval(() => void this.beat(), HEARTBEAT_MS).unref();
  }

  get size(): number {
    return this.clients.size;
  }

  private broadcast(message: string): void {
    if (!this.clients.size) return;
    const parsed = requestLogBatchSchema.safeParse(JSON.parse(message));
    if (!parsed.success) return this.logger.warn('request log message of an unknown shape ignored');
    for (const client of this.clients) {
      const rows = parsed.data.rows.filter((row) => matchesTail(row, client.orgId, client.filter)).map(({ org_id: _org, ...row }) => row);
      if (rows.length) client.res.write(`event: requests\ndata: ${JSON.stringify(rows satisfies Array<Omit<RequestLogRow, 'org_id'>>)}\n\n`);
    }
  }

  private endSession(session: string): void {
    for (const client of this.clients) if (client.session === session) client.res.end();
  }

  private async beat(): Promise<void> {
    for (const client of this.clients) {
      if (await client.stillAllowed().catch(() => true)) client.res.write(': ping\n\n');
      else client.res.end();
    }
  }

  onApplicationShutdown(): void {
    clearInterval(this.heartbeat);
    for (const client of this.clients) client.res.end();
  }
}
