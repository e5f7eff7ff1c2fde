import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Permission } from '@app/auth';
import { CurrentPrincipal, RequirePermission, UuidPipe } from '@app/core';
import type { Principal } from '@app/core';
import { sendReport } from '@app/ledger';
import { BudgetService } from './budget.service.js';
import { AdjustBudgetDto, BudgetLinesDto, BudgetReportQueryDto, BudgetYearQueryDto, CreateBudgetDto } from './dto/supervision.dto.js';
import { supervisionError } from './supervision-errors.js';

@ApiTags('supervision')
@ApiBearerAuth()
@Controller('orgs/:orgId/ledgers/:ledgerId')
export class BudgetController {
  constructor(private readonly budgets: BudgetService) {}

  /** The year's original budget (version 1), as a draft. */
  @Post('budgets')
  @RequirePermission(Permission.BudgetManage)
  create(@Param('orgId', UuidPipe) orgId: string, @Param('ledgerId', UuidPipe) ledgerId: string, @Body() body: CreateBudgetDto, @CurrentPrincipal() p: Principal) {
    return this.budgets.create(orgId, ledgerId, body.year, body.lines, p.userId);
  }

  /** Every version of the year's budget, oldest first (the history). */
  @Get('budgets')
  @RequirePermission(Permission.SupervisionRead)
  async history(@Param('orgId', UuidPipe) orgId: string, @Param('ledgerId', UuidPipe) ledgerId: string, @Query() q: BudgetYearQueryDto) {
    return { year: Number(q.year), versions: await this.budgets.history(orgId, ledgerId, Number(q.year)) };
  }

  /** 预算调整: a new draft version with its full lines and a reason; its approval supersedes the version in force. */
  @Post('budgets/adjustments')
  @RequirePermission(Permission.BudgetManage)
  adjust(@Param('orgId', UuidPipe) orgId: string, @Param('ledgerId', UuidPipe) ledgerId: string, @Body() body: AdjustBudgetDto, @CurrentPrincipal() p: Principal) {
    return this.budgets.adjust(orgId, ledgerId, body.year, body.lines, body.reason, p.userId);
  }

  @Put('budgets/:versionId/lines')
  @RequirePermission(Permission.BudgetManage)
  lines(@Param('orgId', UuidPipe) orgId: string, @Param('ledgerId', UuidPipe) ledgerId: string, @Param('versionId', UuidPipe) versionId: string, @Body() body: BudgetLinesDto) {
    return this.budgets.replaceLines(orgId, ledgerId, versionId, body.lines);
  }

  /** The board (理事会) approves a draft version. */
  @Post('budgets/:versionId/approve')
  @HttpCode(200)
  @RequirePermission(Permission.BudgetApprove)
  approve(@Param('orgId', UuidPipe) orgId: string, @Param('ledgerId', UuidPipe) ledgerId: string, @Param('versionId', UuidPipe) versionId: string, @CurrentPrincipal() p: Principal) {
    return this.budgets.approve(orgId, ledgerId, versionId, p.userId);
  }

  /** 公共开支预算执行表 (JSON, CSV or XLSX). */
  @Get('budget-execution')
  @RequirePermission(Permission.SupervisionRead)
  async execution(@Param('orgId', UuidPipe) orgId: string, @Param('ledgerId', UuidPipe) ledgerId: string, @Query() q: BudgetReportQueryDto, @Res({ passthrough: true }) res: Response) {
    const report = await this.budgets.execution(orgId, ledgerId, q.year, q.period);
    if (!report) throw supervisionError('BUDGET_NOT_FOUND', `No approved ${q.year} budget`, 404);
    const name = await this.budgets.ledgerName(orgId, ledgerId);
    return sendReport(res, q.format, report, (r) => this.budgets.executionTable(r, name));
  }
}
