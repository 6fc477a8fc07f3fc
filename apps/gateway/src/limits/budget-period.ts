export type Period = 'daily' | 'weekly' | 'monthly' | 'total';

/** Start of the period containing `now`, in UTC (weeks start on Monday). `total` never resets. */
export function periodStart(period: Period, now = new Date()): Date {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const d = now.getUTCDate();
  switch (period) {
    case 'daily':
      return new Date(Date.UTC(y, m, d));
    case 'weekly':
      return new Date(Date.UTC(y, m, d - ((now.getUTCDay() + 6) % 7)));
    case 'monthly':
      return new Date(Date.UTC(y, m, 1));
    case 'total':
      return new Date(0);
  }
}

/** Seconds until the period ends (for Redis TTLs); `total` keeps a year. */
export function secondsLeft(period: Period, now = new Date()): number {
  const start = periodStart(period, now);
  const end =
    period === 'daily' ? start.getTime() + 86_400_000
    : period === 'weekly' ? start.getTime() + 7 * 86_400_000
    : period === 'monthly' ? Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1)
    : now.getTime() + 365 * 86_400_000;
  return Math.max(60, Math.ceil((end - now.getTime()) / 1000) + 3600);
}
