import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Permission } from '@app/auth';
import { ApiPage, PageQueryDto, RequirePermission, UuidPipe } from '@app/core';
import { AccountView, CreateAccountDto, CreateLedgerDto, LedgerView, OpeningBalancesDto, ReportQueryDto, TrialBalanceQueryDto } from './dto/books.dto.js';
import { ledgerError } from './ledger-errors.js';
import { LedgersService } from './ledgers.service.js';
import { sendReport } from './report-format.js';
import { ReportsService } from './reports.service.js';
import { LedgerReportsService } from './ledger-reports.service.js';

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
  create(@Param('orgId', UuidPipe) orgId: string, @Body() body: CreateLedgerDto) {
    return this.ledgers.create(orgId, body);
  }

  @Get()
  @RequirePermission(Permission.BooksRead)
  @ApiPage(LedgerView)
  list(@Param('orgId', UuidPipe) orgId: string, @Query() q: PageQueryDto) {
    return this.ledgers.list(orgId, q);
  }

  @Get(':ledgerId/accounts')
  @RequirePermission(Permission.BooksRead)
  @ApiPage(AccountView)
  accounts(@Param('orgId', UuidPipe) orgId: string, @Param('ledgerId') ledgerId: string, @Query() q: PageQueryDto) {
    return this.ledgers.accounts(orgId, ledgerId, q);
  }

  @Post(':ledgerId/accounts')
  @RequirePermission(Permission.BooksManage)
  addAccount(@Param('orgId', UuidPipe) orgId: string, @Param('ledgerId') ledgerId: string, @Body() body: CreateAccountDto) {
    return this.ledgers.addAccount(orgId, ledgerId, body);
  }

  @Post(':ledgerId/opening-balances')
  @RequirePermission(Permission.BooksManage)
  openingBalances(@Param('orgId', UuidPipe) orgId: string, @Param('ledgerId') ledgerId: string, @Body() body: OpeningBalancesDto) {
    return this.ledgers.setOpeningBalances(orgId, ledgerId, body.lines);
  }

  @Get(':ledgerId/integrity')
  @RequirePermission(Permission.BooksRead)
  integrity(@Param('orgId', UuidPipe) orgId: string, @Param('ledgerId') ledgerId: string) {
    return this.reports.integrity(orgId, ledgerId);
  }

  @Get(':ledgerId/reports/trial-balance')
  @RequirePermission(Permission.BooksRead)
  async trialBalance(
    @Param('orgId', UuidPipe) orgId: string,
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
  async journal(@Param('orgId', UuidPipe) orgId: string, @Param('ledgerId') ledgerId: string, @Query() q: ReportQueryDto, @Res({ passthrough: true }) res: Response) {
    const report = await this.statements.journal(orgId, ledgerId, need(q.from, 'from'), need(q.to, 'to'));
    return sendReport(res, q.format, report, this.statements.tables.journal);
  }

  @Get(':ledgerId/reports/general-ledger')
  @RequirePermission(Permission.BooksRead)
  async generalLedger(@Param('orgId', UuidPipe) orgId: string, @Param('ledgerId') ledgerId: string, @Query() q: ReportQueryDto, @Res({ passthrough: true }) res: Response) {
    const report = await this.statements.generalLedger(orgId, ledgerId, need(q.from, 'from'), need(q.to, 'to'), q.account);
    return sendReport(res, q.format, report, this.statements.tables.generalLedger);
  }

  @Get(':ledgerId/reports/subsidiary-ledger')
  @RequirePermission(Permission.BooksRead)
  async subsidiaryLedger(@Param('orgId', UuidPipe) orgId: string, @Param('ledgerId') ledgerId: string, @Query() q: ReportQueryDto, @Res({ passthrough: true }) res: Response) {
    const account = need(q.account, 'account');
    const report = await this.statements.subsidiaryLedger(orgId, ledgerId, account, need(q.from, 'from'), need(q.to, 'to'), q.dimension, q.value);
    return sendReport(res, q.format, report, (r) => this.statements.tables.ledgerLines('明细账', `subsidiary-ledger-${account}-${r.from}-${r.to}`, r));
  }

  @Get(':ledgerId/reports/cash-journal')
  @RequirePermission(Permission.BooksRead)
  async cashJournal(@Param('orgId', UuidPipe) orgId: string, @Param('ledgerId') ledgerId: string, @Query() q: ReportQueryDto, @Res({ passthrough: true }) res: Response) {
    const account = q.account ?? '101';
    const report = await this.statements.cashJournal(orgId, ledgerId, account, need(q.from, 'from'), need(q.to, 'to'));
    return sendReport(res, q.format, report, (r) => this.statements.tables.ledgerLines(account.startsWith('101') ? '现金日记账' : '银行存款日记账', `cash-journal-${account}-${r.from}-${r.to}`, r));
  }

  @Get(':ledgerId/reports/balance-sheet')
  @RequirePermission(Permission.BooksRead)
  async balanceSheet(@Param('orgId', UuidPipe) orgId: string, @Param('ledgerId') ledgerId: string, @Query() q: ReportQueryDto, @Res({ passthrough: true }) res: Response) {
    const report = await this.statements.balanceSheet(orgId, ledgerId, need(q.period, 'period'));
    return sendReport(res, q.format, report, this.statements.tables.balanceSheet);
  }

  @Get(':ledgerId/reports/income-statement')
  @RequirePermission(Permission.BooksRead)
  async incomeStatement(@Param('orgId', UuidPipe) orgId: string, @Param('ledgerId') ledgerId: string, @Query() q: ReportQueryDto, @Res({ passthrough: true }) res: Response) {
    const report = await this.statements.incomeStatement(orgId, ledgerId, need(q.year, 'year'));
    return sendReport(res, q.format, report, this.statements.tables.incomeStatement);
  }
}
