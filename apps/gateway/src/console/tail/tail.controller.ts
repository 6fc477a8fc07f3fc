import { Controller, Get, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Principal } from '../../auth/auth.service';
import { CurrentPrincipal, ManagementKeyGuard } from '../../auth/guards';
import { SessionStore } from '../../sessions/session.store';
import { consoleOrgOf } from '../console-org';
import { tailFilterSchema } from './tail-filter';
import { TailHub } from './tail-hub.service';

/** The request log, live: one SSE stream per console, rows pushed as analytics commits them. */
@ApiTags('console')
@Controller('api/console')
@UseGuards(ManagementKeyGuard)
export class TailController {
  constructor(
    private readonly hub: TailHub,
    private readonly sessions: SessionStore,
  ) {}

  @Get('tail')
  @ApiProduces('text/event-stream')
  @ApiOperation({ summary: 'Live tail of the request log (SSE `requests` events, each an array of log rows); filters as the request log' })
  async tail(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response, @Query() query: Record<string, unknown>) {
    const { org_id, ...filters } = query;
    const filter = tailFilterSchema.parse(filters);
    const sessionId = req.consoleSession?.id;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write('retry: 2000\n\n');
    await this.hub.add({
      orgId: consoleOrgOf(principal, org_id),
      filter,
      res,
      session: sessionId && this.sessions.fingerprint(sessionId),
      stillAllowed: async () => !sessionId || (await this.sessions.get(sessionId)) !== null,
    });
    res.write('event: ready\ndata: {}\n\n');
  }
}
