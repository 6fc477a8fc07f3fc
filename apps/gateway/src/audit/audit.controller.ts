import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import type { Principal } from '../auth/auth.service';
import { CurrentPrincipal, ManagementKeyGuard } from '../auth/guards';
import { AuditService } from './audit.service';

const querySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.coerce.bigint().optional(),
  org_id: z.string().optional(),
});

/** The audit log, newest first; management keys see their organisation's, the admin key everything. */
@Controller(['api/v1', 'v1'])
@UseGuards(ManagementKeyGuard)
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('audit-logs')
  async list(@CurrentPrincipal() principal: Principal, @Query() query: unknown) {
    const { limit, before, org_id } = querySchema.parse(query);
    const rows = await this.audit.list(principal, org_id, limit, before);
    return {
      data: rows.map((row) => ({ ...row, id: row.id.toString(), created_at: row.createdAt.toISOString() })),
      next_before: rows.length === limit ? rows[rows.length - 1]!.id.toString() : null,
    };
  }
}
