import { Controller, Get, HttpException, Inject } from '@nestjs/common';
import type { Redis } from '@alltokens/platform';

export const HEALTH_REDIS = Symbol('HEALTH_REDIS');

@Controller('health')
export class HealthController {
  constructor(@Inject(HEALTH_REDIS) private readonly redis: Redis) {}

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready() {
    try {
      await Promise.race([this.redis.ping(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000))]);
      return { status: 'ok', checks: { redis: 'up' } };
    } catch {
      throw new HttpException({ status: 'error', checks: { redis: 'down' } }, 503);
    }
  }
}
