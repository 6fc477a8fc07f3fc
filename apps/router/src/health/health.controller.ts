import { Controller, Get, Header, HttpException, Inject } from '@nestjs/common';
import type { RouterMetrics } from './router-metrics';
import { isShuttingDown, type Redis } from '@alltokens/platform';

export const HEALTH_REDIS = Symbol('HEALTH_REDIS');
export const ROUTER_METRICS = Symbol('ROUTER_METRICS');

@Controller()
export class HealthController {
  constructor(
    @Inject(HEALTH_REDIS) private readonly redis: Redis,
    @Inject(ROUTER_METRICS) private readonly metrics: RouterMetrics,
  ) {}

  @Get('/metrics')
  @Header('content-type', 'text/plain; version=0.0.4')
  render() {
    return this.metrics.registry.metrics();
  }

  @Get('health/live')
  live() {
    return { status: 'ok' };
  }

  @Get('health/ready')
  async ready() {
    if (isShuttingDown()) throw new HttpException({ status: 'draining' }, 503);
    try {
      await Promise.race([this.redis.ping(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000))]);
      return { status: 'ok', checks: { redis: 'up' } };
    } catch {
      throw new HttpException({ status: 'error', checks: { redis: 'down' } }, 503);
    }
  }
}
