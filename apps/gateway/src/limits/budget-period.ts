import { budgetPeriodStart, type BudgetPeriod } from '@alltokens/contracts';

/** Seconds until the period ends, plus an hour (for Redis TTLs); `total` keeps a year. */
export function secondsLeft(period: BudgetPeriod, now = new Date()): number {
  const start = budgetPeriodStart(period, now);
  const end =
    period === 'daily' ? start.getTime() + 86_400_000
    : period === 'weekly' ? start.getTime() + 7 * 86_400_000
    : period === 'monthly' ? Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1)
    : now.getTime() + 365 * 86_400_000;
  return Math.max(60, Math.ceil((end - now.getTime()) / 1000) + 3600);
}
