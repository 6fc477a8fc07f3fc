import { Controller, Get, HttpException } from '@nestjs/common';
import { isShuttingDown } from '@alltokens/platform';
import { HealthService } from './health.service';

@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  /** Ready when both Redis and Postgres answer and no SIGTERM came; a 503 takes the pod out of the load balancer. */
  @Get('ready')
  async ready() {
    if (isShuttingDown()) throw new HttpException({ status: 'draining' }, 503);
    const body = await this.health.readiness();
    if (body.status !== 'ok') throw new HttpException(body, 503);
    return body;
  }
}
