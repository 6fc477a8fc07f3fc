import type { UsageEventInput } from '@alltokens/contracts';
import type { UsageEmitter, UsageJournal } from '@alltokens/jobs';
import type { Context } from '@alltokens/platform';
import type { Bill } from './job-scope';
import type { RequestOutcome } from './request-outcome';

type Usage = Pick<UsageEmitter, 'emit'>;

/**
 * Bills one job exactly once: its usage event is journaled beside the job just before the reply's last
 * message is published (`bill`, called by the job scope), then sent in a usage batch (`emit`) before the
 * job is acknowledged. A router killed after the client heard the end thus leaves the bill in Redis.
 */
export class JobBilling {
  private event?: UsageEventInput;

  constructor(
    private readonly usage: Usage,
    private readonly journal: UsageJournal | undefined,
    private readonly eventOf: (outcome: RequestOutcome, ctx: Context) => UsageEventInput,
  ) {}

  readonly bill: Bill = (outcome, ctx) => {
    if (!outcome.attempts.length) return;
    this.event = this.eventOf(outcome, ctx);
    this.journal?.record(this.event);
  };

  emit(): Promise<void> {
    return this.event ? this.usage.emit(this.event) : Promise.resolve();
  }

  /** An earlier run of this job answered and journaled its usage before its router died: bill that, serve nothing. */
  static async resumed(journal: UsageJournal | undefined, usage: Usage): Promise<boolean> {
    const event = await journal?.recorded().catch(() => null);
    if (!event) return false;
    await usage.emit(event);
    return true;
  }
}
