import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { MemberOnly, Permission } from '@app/auth';
import { ApiPage, CurrentPrincipal, DomainError, PageQueryDto, RequirePermission, UuidPipe } from '@app/core';
import type { Principal } from '@app/core';
import { dividendsError } from './dividends-errors.js';
import { DistributionsService } from './distributions.service.js';
import { AllocationQueryDto, AllocationView, ApproveDistributionDto, ConfirmBatchDto, CreateDistributionDto, CreatePaymentBatchDto, MyDistributionNoticeView, PlanReasonDto, PlanView, StatementQueryDto } from './dto/distributions.dto.js';
import { PaymentsService } from './payments.service.js';
import { dividendStatementPdf } from './dividend-statement-pdf.js';


function sendPdf(res: Response, pdf: Buffer, filename: string): undefined {
  res.setHeader('Content-Type', 'application/pdf');
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  res.send(pdf);
  return undefined;
}

@ApiTags('distributions')
@ApiBearerAuth()
@Controller('orgs/:orgId/distributions')
export class DistributionsController {
  constructor(
    private readonly distributions: DistributionsService,
    private readonly payments: PaymentsService,
  ) {}

  @Post()
  @RequirePermission(Permission.DividendsManage)
  create(@Param('orgId', UuidPipe) orgId: string, @Body() body: CreateDistributionDto, @CurrentPrincipal() p: Principal) {
    return this.distributions.create(orgId, body, p.userId);
  }

  @Get()
  @RequirePermission(Permission.BooksRead)
  @ApiPage(PlanView)
  list(@Param('orgId', UuidPipe) orgId: string, @Query() q: PageQueryDto) {
    return this.distributions.list(orgId, q);
  }

  /** Plans that went past a guard rail with an override (for supervisors). */
  @Get('warnings')
  @RequirePermission(Permission.BooksRead)
  @ApiPage(PlanView)
  warnings(@Param('orgId', UuidPipe) orgId: string, @Query() q: PageQueryDto) {
    return this.distributions.list(orgId, q, true);
  }

  @Get(':planId')
  @RequirePermission(Permission.BooksRead)
  get(@Param('orgId', UuidPipe) orgId: string, @Param('planId') planId: string) {
    return this.distributions.detail(orgId, planId);
  }

  @Post(':planId/calculate')
  @HttpCode(202)
  @RequirePermission(Permission.DividendsManage)
  calculate(@Param('orgId', UuidPipe) orgId: string, @Param('planId') planId: string, @CurrentPrincipal() p: Principal) {
    return this.distributions.enqueueCalculation(orgId, planId, p.userId);
  }

  /** 公示: the accountant, who prepared the plan, publishes it; the board approves once the notice has run. */
  @Post(':planId/publish')
  @HttpCode(200)
  @RequirePermission(Permission.DividendsManage)
  publish(@Param('orgId', UuidPipe) orgId: string, @Param('planId') planId: string) {
    return this.distributions.publish(orgId, planId);
  }

  /** During the 公示: the board, the supervisor or a shareholder of the organization objects. */
  @Post(':planId/objections')
  @HttpCode(200)
  @RequirePermission(Permission.DividendsObject)
  object(@Param('orgId', UuidPipe) orgId: string, @Param('planId') planId: string, @Body() body: PlanReasonDto, @CurrentPrincipal() p: Principal, @MemberOnly() member: boolean) {
    // A member objecting learns nothing of who else objected (as a share event's objection answers with own legs).
    return this.distributions.object(orgId, planId, p.userId, body.reason, member);
  }

  @Post(':planId/approve')
  @HttpCode(200)
  @RequirePermission(Permission.DividendsApprove)
  approve(@Param('orgId', UuidPipe) orgId: string, @Param('planId') planId: string, @Body() body: ApproveDistributionDto, @CurrentPrincipal() p: Principal) {
    return this.distributions.approve(orgId, planId, p.userId, body.skipNotice?.reason);
  }

  @Post(':planId/post')
  @HttpCode(200)
  @RequirePermission(Permission.DividendsManage)
  post(@Param('orgId', UuidPipe) orgId: string, @Param('planId') planId: string) {
    return this.distributions.post(orgId, planId);
  }

  @Get(':planId/allocations')
  @RequirePermission(Permission.BooksRead)
  @ApiPage(AllocationView)
  allocations(@Param('orgId', UuidPipe) orgId: string, @Param('planId') planId: string, @Query() q: AllocationQueryDto) {
    return this.distributions.allocations(orgId, planId, q);
  }

  @Post(':planId/payment-batches')
  @RequirePermission(Permission.DividendsPay)
  prepareBatch(@Param('orgId', UuidPipe) orgId: string, @Param('planId') planId: string, @Body() body: CreatePaymentBatchDto) {
    return this.payments.prepare(orgId, planId, body.payTo ?? 'shareholder');
  }

  @Get(':planId/payment-batches/:batchId/file')
  @RequirePermission(Permission.DividendsPay)
  async batchFile(@Param('orgId', UuidPipe) orgId: string, @Param('planId') planId: string, @Param('batchId', UuidPipe) batchId: string, @Res() res: Response) {
    const csv = await this.payments.file(orgId, planId, batchId);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="payment-${batchId}.csv"`);
    res.send(csv);
  }

  @Post(':planId/payment-batches/:batchId/confirm')
  @HttpCode(200)
  @RequirePermission(Permission.DividendsPay)
  confirmBatch(@Param('orgId', UuidPipe) orgId: string, @Param('planId') planId: string, @Param('batchId', UuidPipe) batchId: string, @Body() body: ConfirmBatchDto) {
    return this.payments.confirm(orgId, planId, batchId, body.bankAccountCode);
  }
}

@ApiTags('distributions')
@ApiBearerAuth()
@Controller()
export class StatementsController {
  constructor(private readonly distributions: DistributionsService) {}

  /** Staff: a shareholder's dividend statement for a year. */
  @Get('orgs/:orgId/shareholders/:shareholderId/statements')
  @RequirePermission(Permission.SharesRead)
  async forShareholder(
    @Param('orgId', UuidPipe) orgId: string,
    @Param('shareholderId', UuidPipe) shareholderId: string,
    @Query() q: StatementQueryDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const statement = await this.distributions.dividendStatement(orgId, shareholderId, q.year);
    return q.format === 'pdf' ? sendPdf(res, await dividendStatementPdf(statement), `statement-${statement.shareholder.number}-${q.year}.pdf`) : statement;
  }

  /** A shareholder: the distribution plans in their 公示 where they hold shares, with their own allocation only (to object in time). */
  @Get('me/distribution-notices')
  @RequirePermission(Permission.Self)
  @ApiPage(MyDistributionNoticeView)
  notices(@CurrentPrincipal() p: Principal, @Query() q: PageQueryDto) {
    return this.distributions.myNotices(p, q);
  }

  /** A shareholder: their own statements for a year, in every organization where they hold the role. */
  @Get('me/statements')
  @RequirePermission(Permission.Self)
  async mine(@CurrentPrincipal() p: Principal, @Query() q: StatementQueryDto, @Res({ passthrough: true }) res: Response) {
    if (!p.shareholderId) throw dividendsError('STATEMENT_NOT_FOUND', 'This login is not linked to a shareholder', 404);
    const orgIds = p.grants.filter((g) => g.role === 'shareholder').map((g) => g.orgId);
    const found = [];
    for (const orgId of orgIds) {
      try {
        found.push({ orgId, ...(await this.distributions.dividendStatement(orgId, p.shareholderId, q.year)) });
      } catch (error) {
        // Not a shareholder of this organization, or no distribution there this year (both 404);
        // anything else (the database down, a bug) is not "no statement" and must surface.
        if (!(error instanceof DomainError && error.status === 404)) throw error;
      }
    }
    if (found.length === 0) throw dividendsError('STATEMENT_NOT_FOUND', `No dividend statement for ${q.year}`, 404);
    // A PDF is one statement; a shareholder of several organizations gets the first (ask per organization for the others).
    return q.format === 'pdf' ? sendPdf(res, await dividendStatementPdf(found[0]), `statement-${q.year}.pdf`) : found;
  }
}
