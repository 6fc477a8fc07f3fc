import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../../auth/auth.service';
import { CurrentPrincipal, ManagementKeyGuard } from '../../auth/guards';
import { consoleOrgOf } from '../console-org';
import { BudgetStatusService } from './budget-status.service';

/** Budgets with what the ledger says was spent this period, and the alerts fired in it. */
@ApiTags('console')
@Controller('api/console')
@UseGuards(ManagementKeyGuard)
export class BudgetStatusController {
  constructor(private readonly budgets: BudgetStatusService) {}

  @Get('budgets')
  @ApiOperation({ summary: "The organisation's budgets with spend in the current period (from the ledger) and the threshold alerts fired in it" })
  async list(@CurrentPrincipal() principal: Principal, @Query('org_id') requestedOrg?: string) {
    return { data: await this.budgets.list(consoleOrgOf(principal, requestedOrg)) };
  }
}
