import { Controller, Get, Header, HttpException, Inject } from '@nestjs/common';
import type { AnalyticsRuntime } from '../analytics-runtime';

export const RUNTIME = Symbol('RUNTIME');

async function probe(check: () => Promise<unknown>): Promise<'up' | 'down'> {
  try {
    await Promise.race([check(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000))]);
    return 'up';
  } catch {
    return 'down';
  }
}

@Controller()
export class HealthController {
  constructor(@Inject(RUNTIME) private readonly runtime: AnalyticsRuntime) {}

  @Get('health/live')
  live() {
    return { status: 'ok' };
  }

  @Get('health/ready')
  async ready() {
    const [postgres, redis] = await Promise.all([
      probe(() => this.runtime.prisma.$queryRaw`SELECT 1`),
      probe(() => this.runtime.redis.ping()),
    ]);
    const body = { status: postgres === 'up' && redis === 'up' ? 'ok' : 'error', checks: { postgres, redis } };
    if (body.status !== 'ok') throw new HttpException(body, 503);
    return body;
  }

  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4')
  metrics() {
    return this.runtime.metrics.registry.metrics();
  }
}
