import { Global, Inject, Injectable, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { SpendRulesRepository } from './spend-rules.repository';
import { RateLimiter } from './rate-limiter.service';
import { RequestAdmission } from './request-admission.service';
import { SpendLimiter } from './spend-limiter.service';

const RECONCILE_MS = 15_000;

/** Releases reservations left behind by a gateway that died mid-request; every replica may run it (idempotent). */
@Injectable()
class ReservationReconciler implements OnModuleInit, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;

  constructor(@Inject(SpendLimiter) private readonly spend: SpendLimiter) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.spend.releaseExpired().catch(() => undefined), RECONCILE_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }
}

@Global()
@Module({
  providers: [SpendRulesRepository, SpendLimiter, RateLimiter, RequestAdmission, ReservationReconciler],
  exports: [RequestAdmission, SpendLimiter, SpendRulesRepository],
})
export class LimitsModule {}
