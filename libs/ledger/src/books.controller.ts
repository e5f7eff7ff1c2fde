import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Permission } from '@app/auth';
import { CurrentPrincipal, RequirePermission } from '@app/core';
import type { Principal } from '@app/core';
import {
  CreateAccountDto,
  CreateLedgerDto,
  OpeningBalancesDto,
  ReopenPeriodDto,
  ReportQueryDto,
  ReverseVoucherDto,
  TrialBalanceQueryDto,
  VoucherDto,
  VoucherListQueryDto,
} from './dto/books.dto.js';
import { ledgerError } from './ledger-errors.js';
import { LedgersService } from './ledgers.service.js';
import { PeriodsService } from './periods.service.js';
import { sendReport } from './report-format.js';
import { ReportsService } from './reports.service.js';
import { LedgerReportsService } from './ledger-reports.service.js';
import { VouchersService } from './vouchers.service.js';

const uuid = () => new ParseUUIDPipe();


function need<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw ledgerError('PERIOD_INVALID', `${name} is required for this report`, 400);
  return value;
}

@ApiTags('books')
@ApiBearerAuth()
@Controller('orgs/:orgId/ledgers')
export class LedgersController {
  constructor(
    private readonly ledgers: LedgersService,
    private readonly reports: ReportsService,
    private readonly statements: LedgerReportsService,
  ) {}

  @Post()
  @RequirePermission(Permission.BooksManage)
  create(@Param('orgId', uuid()) orgId: string, @Body() body: CreateLedgerDto) {
    return this.ledgers.create(orgId, body);
  }

  @Get()
  @RequirePermission(Permission.BooksRead)
  list(@Param('orgId', uuid()) orgId: string) {
    return this.ledgers.list(orgId);
  }

  @Get(':ledgerId/accounts')
  @RequirePermission(Permission.BooksRead)
  accounts(@Param('orgId', uuid()) orgId: string, @Param('ledgerId') ledgerId: string) {
    return this.ledgers.accounts(orgId, ledgerId);
  }

  @Post(':ledgerId/accounts')
  @RequirePermission(Permission.BooksManage)
  addAccount(@Param('orgId', uuid()) orgId: string, @Param('ledgerId') ledgerId: string, @Body() body: CreateAccountDto) {
    return this.ledgers.addAccount(orgId, ledgerId, body);
  }

  @Post(':ledgerId/opening-balances')
  @RequirePermission(Permission.BooksManage)
  openingBalances(@Param('orgId', uuid()) orgId: string, @Param('ledgerId') ledgerId: string, @Body() body: OpeningBalancesDto) {
    return this.ledgers.setOpeningBalances(orgId, ledgerId, body.lines);
  }

  @Get(':ledgerId/integrity')
  @RequirePermission(Permission.BooksRead)
  integrity(@Param('orgId', uuid()) orgId: string, @Param('ledgerId') ledgerId: string) {
    return this.reports.integrity(orgId, ledgerId);
  }

  @Get(':ledgerId/reports/trial-balance')
  @RequirePermission(Permission.BooksRead)
  async trialBalance(
    @Param('orgId', uuid()) orgId: string,
    @Param('ledgerId') ledgerId: string,
    @Query() q: TrialBalanceQueryDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const tb = await this.reports.trialBalance(orgId, ledgerId, q.from, q.to);
    const ledger = await this.ledgers.get(orgId, ledgerId);
    return sendReport(res, q.format, tb, (v) => this.reports.trialBalanceTable(v, ledger.name));
  }

  @Get(':ledgerId/reports/journal')
  @RequirePermission(Permission.BooksRead)
  async journal(@Param('orgId', uuid()) orgId: string, @Param('ledgerId') ledgerId: string, @Query() q: ReportQueryDto, @Res({ passthrough: true }) res: Response) {
    const report = await this.statements.journal(orgId, ledgerId, need(q.from, 'from'), need(q.to, 'to'));
    return sendReport(res, q.format, report, this.statements.tables.journal);
  }

  @Get(':ledgerId/reports/general-ledger')
  @RequirePermission(Permission.BooksRead)
  async generalLedger(@Param('orgId', uuid()) orgId: string, @Param('ledgerId') ledgerId: string, @Query() q: ReportQueryDto, @Res({ passthrough: true }) res: Response) {
    const report = await this.statements.generalLedger(orgId, ledgerId, need(q.from, 'from'), need(q.to, 'to'), q.account);
    return sendReport(res, q.format, report, this.statements.tables.generalLedger);
  }

  @Get(':ledgerId/reports/subsidiary-ledger')
  @RequirePermission(Permission.BooksRead)
  async subsidiaryLedger(@Param('orgId', uuid()) orgId: string, @Param('ledgerId') ledgerId: string, @Query() q: ReportQueryDto, @Res({ passthrough: true }) res: Response) {
    const account = need(q.account, 'account');
    const report = await this.statements.subsidiaryLedger(orgId, ledgerId, account, need(q.from, 'from'), need(q.to, 'to'), q.dimension, q.value);
    return sendReport(res, q.format, report, (r) => this.statements.tables.ledgerLines('明细账', `subsidiary-ledger-${account}-${r.from}-${r.to}`, r));
  }

  @Get(':ledgerId/reports/cash-journal')
  @RequirePermission(Permission.BooksRead)
  async cashJournal(@Param('orgId', uuid()) orgId: string, @Param('ledgerId') ledgerId: string, @Query() q: ReportQueryDto, @Res({ passthrough: true }) res: Response) {
    const account = q.account ?? '101';
    const report = await this.statements.cashJournal(orgId, ledgerId, account, need(q.from, 'from'), need(q.to, 'to'));
    return sendReport(res, q.format, report, (r) => this.statements.tables.ledgerLines(account.startsWith('101') ? '现金日记账' : '银行存款日记账', `cash-journal-${account}-${r.from}-${r.to}`, r));
  }

  @Get(':ledgerId/reports/balance-sheet')
  @RequirePermission(Permission.BooksRead)
  async balanceSheet(@Param('orgId', uuid()) orgId: string, @Param('ledgerId') ledgerId: string, @Query() q: ReportQueryDto, @Res({ passthrough: true }) res: Response) {
    const report = await this.statements.balanceSheet(orgId, ledgerId, need(q.period, 'period'));
    return sendReport(res, q.format, report, this.statements.tables.balanceSheet);
  }

  @Get(':ledgerId/reports/income-statement')
  @RequirePermission(Permission.BooksRead)
  async incomeStatement(@Param('orgId', uuid()) orgId: string, @Param('ledgerId') ledgerId: string, @Query() q: ReportQueryDto, @Res({ passthrough: true }) res: Response) {
    const report = await this.statements.incomeStatement(orgId, ledgerId, need(q.year, 'year'));
    return sendReport(res, q.format, report, this.statements.tables.incomeStatement);
  }
}

@ApiTags('books')
@ApiBearerAuth()
@Controller('orgs/:orgId/ledgers/:ledgerId/vouchers')
export class VouchersController {
  constructor(private readonly vouchers: VouchersService) {}

  @Post()
  @RequirePermission(Permission.VoucherDraft)
  draft(@Param('orgId', uuid()) orgId: string, @Param('ledgerId') ledgerId: string, @Body() body: VoucherDto, @CurrentPrincipal() p: Principal) {
    return this.vouchers.draft(orgId, ledgerId, body, p.userId);
  }

  @Get()
  @RequirePermission(Permission.BooksRead)
  list(@Param('orgId', uuid()) orgId: string, @Param('ledgerId') ledgerId: string, @Query() q: VoucherListQueryDto) {
    return this.vouchers.list(orgId, ledgerId, q);
  }

  @Get(':voucherId')
  @RequirePermission(Permission.BooksRead)
  get(@Param('orgId', uuid()) orgId: string, @Param('ledgerId') ledgerId: string, @Param('voucherId') id: string) {
    return this.vouchers.view(orgId, ledgerId, id);
  }

  @Put(':voucherId')
  @RequirePermission(Permission.VoucherDraft)
  update(@Param('orgId', uuid()) orgId: string, @Param('ledgerId') ledgerId: string, @Param('voucherId') id: string, @Body() body: VoucherDto) {
    return this.vouchers.update(orgId, ledgerId, id, body);
  }

  @Delete(':voucherId')
  @HttpCode(204)
  @RequirePermission(Permission.VoucherDraft)
  remove(@Param('orgId', uuid()) orgId: string, @Param('ledgerId') ledgerId: string, @Param('voucherId') id: string) {
    return this.vouchers.remove(orgId, ledgerId, id);
  }

  @Post(':voucherId/review')
  @HttpCode(200)
  @RequirePermission(Permission.VoucherReview)
  review(@Param('orgId', uuid()) orgId: string, @Param('ledgerId') ledgerId: string, @Param('voucherId') id: string, @CurrentPrincipal() p: Principal) {
    return this.vouchers.review(orgId, ledgerId, id, p.userId);
  }

  @Post(':voucherId/post')
  @HttpCode(200)
  @RequirePermission(Permission.VoucherPost)
  post(@Param('orgId', uuid()) orgId: string, @Param('ledgerId') ledgerId: string, @Param('voucherId') id: string, @CurrentPrincipal() p: Principal) {
    return this.vouchers.post(orgId, ledgerId, id, p.userId);
  }

  @Post(':voucherId/reverse')
  @RequirePermission(Permission.VoucherPost)
  reverse(
    @Param('orgId', uuid()) orgId: string,
    @Param('ledgerId') ledgerId: string,
    @Param('voucherId') id: string,
    @Body() body: ReverseVoucherDto,
    @CurrentPrincipal() p: Principal,
  ) {
    return this.vouchers.reverse(orgId, ledgerId, id, body, p.userId);
  }
}

@ApiTags('books')
@ApiBearerAuth()
@Controller('orgs/:orgId/ledgers/:ledgerId')
export class PeriodsController {
  constructor(private readonly periods: PeriodsService) {}

  @Get('periods')
  @RequirePermission(Permission.BooksRead)
  list(@Param('orgId', uuid()) orgId: string, @Param('ledgerId') ledgerId: string) {
    return this.periods.list(orgId, ledgerId);
  }

  @Post('periods/:period/close')
  @HttpCode(200)
  @RequirePermission(Permission.BooksManage)
  close(@Param('orgId', uuid()) orgId: string, @Param('ledgerId') ledgerId: string, @Param('period') period: string) {
    return this.periods.close(orgId, ledgerId, period);
  }

  @Post('periods/:period/reopen')
  @HttpCode(200)
  @RequirePermission(Permission.PeriodReopen)
  reopen(@Param('orgId', uuid()) orgId: string, @Param('ledgerId') ledgerId: string, @Param('period') period: string, @Body() body: ReopenPeriodDto) {
    return this.periods.reopen(orgId, ledgerId, period, body.reason);
  }

  @Post('years/:year/close')
  @HttpCode(200)
  @RequirePermission(Permission.BooksManage)
  closeYear(@Param('orgId', uuid()) orgId: string, @Param('ledgerId') ledgerId: string, @Param('year') year: string) {
    return this.periods.closeYear(orgId, ledgerId, year);
  }
}
