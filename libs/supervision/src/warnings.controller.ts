import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Permission } from '@app/auth';
import { ApiPage, CurrentPrincipal, RequirePermission, UuidPipe } from '@app/core';
import type { Principal } from '@app/core';
import { DashboardService } from './dashboard.service.js';
import { DrillDownService } from './drilldown.service.js';
import { EvaluateDto, ThresholdDto, WarningQueryDto, WarningStateDto, WarningView, WarningVoucherView } from './dto/supervision.dto.js';
import { WarningsService } from './warnings.service.js';

@ApiTags('supervision')
@ApiBearerAuth()
@Controller('orgs/:orgId')
export class WarningsController {
  constructor(
    private readonly warnings: WarningsService,
    private readonly dashboard: DashboardService,
    private readonly drillDown: DrillDownService,
  ) {}

  @Get('warnings')
  @RequirePermission(Permission.SupervisionRead)
  @ApiPage(WarningView)
  list(@Param('orgId', UuidPipe) orgId: string, @Query() q: WarningQueryDto) {
    return this.warnings.list(orgId, q);
  }

  /** Evaluates every active rule over the organization's books for a year now (the nightly job does the same). */
  @Post('warnings/evaluate')
  @HttpCode(200)
  @RequirePermission(Permission.WarningsHandle)
  evaluate(@Param('orgId', UuidPipe) orgId: string, @Body() body: EvaluateDto) {
    return this.warnings.evaluate(orgId, body.year);
  }

  @Get('warnings/:warningId')
  @RequirePermission(Permission.SupervisionRead)
  get(@Param('orgId', UuidPipe) orgId: string, @Param('warningId', UuidPipe) warningId: string) {
    return this.warnings.get(orgId, warningId);
  }

  /** The drill-down of a voucher warning: the voucher with each line's account code and name. */
  @Get('warnings/:warningId/voucher')
  @RequirePermission(Permission.SupervisionRead)
  @ApiOkResponse({ type: WarningVoucherView })
  voucher(@Param('orgId', UuidPipe) orgId: string, @Param('warningId', UuidPipe) warningId: string) {
    return this.drillDown.voucher(orgId, warningId);
  }

  /** open → acknowledged → resolved | dismissed, with the reason and the user. */
  @Post('warnings/:warningId/state')
  @HttpCode(200)
  @RequirePermission(Permission.WarningsHandle)
  transition(@Param('orgId', UuidPipe) orgId: string, @Param('warningId', UuidPipe) warningId: string, @Body() body: WarningStateDto, @CurrentPrincipal() p: Principal) {
    return this.warnings.transition(orgId, warningId, body, p.userId);
  }

  /** The town dashboard (orgId is a town): each organization with red/yellow counts, books closed to, distribution state. */
  @Get('supervision/dashboard')
  @RequirePermission(Permission.SupervisionRead)
  town(@Param('orgId', UuidPipe) orgId: string) {
    return this.dashboard.town(orgId);
  }

  /** The town's thresholds with their dated history. */
  @Get('warning-thresholds')
  @RequirePermission(Permission.SupervisionRead)
  thresholds(@Param('orgId', UuidPipe) orgId: string) {
    return this.warnings.thresholds(orgId);
  }

  /** A supervisor sets a threshold of the town from a date on. */
  @Post('warning-thresholds')
  @HttpCode(200)
  @RequirePermission(Permission.ThresholdsManage)
  setThreshold(@Param('orgId', UuidPipe) orgId: string, @Body() body: ThresholdDto, @CurrentPrincipal() p: Principal) {
    return this.warnings.setThreshold(orgId, body, p.userId);
  }

  /** The rule catalogue (W1–W19) with each rule's state for the town: active, unconfigured or waiting (and what it waits for). */
  @Get('warning-rules')
  @RequirePermission(Permission.SupervisionRead)
  async rules(@Param('orgId', UuidPipe) orgId: string) {
    return { rules: await this.warnings.rules(orgId) };
  }
}
