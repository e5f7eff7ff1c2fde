import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Permission } from '@app/auth';
import { ApiPage, CurrentPrincipal, PageQueryDto, RequirePermission, UuidPipe } from '@app/core';
import type { Principal } from '@app/core';
import { renderReport, sendReport } from '@app/ledger';
import { AccrualService } from './accrual.service.js';
import { ContractsService } from './contracts.service.js';
import {
  AccrualDto,
  AsOfQueryDto,
  BidderDto,
  BidDto,
  CompleteTradeDto,
  ContractListQueryDto,
  ContractView,
  CreateContractDto,
  CreateTradeDto,
  DepositDto,
  FailTradeDto,
  IntegrityQueryDto,
  ReceiptDto,
  ReceivableRowView,
  RenewContractDto,
  SignContractDto,
  TerminateContractDto,
  TradeView,
} from './dto/contracts.dto.js';
import { TradesService } from './trades.service.js';

async function download(res: Response, file: Promise<{ contentType: string; filename: string; body: Buffer | string }>): Promise<undefined> {
  const f = await file;
  res.setHeader('Content-Type', f.contentType);
  res.setHeader('Content-Disposition', `attachment; filename="${f.filename}"`);
  res.send(f.body);
  return undefined;
}

@ApiTags('contracts')
@ApiBearerAuth()
@Controller('orgs/:orgId/contracts')
export class ContractsController {
  constructor(
    private readonly contracts: ContractsService,
    private readonly accruals: AccrualService,
  ) {}

  @Post()
  @RequirePermission(Permission.ContractsManage)
  create(@Param('orgId', UuidPipe) orgId: string, @Body() body: CreateContractDto) {
    return this.contracts.create(orgId, body);
  }

  /** 合同台账 (?format=csv|xlsx for the whole register). */
  @Get()
  @RequirePermission(Permission.BooksRead)
  @ApiPage(ContractView)
  async list(@Param('orgId', UuidPipe) orgId: string, @Query() q: ContractListQueryDto, @Res({ passthrough: true }) res: Response) {
    if (q.format && q.format !== 'json') return download(res, this.contracts.ledgerTable(orgId, q.status).then((t) => renderReport(t, q.format as 'csv' | 'xlsx')));
    return this.contracts.list(orgId, q);
  }

  /** 计提: the month's accrual of one ledger runs on the `contracts` queue (202 {jobId}). */
  @Post('accruals')
  @HttpCode(202)
  @RequirePermission(Permission.ContractsManage)
  accrue(@Param('orgId', UuidPipe) orgId: string, @Body() body: AccrualDto, @CurrentPrincipal() p: Principal) {
    return this.accruals.enqueue(orgId, body.ledgerId, body.period, p.userId);
  }

  /** 应收租金明细 as of a date. */
  @Get('receivables')
  @RequirePermission(Permission.BooksRead)
  @ApiPage(ReceivableRowView)
  async receivables(@Param('orgId', UuidPipe) orgId: string, @Query() q: AsOfQueryDto, @Res({ passthrough: true }) res: Response) {
    if (q.format && q.format !== 'json') return download(res, this.contracts.receivablesTable(orgId, q.asOf).then((t) => renderReport(t, q.format as 'csv' | 'xlsx')));
    return this.contracts.receivables(orgId, q);
  }

  /** 账龄 as of a date (1–30 / 31–90 / 91–180 / >180 days). */
  @Get('aging')
  @RequirePermission(Permission.BooksRead)
  async aging(@Param('orgId', UuidPipe) orgId: string, @Query() q: AsOfQueryDto, @Res({ passthrough: true }) res: Response) {
    const report = await this.contracts.aging(orgId, q.asOf);
    return sendReport(res, q.format, report, (r) => this.contracts.agingTable(r));
  }

  /** Σ schedule balances per tenant = 112/113 per counterparty in the books. */
  @Get('integrity')
  @RequirePermission(Permission.BooksRead)
  integrity(@Param('orgId', UuidPipe) orgId: string, @Query() q: IntegrityQueryDto) {
    return this.contracts.integrity(orgId, q.ledgerId);
  }

  @Get(':contractId')
  @RequirePermission(Permission.BooksRead)
  get(@Param('orgId', UuidPipe) orgId: string, @Param('contractId', UuidPipe) id: string) {
    return this.contracts.detail(orgId, id);
  }

  @Post(':contractId/sign')
  @HttpCode(200)
  @RequirePermission(Permission.ContractsManage)
  sign(@Param('orgId', UuidPipe) orgId: string, @Param('contractId', UuidPipe) id: string, @Body() body: SignContractDto) {
    return this.contracts.sign(orgId, id, body.signedOn);
  }

  @Post(':contractId/terminate')
  @HttpCode(200)
  @RequirePermission(Permission.ContractsManage)
  terminate(@Param('orgId', UuidPipe) orgId: string, @Param('contractId', UuidPipe) id: string, @Body() body: TerminateContractDto) {
    return this.contracts.terminate(orgId, id, body.date, body.reason);
  }

  @Post(':contractId/renewal')
  @RequirePermission(Permission.ContractsManage)
  renew(@Param('orgId', UuidPipe) orgId: string, @Param('contractId', UuidPipe) id: string, @Body() body: RenewContractDto) {
    return this.contracts.renew(orgId, id, body);
  }

  @Post(':contractId/receipts')
  @RequirePermission(Permission.ContractsReceive)
  receive(@Param('orgId', UuidPipe) orgId: string, @Param('contractId', UuidPipe) id: string, @Body() body: ReceiptDto) {
    return this.contracts.receive(orgId, id, body);
  }

  @Post(':contractId/deposits')
  @RequirePermission(Permission.ContractsReceive)
  deposit(@Param('orgId', UuidPipe) orgId: string, @Param('contractId', UuidPipe) id: string, @Body() body: DepositDto) {
    return this.contracts.deposit(orgId, id, body);
  }
}

@ApiTags('trades')
@ApiBearerAuth()
@Controller('orgs/:orgId/trades')
export class TradesController {
  constructor(private readonly trades: TradesService) {}

  @Post()
  @RequirePermission(Permission.ContractsManage)
  create(@Param('orgId', UuidPipe) orgId: string, @Body() body: CreateTradeDto) {
    return this.trades.create(orgId, body);
  }

  @Get()
  @RequirePermission(Permission.BooksRead)
  @ApiPage(TradeView)
  list(@Param('orgId', UuidPipe) orgId: string, @Query() q: PageQueryDto) {
    return this.trades.list(orgId, q);
  }

  @Get(':tradeId')
  @RequirePermission(Permission.BooksRead)
  get(@Param('orgId', UuidPipe) orgId: string, @Param('tradeId', UuidPipe) id: string) {
    return this.trades.view(orgId, id);
  }

  @Post(':tradeId/bidders')
  @RequirePermission(Permission.ContractsManage)
  bidder(@Param('orgId', UuidPipe) orgId: string, @Param('tradeId', UuidPipe) id: string, @Body() body: BidderDto) {
    return this.trades.addBidder(orgId, id, body);
  }

  @Post(':tradeId/bids')
  @RequirePermission(Permission.ContractsManage)
  bid(@Param('orgId', UuidPipe) orgId: string, @Param('tradeId', UuidPipe) id: string, @Body() body: BidDto) {
    return this.trades.bid(orgId, id, body);
  }

  @Post(':tradeId/complete')
  @HttpCode(200)
  @RequirePermission(Permission.ContractsManage)
  complete(@Param('orgId', UuidPipe) orgId: string, @Param('tradeId', UuidPipe) id: string, @Body() body: CompleteTradeDto) {
    return this.trades.complete(orgId, id, body);
  }

  /** 流标 with its reason. */
  @Post(':tradeId/fail')
  @HttpCode(200)
  @RequirePermission(Permission.ContractsManage)
  fail(@Param('orgId', UuidPipe) orgId: string, @Param('tradeId', UuidPipe) id: string, @Body() body: FailTradeDto) {
    return this.trades.fail(orgId, id, body.date, body.reason);
  }
}
