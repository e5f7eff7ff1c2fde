import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '@app/audit';
import { Decimal, isUuid, maskIdNumber, money, Pager, TransactionRunner } from '@app/core';
import type { Page } from '@app/core';
import { contractsError } from './contracts-errors.js';
import { TradeRow, ContractsRepository } from './contracts.repository.js';
import { checkParty, ContractsService } from './contracts.service.js';
import type { BidDto, BidderDto, CompleteTradeDto, CreateTradeDto, TradeView } from './dto/contracts.dto.js';

/**
 * 集体资产交易 (SPEC §8): a trade with its bidders and bids. A bid below the 底价, or below the last
 * bid plus the increment, is refused (here with a clear 422; the trigger on trade_bids refuses it
 * on every path, under the trade's row lock). A closed trade (成交 or 流标) is immutable in the
 * database. 成交 takes the highest bid and creates the draft contract in the same transaction.
 */
@Injectable()
export class TradesService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly repo: ContractsRepository,
    private readonly contracts: ContractsService,
    private readonly audit: AuditService,
    private readonly pager: Pager,
  ) {}

  async create(orgId: string, input: CreateTradeDto): Promise<TradeView> {
    return this.tx.run(async () => {
      if (input.object.assetId && input.object.resourceId) throw contractsError('CONTRACT_INVALID', 'object names an asset or a resource, not both', 400);
      const id = randomUUID();
      await this.repo.insertTrade(orgId, id, {
        number: input.number,
        title: input.title,
        method: input.method ?? 'public_bidding',
        assetId: input.object.assetId ?? null,
        resourceId: input.object.resourceId ?? null,
        description: input.object.description,
        area: input.object.area ?? null,
        reservePrice: money(input.reservePrice),
        increment: money(input.increment),
      });
      await this.audit.record({ orgId, action: 'trade.created', entity: 'trade', entityId: id, payload: input });
      return this.view(orgId, id);
    });
  }

  async addBidder(orgId: string, tradeId: string, input: BidderDto): Promise<TradeView> {
    return this.tx.run(async () => {
      await this.open(orgId, tradeId);
      checkParty(input, 'bidder');
      const id = randomUUID();
      await this.repo.insertBidder(orgId, tradeId, id, input);
      await this.audit.record({ orgId, action: 'trade.bidder_registered', entity: 'trade', entityId: tradeId, payload: { ...input, idCode: input.kind === 'person' ? maskIdNumber(input.idCode) : input.idCode, bidderId: id } });
      return this.view(orgId, tradeId);
    });
  }

  async bid(orgId: string, tradeId: string, input: BidDto): Promise<TradeView> {
    return this.tx.run(async () => {
      const t = await this.open(orgId, tradeId);
      if (!(await this.repo.bidder(orgId, tradeId, input.bidderId))) throw contractsError('BIDDER_NOT_FOUND', 'The bidder is not registered for this trade', 404);
      const amount = new Decimal(input.amount);
      if (amount.lessThan(t.reserve_price)) throw contractsError('BID_BELOW_RESERVE', `A bid of ${money(amount)} is below the reserve price ${money(t.reserve_price)}`, 422);
      if (t.last_bid !== null && amount.lessThan(new Decimal(t.last_bid).plus(t.increment))) {
        throw contractsError('BID_TOO_LOW', `A bid of ${money(amount)} is below the last bid ${money(t.last_bid)} plus the increment ${money(t.increment)}`, 422);
      }
      await this.repo.insertBid(orgId, tradeId, input.bidderId, money(amount));
      await this.audit.record({ orgId, action: 'trade.bid', entity: 'trade', entityId: tradeId, payload: input });
      return this.view(orgId, tradeId);
    });
  }

  /** 成交: the highest bid wins; the draft contract (rent = the winning monthly bid) is created with it. */
  async complete(orgId: string, tradeId: string, input: CompleteTradeDto): Promise<TradeView> {
    return this.tx.run(async () => {
      const t = await this.open(orgId, tradeId);
      const top = t.bids.reduce<TradeRow['bids'][number] | null>((best, b) => (best === null || new Decimal(b.amount).greaterThan(best.amount) ? b : best), null);
      if (!top) throw contractsError('NO_BIDS', 'A trade without bids is closed as 流标 with a reason', 409);
      const winner = (await this.repo.bidder(orgId, tradeId, top.bidder_id))!;
      const contractId = await this.contracts.insert(
        orgId,
        {
          ledgerId: input.ledgerId,
          number: input.contractNumber,
          title: t.title,
          parties: [winner],
          objects: [{ assetId: t.asset_id, resourceId: t.resource_id, description: t.object_description, area: t.area }],
          startDate: input.startDate,
          endDate: input.endDate,
          billingCycle: input.billingCycle ?? 'monthly',
          monthlyRent: top.amount,
          escalationPercent: input.escalationPercent,
          deposit: input.deposit,
        },
        null,
        tradeId,
      );
      await this.repo.closeTrade(orgId, tradeId, { status: 'completed', date: input.date, winner: top.bidder_id, amount: money(top.amount), contractId });
      await this.audit.record({ orgId, action: 'trade.completed', entity: 'trade', entityId: tradeId, payload: { ...input, winner: top.bidder_id, amount: money(top.amount), contractId } });
      return this.view(orgId, tradeId);
    });
  }

  /** 流标, with its reason. */
  async fail(orgId: string, tradeId: string, date: string, reason: string): Promise<TradeView> {
    return this.tx.run(async () => {
      await this.open(orgId, tradeId);
      await this.repo.closeTrade(orgId, tradeId, { status: 'failed', date, reason });
      await this.audit.record({ orgId, action: 'trade.failed', entity: 'trade', entityId: tradeId, payload: { date, reason } });
      return this.view(orgId, tradeId);
    });
  }

  async list(orgId: string, q: { limit?: number; cursor?: string }): Promise<Page<TradeView>> {
    return this.pager.page<TradeRow, TradeView, [string]>('trades', q, 1, (page) => this.repo.trades(orgId, page), (r): [string] => [r.number], (rows) => rows.map(toView));
  }

  async view(orgId: string, id: string): Promise<TradeView> {
    return toView(await this.load(orgId, id));
  }

  /** Published for the 财务公开 pack: the trades closed (成交 or 流标) between two days. */
  async closedBetween(orgId: string, from: string, to: string): Promise<TradeView[]> {
    return (await this.repo.tradesClosed(orgId, from, to)).map(toView);
  }

  private async open(orgId: string, id: string): Promise<TradeRow> {
    const t = await this.load(orgId, id, true);
    if (t.status !== 'open') throw contractsError('TRADE_CLOSED', `The trade is ${t.status}; a closed trade is not changed`, 409);
    return t;
  }

  private async load(orgId: string, id: string, lock = false): Promise<TradeRow> {
    const t = isUuid(id) ? await this.repo.trade(orgId, id, lock) : null;
    if (!t) throw contractsError('TRADE_NOT_FOUND', 'Trade not found', 404);
    return t;
  }
}

function toView(t: TradeRow): TradeView {
  return {
    id: t.id,
    number: t.number,
    title: t.title,
    method: t.method,
    object: { assetId: t.asset_id, resourceId: t.resource_id, description: t.object_description, area: t.area === null ? null : money(t.area) },
    reservePrice: money(t.reserve_price),
    increment: money(t.increment),
    status: t.status,
    failureReason: t.failure_reason,
    winnerBidderId: t.winner_bidder_id,
    winningAmount: t.winning_amount === null ? null : money(t.winning_amount),
    contractId: t.contract_id,
    closedOn: t.closed_on,
    lastBid: t.last_bid === null ? null : money(t.last_bid),
    bidders: t.bidders.map((b) => ({ id: b.id, kind: b.kind, name: b.name, idCode: b.kind === 'person' ? maskIdNumber(b.id_code) : b.id_code, phone: b.phone })),
    bids: t.bids.map((b) => ({ seq: b.seq, bidderId: b.bidder_id, bidderName: b.bidder_name, amount: money(b.amount), at: new Date(b.at).toISOString() })),
  };
}
