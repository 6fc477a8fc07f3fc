import { Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import type { Queue } from 'bullmq';

export const USAGE_QUEUE = Symbol('USAGE_QUEUE');

/**
 * Usage events that exhausted their retries stay in BullMQ's failed set: visible here and replayable
 * (replay is idempotent: the request id is the ledger's key). An operator endpoint on the analytics
 * port, not exposed through the gateway.
 */
@Controller('dead-letters')
export class DeadLettersController {
  constructor(@Inject(USAGE_QUEUE) private readonly queue: Queue) {}

  @Get()
  async list(@Query('limit') limit = '100') {
    const jobs = await this.queue.getFailed(0, Math.min(Number(limit) || 100, 1000) - 1);
    return {
      count: await this.queue.getFailedCount(),
      data: jobs.map((job) => ({ id: job.id, failed_reason: job.failedReason, attempts: job.attemptsMade, finished_at: job.finishedOn })),
    };
  }

  @Post('replay')
  @HttpCode(200)
  async replay() {
    const jobs = await this.queue.getFailed(0, 9_999);
    await Promise.all(jobs.map((job) => job.retry('failed')));
    return { replayed: jobs.length };
  }
}
