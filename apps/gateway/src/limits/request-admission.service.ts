import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import type { RouteQuote } from '@alltokens/routing';
import type { StoredKey } from '../auth/api-key.repository';
import type { Attribution } from '../attribution/tags';
import { RateLimiter } from './rate-limiter.service';
import { SpendLimiter } from './spend-limiter.service';

export interface Admission {
  /** A budget reservation is held for the request (analytics settles it with the actual cost). */
  readonly budgetReserved: boolean;
  /** Call once when the request is over: frees concurrency; a failed request gives its reservation back. */
  finish(succeeded: boolean): Promise<void>;
}

const NOTHING_TO_DO: Admission = { budgetReserved: false, finish: async () => undefined };

/** Rate limits then budgets, before anything is enqueued; both cost nothing for keys without limits. */
@Injectable()
export class RequestAdmission {
  constructor(
    private readonly rates: RateLimiter,
    private readonly spend: SpendLimiter,
  ) {}

  async admit(requestId: string, key: StoredKey, quote: RouteQuote, res: Response, attribution?: Attribution): Promise<Admission> {
    // Counting prompt tokens costs CPU (and loads the tokenizer): only when a token limit or a budget needs it.
    const limited = Boolean(key.rateLimitTpm || key.team?.rateLimitTpm) || (await this.spend.applies(key, attribution));
    const promptTokens = limited ? quote.promptTokens() : 0;
    const rate = await this.rates.admit(key, promptTokens + quote.outputTokens);
    if (rate) res.set(rate.headers);
    let reservation;
    try {
      reservation = await this.spend.reserve(requestId, key, quote, attribution);
    } catch (error) {
      rate?.finish();
      throw error;
    }
    if (!rate && !reservation) return NOTHING_TO_DO;
    return {
      budgetReserved: reservation !== null,
      finish: async (succeeded) => {
        rate?.finish();
        if (reservation && !succeeded) await this.spend.release(requestId).catch(() => undefined);
      },
    };
  }
}
