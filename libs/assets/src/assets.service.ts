import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService, registerEntitySnapshot } from '@app/audit';
import { Decimal, money, Pager, TransactionRunner } from '@app/core';
import type { IntegrityCheckOutcome, Page, PageQueryDto } from '@app/core';
import { LedgersService, ReportsService, SystemAccount, VouchersService } from '@app/ledger';
import type { LineInput } from '@app/ledger';
import { assetsError } from './assets-errors.js';
import { AssetRow, AssetsRepository, DepreciationLineRow, ResourceRow, RunRow } from './assets.repository.js';
import { addMonths, lastDay, monthAmount, monthlyStraightLine, monthsBetween, PURPOSE_ACCOUNT } from './depreciation.js';
import {
  AssetListQueryDto,
  AssetView,
  ChangeAssetStateDto,
  CreateAssetDto,
  CreateResourceDto,
  DepreciationLineView,
  DisposeAssetDto,
  RegisterRowView,
  ResourceView,
  RunPreviewView,
  RunView,
  UpdateAssetDto,
  UpdateResourceDto,
} from './dto/assets.dto.js';

registerEntitySnapshot('fixed_asset', `SELECT to_jsonb(a) FROM fixed_assets a WHERE a.org_id = $1 AND a.id = $2::uuid`);
registerEntitySnapshot('depreciation_run', `SELECT to_jsonb(r) FROM depreciation_runs r WHERE r.org_id = $1 AND r.id = $2::uuid`);
registerEntitySnapshot('resource', `SELECT to_jsonb(r) FROM resources r WHERE r.org_id = $1 AND r.id = $2::uuid`);

/** The accounts of the cards (SPEC §8): 151 固定资产, 152 累计折旧, 154 固定资产清理. */
export const AssetAccount = { Cost: '151', Accumulated: '152', Clearing: '154' } as const;

export interface AssetsIntegrityReport {
  ok: boolean;
  /** Σ cards' accumulated depreciation (not disposed) */
  cardsAccumulated: string;
  /** the 152 balance (credit), opening balances included */
  account152: string;
  /** Σ cards' cost (not disposed) and the 151 balance */
  cardsCost: string;
  account151: string;
  /** posted lines on 151/152/154 without a card that ASSET_REQUIRED does not excuse */
  linesWithoutCard: number;
  /** posted lines without a card that it does excuse: imported historical books, reversals of such lines */
  exemptLinesWithoutCard: number;
  problems: { kind: string; ref: string }[];
  /** The same reconciliation as the ledger's integrity endpoint shows it (assets.accumulated_depreciation, assets.cost, assets.lines_carry_cards). */
  checks: Record<AssetsCheck, IntegrityCheckOutcome>;
}

/** The assets context's checks in the ledger's integrity registry (core's IntegrityChecks). */
export const ASSETS_CHECKS = ['assets.accumulated_depreciation', 'assets.cost', 'assets.lines_carry_cards'] as const;
export type AssetsCheck = (typeof ASSETS_CHECKS)[number];

const toView = (a: AssetRow): AssetView => ({
  id: a.id,
  ledgerId: a.ledger_id,
  cardNo: a.card_no,
  name: a.name,
  category: a.category,
  spec: a.spec,
  location: a.location,
  custodian: a.custodian,
  purpose: a.purpose,
  expenseAccount: PURPOSE_ACCOUNT[a.purpose],
  acquisitionType: a.acquisition_type,
  sourceVoucherId: a.source_voucher_id,
  cost: money(a.cost),
  salvageRate: new Decimal(a.salvage_rate).toFixed(4),
  salvage: money(a.salvage),
  inServiceDate: a.in_service_date,
  method: a.method,
  usefulLifeMonths: a.useful_life_months,
  totalUnits: a.total_units === null ? null : new Decimal(a.total_units).toFixed(4),
  monthlyAmount: a.method === 'straight_line' ? money(monthlyStraightLine(a.cost, a.salvage, a.useful_life_months)) : '0.00',
  openingAccumulated: money(a.opening_accumulated),
  openingThrough: a.opening_through,
  accumulated: money(a.accumulated),
  netValue: money(new Decimal(a.cost).minus(a.accumulated)),
  unitsUsed: new Decimal(a.units_used).toFixed(4),
  state: a.state,
  disposedOn: a.disposed_on,
  disposalVoucherId: a.disposal_voucher_id,
});

const lineView = (l: DepreciationLineRow): DepreciationLineView => ({
  assetId: l.asset_id,
  cardNo: l.card_no,
  name: l.name,
  period: l.period,
  runId: l.run_id,
  voucherId: l.voucher_id,
  amount: money(l.amount),
  units: l.units === null ? null : new Decimal(l.units).toFixed(4),
  accumulatedAfter: money(l.accumulated_after),
});

const runView = (r: RunRow): RunView => ({ id: r.id, period: r.period, voucherId: r.voucher_id, total: money(r.total), cards: r.cards });

const resourceView = (r: ResourceRow): ResourceView => ({
  id: r.id,
  number: r.number,
  type: r.type,
  name: r.name,
  location: r.location,
  boundaries: r.boundaries,
  areaMu: new Decimal(r.area_mu).toFixed(4),
  areaM2: money(r.area_m2),
  certificateNo: r.certificate_no,
  currentUse: r.current_use,
  note: r.note,
});

const month = (date: string) => date.slice(0, 7);

/** Fixed-asset cards, their monthly depreciation and disposal, and the resources register (SPEC §8). */
@Injectable()
export class AssetsService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly repo: AssetsRepository,
    private readonly ledgers: LedgersService,
    private readonly vouchers: VouchersService,
    private readonly reports: ReportsService,
    private readonly audit: AuditService,
    private readonly pager: Pager,
  ) {}

  async create(orgId: string, ledgerId: string, input: CreateAssetDto): Promise<AssetView> {
    return this.tx.run(async () => {
      await this.ledgers.get(orgId, ledgerId);
      if (await this.repo.cardNoTaken(orgId, input.cardNo)) throw assetsError('CARD_NO_TAKEN', `Card ${input.cardNo} exists`, 409);
      const rate = new Decimal(input.salvageRate);
      if (rate.gte(1)) throw assetsError('ACQUISITION_INVALID', 'salvageRate must be below 1', 400, [{ field: 'salvageRate' }]);
      if ((input.method === 'units') !== (input.totalUnits !== undefined)) {
        throw assetsError('UNITS_INVALID', 'A units-of-production card has totalUnits; a straight-line card has none', 400, [{ field: 'totalUnits' }]);
      }
      const opening = input.acquisitionType === 'opening';
      const linked = input.sourceVoucherId !== undefined;
      const posted = input.creditAccountCode !== undefined;
      if (opening ? linked || posted : linked === posted) {
        throw assetsError('ACQUISITION_INVALID', 'An acquisition either links its voucher (sourceVoucherId) or is posted (creditAccountCode); an opening card has neither', 400);
      }
      const openingAccumulated = new Decimal(input.openingAccumulated ?? '0');
      if (!openingAccumulated.isZero() && (!opening || !input.openingThrough)) {
        throw assetsError('ACQUISITION_INVALID', 'Opening accumulated depreciation is for opening cards, with openingThrough', 400, [{ field: 'openingThrough' }]);
      }
      if (input.openingThrough && input.openingThrough < month(input.inServiceDate)) {
        throw assetsError('ACQUISITION_INVALID', 'openingThrough is not before the in-service month', 400, [{ field: 'openingThrough' }]);
      }
      const salvage = new Decimal(input.cost).times(rate).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
      if (openingAccumulated.gt(new Decimal(input.cost).minus(salvage))) throw assetsError('ACQUISITION_INVALID', 'Opening accumulated depreciation is above cost − salvage', 400);
      if (linked) {
        const v = await this.vouchers.view(orgId, ledgerId, input.sourceVoucherId!);
        if (v.status !== 'posted') throw assetsError('SOURCE_VOUCHER_INVALID', 'The acquisition voucher is not posted', 409);
      }
      const id = randomUUID();
      await this.repo.insertAsset(orgId, {
        id,
        ledger_id: ledgerId,
        card_no: input.cardNo,
        name: input.name,
        category: input.category,
        spec: input.spec ?? null,
        location: input.location ?? null,
        custodian: input.custodian ?? null,
        purpose: input.purpose,
        acquisition_type: input.acquisitionType,
        source_voucher_id: input.sourceVoucherId ?? null,
        cost: money(input.cost),
        salvage_rate: rate.toFixed(4),
        salvage: money(salvage),
        in_service_date: input.inServiceDate,
        method: input.method,
        useful_life_months: input.usefulLifeMonths,
        total_units: input.totalUnits ?? null,
        opening_accumulated: money(openingAccumulated),
        opening_through: input.openingThrough ?? null,
      });
      if (input.openingUnits) await this.repo.addDepreciation(orgId, [{ assetId: id, amount: '0', units: input.openingUnits }]);
      await this.repo.addState(orgId, id, 'in_use', input.inServiceDate, null);
      if (posted) {
        const v = await this.vouchers.postSystemVoucher({
          orgId,
          ledgerId,
          date: input.inServiceDate,
          memo: `购入固定资产 ${input.cardNo} ${input.name}`.slice(0, 200),
          source: 'asset',
          sourceRef: `asset:${id}:acquisition`,
          lines: [
            { accountCode: AssetAccount.Cost, debit: money(input.cost), assetId: id },
            { accountCode: input.creditAccountCode!, credit: money(input.cost) },
          ],
        });
        await this.repo.setSourceVoucher(orgId, id, v.id);
      }
      await this.audit.record({ orgId, action: 'fixed_asset.created', entity: 'fixed_asset', entityId: id, payload: input });
      return toView((await this.repo.asset(orgId, id))!);
    });
  }

  async get(orgId: string, ledgerId: string, id: string): Promise<AssetView & { states: { seq: number; state: string; since: string; note: string | null }[] }> {
    const a = await this.load(orgId, ledgerId, id);
    return { ...toView(a), states: await this.repo.states(orgId, id) };
  }

  async list(orgId: string, ledgerId: string, q: AssetListQueryDto): Promise<Page<AssetView>> {
    await this.ledgers.get(orgId, ledgerId);
    const filter = { category: q.category, state: q.state };
    return this.pager.page('fixed-assets', q, 1, (p) => this.repo.assets(orgId, ledgerId, filter, p), (r) => [r.card_no], (rows) => rows.map(toView));
  }

  /** Descriptive fields change freely; cost-bearing ones only before the first posted month (the database's guard refuses otherwise). */
  async update(orgId: string, ledgerId: string, id: string, input: UpdateAssetDto): Promise<AssetView> {
    return this.tx.run(async () => {
      const a = await this.load(orgId, ledgerId, id, true);
      if (a.state === 'disposed') throw assetsError('ASSET_DISPOSED', `Card ${a.card_no} is disposed`, 409);
      const fields: Parameters<AssetsRepository['updateAsset']>[2] = {};
      if (input.name !== undefined) fields.name = input.name;
      if (input.category !== undefined) fields.category = input.category;
      if (input.spec !== undefined) fields.spec = input.spec;
      if (input.location !== undefined) fields.location = input.location;
      if (input.custodian !== undefined) fields.custodian = input.custodian;
      if (input.purpose !== undefined) fields.purpose = input.purpose;
      if (input.usefulLifeMonths !== undefined) fields.useful_life_months = input.usefulLifeMonths;
      if (input.salvageRate !== undefined) {
        const rate = new Decimal(input.salvageRate);
        if (rate.gte(1)) throw assetsError('ACQUISITION_INVALID', 'salvageRate must be below 1', 400, [{ field: 'salvageRate' }]);
        fields.salvage_rate = rate.toFixed(4);
        fields.salvage = money(new Decimal(a.cost).times(rate).toDecimalPlaces(2, Decimal.ROUND_HALF_UP));
      }
      const touchesMonths = fields.purpose !== undefined || fields.useful_life_months !== undefined || fields.salvage !== undefined;
      if (touchesMonths && new Decimal(a.accumulated).gt(a.opening_accumulated)) {
        throw assetsError('ASSET_MONTH_POSTED', `Card ${a.card_no} has posted depreciation; its purpose, life and salvage no longer change`, 409);
      }
      await this.repo.updateAsset(orgId, id, fields);
      await this.audit.record({ orgId, action: 'fixed_asset.edited', entity: 'fixed_asset', entityId: id, payload: input });
      return toView((await this.repo.asset(orgId, id))!);
    });
  }

  async changeState(orgId: string, ledgerId: string, id: string, input: ChangeAssetStateDto): Promise<AssetView> {
    return this.tx.run(async () => {
      const a = await this.load(orgId, ledgerId, id, true);
      if (a.state === 'disposed') throw assetsError('ASSET_DISPOSED', `Card ${a.card_no} is disposed`, 409);
      await this.repo.updateAsset(orgId, id, { state: input.state });
      await this.repo.addState(orgId, id, input.state, input.since, input.reason);
      await this.audit.record({ orgId, action: 'fixed_asset.state_changed', entity: 'fixed_asset', entityId: id, payload: input });
      return toView((await this.repo.asset(orgId, id))!);
    });
  }

  /**
   * One month's depreciation for a ledger (the queued job's work, idempotent): the unique key
   * (org, ledger, month) claims the month, so a second or concurrent run returns the first one.
   * Months run in order: the first run may be any month, each next one the month after the last.
   */
  async runMonth(orgId: string, ledgerId: string, period: string, units: { assetId: string; units: string }[] = []): Promise<RunView> {
    return this.tx.run(async () => {
      await this.ledgers.get(orgId, ledgerId);
      const existing = await this.repo.run(orgId, ledgerId, period);
      if (existing) return runView(existing);
      await this.inOrder(orgId, ledgerId, period);
      const runId = randomUUID();
      if (!(await this.repo.claimRun(orgId, { id: runId, ledgerId, period }))) return runView((await this.repo.run(orgId, ledgerId, period))!);
      const unitsOf = new Map(units.map((u) => [u.assetId, u.units]));
      const cards = await this.repo.depreciable(orgId, ledgerId, period);
      const amounts = this.amounts(cards, period, unitsOf);
      const total = amounts.reduce((s, x) => s.plus(x.amount), new Decimal(0));
      let voucherId: string | null = null;
      if (amounts.length > 0) {
        const lines: LineInput[] = amounts.flatMap(({ card, amount }) => [
          { accountCode: PURPOSE_ACCOUNT[card.purpose], debit: money(amount), assetId: card.id, memo: `${card.card_no} ${card.name}`.slice(0, 200) },
          { accountCode: AssetAccount.Accumulated, credit: money(amount), assetId: card.id, memo: `${card.card_no} ${card.name}`.slice(0, 200) },
        ]);
        voucherId = (await this.vouchers.postSystemVoucher({ orgId, ledgerId, date: lastDay(period), memo: `计提${period}固定资产折旧`, source: 'asset', sourceRef: `depreciation:${period}`, lines })).id;
        await this.repo.insertLines(
          orgId,
          amounts.map(({ card, amount, units: u }) => ({ assetId: card.id, period, runId, voucherId: voucherId!, amount: money(amount), units: u, accumulatedAfter: money(new Decimal(card.accumulated).plus(amount)) })),
        );
        await this.repo.addDepreciation(orgId, amounts.map(({ card, amount, units: u }) => ({ assetId: card.id, amount: money(amount), units: u })));
      }
      await this.repo.finishRun(orgId, runId, voucherId, money(total), amounts.length);
      await this.audit.record({ orgId, action: 'depreciation.posted', entity: 'depreciation_run', entityId: runId, payload: { ledgerId, period, total: money(total), cards: amounts.length } });
      return runView((await this.repo.run(orgId, ledgerId, period))!);
    });
  }

  /** Months run in order: the first run may be any month, each next one the month after the last. */
  private async inOrder(orgId: string, ledgerId: string, period: string): Promise<void> {
    const latest = await this.repo.latestRunPeriod(orgId, ledgerId);
    if (latest !== null && latest > period) throw assetsError('DEPRECIATION_OUT_OF_ORDER', `Depreciation is posted through ${latest}; ${period} is not run after it`, 409);
    if (latest !== null && addMonths(latest, 1) !== period) throw assetsError('DEPRECIATION_OUT_OF_ORDER', `Run ${addMonths(latest, 1)} before ${period}`, 409);
  }

  /**
   * The month's depreciation as a run with these workloads would post it (the same computation,
   * nothing written): for the 工作量法 cards that need the month's workload, and the amounts to check
   * before running. 409 when the month is already run or out of order; 400 WORKLOAD_INVALID as below.
   */
  async preview(orgId: string, ledgerId: string, period: string, units: { assetId: string; units: string }[] = []): Promise<RunPreviewView> {
    return this.tx.run(async () => {
      await this.ledgers.get(orgId, ledgerId);
      if (await this.repo.run(orgId, ledgerId, period)) throw assetsError('DEPRECIATION_MONTH_RUN', `Depreciation for ${period} is already posted`, 409);
      await this.inOrder(orgId, ledgerId, period);
      const cards = await this.repo.depreciable(orgId, ledgerId, period, false);
      this.checkWorkloads(cards, period, units);
      const lines = this.amounts(cards, period, new Map(units.map((u) => [u.assetId, u.units])), true);
      const total = lines.reduce((sum, x) => sum.plus(x.amount), new Decimal(0));
      return {
        period,
        total: money(total),
        cards: lines.filter((x) => x.amount.gt(0)).length,
        lines: lines.map(({ card, amount, units: u }) => ({
          assetId: card.id,
          cardNo: card.card_no,
          name: card.name,
          method: card.method,
          totalUnits: card.total_units === null ? null : new Decimal(card.total_units).toFixed(4),
          unitsUsed: new Decimal(card.units_used).toFixed(4),
          units: u === null ? null : new Decimal(u).toFixed(4),
          amount: money(amount),
          accumulatedAfter: money(new Decimal(card.accumulated).plus(amount)),
        })),
      };
    });
  }

  /**
   * Before a run is queued: each workload names a 工作量法 card of the ledger due that month, at
   * most once (400 WORKLOAD_INVALID, naming `units[i].assetId`). A month already run is not
   * checked again: its job is answered as before.
   */
  async validateRun(orgId: string, ledgerId: string, period: string, units: { assetId: string; units: string }[] = []): Promise<void> {
    if (units.length === 0 || (await this.repo.run(orgId, ledgerId, period))) return;
    this.checkWorkloads(await this.repo.depreciable(orgId, ledgerId, period, false), period, units);
  }

  private checkWorkloads(cards: AssetRow[], period: string, units: { assetId: string; units: string }[]): void {
    const due = new Set(cards.filter((c) => c.method === 'units').map((c) => c.id));
    const seen = new Set<string>();
    units.forEach((u, i) => {
      if (!due.has(u.assetId) || seen.has(u.assetId)) {
        throw assetsError('WORKLOAD_INVALID', `units[${i}] does not name a units-of-production card due in ${period}, once`, 400, [{ field: `units[${i}].assetId` }]);
      }
      seen.add(u.assetId);
    });
  }

  /** Each card's amount for the month: those above zero, or (`withUnitsCards`) also every units card. */
  private amounts(cards: AssetRow[], period: string, unitsOf: Map<string, string>, withUnitsCards = false) {
    return cards
      .map((card) => {
        const units = card.method === 'units' ? (unitsOf.get(card.id) ?? '0') : null;
        const amount = monthAmount(
          {
            method: card.method,
            cost: card.cost,
            salvage: card.salvage,
            usefulLifeMonths: card.useful_life_months,
            totalUnits: card.total_units,
            accumulated: card.accumulated,
            unitsUsed: card.units_used,
            monthIndex: monthsBetween(month(card.in_service_date), period),
          },
          units,
        );
        return { card, amount, units };
      })
      .filter((x) => x.amount.gt(0) || (withUnitsCards && x.card.method === 'units'));
  }

  async runs(orgId: string, ledgerId: string, q: PageQueryDto): Promise<Page<RunView>> {
    await this.ledgers.get(orgId, ledgerId);
    return this.pager.page('depreciation-runs', q, 1, (p) => this.repo.runs(orgId, ledgerId, p), (r) => [r.period], (rows) => rows.map(runView));
  }

  /**
   * 处置 through 154 (SPEC §8), one voucher: the month's own depreciation if not yet posted (a card
   * disposed in M is still depreciated in M), then Dr 152 accumulated, Dr 154 net value / Cr 151
   * cost; costs Dr 154 / Cr bank; proceeds Dr bank / Cr 154; net gain Dr 154 / Cr 504, net loss
   * Dr 515 / Cr 154. Every 151/152/154 line carries the card.
   */
  async dispose(orgId: string, ledgerId: string, id: string, input: DisposeAssetDto): Promise<AssetView> {
    return this.tx.run(async () => {
      const card = await this.load(orgId, ledgerId, id, true);
      if (card.state === 'disposed') throw assetsError('ASSET_DISPOSED', `Card ${card.card_no} is already disposed`, 409);
      const period = month(input.date);
      if (input.date < card.in_service_date) throw assetsError('ASSET_MONTH_POSTED', 'A card is not disposed before it is in service', 409);
      const latest = await this.repo.latestRunPeriod(orgId, ledgerId);
      if (latest !== null && latest > period) throw assetsError('ASSET_MONTH_POSTED', `Depreciation is posted through ${latest}; a disposal in ${period} would rewrite it`, 409);
      const bank = input.bankAccountCode ?? SystemAccount.Bank;
      const memo = `${card.card_no} ${card.name}`.slice(0, 200);
      const lines: LineInput[] = [];
      const [due] = (await this.repo.depreciable(orgId, ledgerId, period)).filter((c) => c.id === id);
      const own = due ? this.amounts([due], period, new Map()) : [];
      if (due && month(due.in_service_date) < period && latest !== period && latest !== null && latest < addMonths(period, -1)) {
        throw assetsError('DEPRECIATION_OUT_OF_ORDER', `Run the depreciation through ${addMonths(period, -1)} before a disposal in ${period}`, 409);
      }
      const monthAmt = own[0]?.amount ?? new Decimal(0);
      if (monthAmt.gt(0)) {
        lines.push({ accountCode: PURPOSE_ACCOUNT[card.purpose], debit: money(monthAmt), assetId: id, memo }, { accountCode: AssetAccount.Accumulated, credit: money(monthAmt), assetId: id, memo });
      }
      const accumulated = new Decimal(card.accumulated).plus(monthAmt);
      const net = new Decimal(card.cost).minus(accumulated);
      const costs = new Decimal(input.costs ?? '0');
      const proceeds = new Decimal(input.proceeds);
      const result = proceeds.minus(net).minus(costs);
      const add = (accountCode: string, side: 'debit' | 'credit', amount: Decimal, withCard: boolean) => {
        if (amount.gt(0)) lines.push({ accountCode, [side]: money(amount), ...(withCard ? { assetId: id } : {}), memo });
      };
      add(AssetAccount.Accumulated, 'debit', accumulated, true);
      add(AssetAccount.Clearing, 'debit', net, true);
      add(AssetAccount.Cost, 'credit', new Decimal(card.cost), true);
      add(AssetAccount.Clearing, 'debit', costs, true);
      add(bank, 'credit', costs, false);
      add(bank, 'debit', proceeds, false);
      add(AssetAccount.Clearing, 'credit', proceeds, true);
      if (result.gt(0)) {
        add(AssetAccount.Clearing, 'debit', result, true);
        add(SystemAccount.OtherIncome, 'credit', result, false);
      } else {
        add(SystemAccount.OtherExpense, 'debit', result.negated(), false);
        add(AssetAccount.Clearing, 'credit', result.negated(), true);
      }
      const v = await this.vouchers.postSystemVoucher({ orgId, ledgerId, date: input.date, memo: `固定资产处置 ${memo}`.slice(0, 200), source: 'asset', sourceRef: `asset:${id}:disposal`, lines });
      if (monthAmt.gt(0)) {
        await this.repo.insertLines(orgId, [{ assetId: id, period, runId: null, voucherId: v.id, amount: money(monthAmt), units: null, accumulatedAfter: money(accumulated) }]);
        await this.repo.addDepreciation(orgId, [{ assetId: id, amount: money(monthAmt), units: null }]);
      }
      await this.repo.dispose(orgId, id, input.date, v.id);
      await this.repo.addState(orgId, id, 'disposed', input.date, input.reason);
      await this.audit.record({ orgId, action: 'fixed_asset.disposed', entity: 'fixed_asset', entityId: id, payload: input });
      return toView((await this.repo.asset(orgId, id))!);
    });
  }

  /** 折旧明细表 */
  async depreciationLines(orgId: string, ledgerId: string, q: PageQueryDto & { from: string; to: string; assetId?: string }): Promise<Page<DepreciationLineView>> {
    await this.ledgers.get(orgId, ledgerId);
    return this.pager.page('depreciation-lines', q, 2, (p) => this.repo.depreciationLines(orgId, ledgerId, q, p), (r) => [r.period, r.card_no], (rows) => rows.map(lineView));
  }

  /** 固定资产台账 as of the end of a month. */
  async register(orgId: string, ledgerId: string, q: PageQueryDto & { asOf: string }): Promise<Page<RegisterRowView>> {
    await this.ledgers.get(orgId, ledgerId);
    return this.pager.page(
      'asset-register',
      q,
      1,
      (p) => this.repo.register(orgId, ledgerId, q.asOf, p),
      (r) => [r.card_no],
      (rows) =>
        rows.map((r) => {
          const gone = r.disposed_on !== null && month(r.disposed_on) <= q.asOf;
          return {
            assetId: r.id,
            cardNo: r.card_no,
            name: r.name,
            category: r.category,
            location: r.location,
            inServiceDate: r.in_service_date,
            cost: money(r.cost),
            accumulated: money(r.accumulated_as_of),
            netValue: money(new Decimal(r.cost).minus(r.accumulated_as_of)),
            state: gone ? 'disposed' : r.state === 'disposed' ? 'in_use' : r.state,
          };
        }),
    );
  }

  /**
   * SPEC §8's invariant: Σ cards' accumulated depreciation = 152; Σ cards' cost = 151 (cards not
   * disposed, opening balances in the books' side); every 151/152/154 line carries a card (but those
   * ASSET_REQUIRED excuses). One snapshot, so a run posting meanwhile is seen whole or not at all.
   * `difference` is cards − books.
   */
  async integrity(orgId: string, ledgerId: string): Promise<AssetsIntegrityReport> {
    const [totals, dims] = await this.tx.snapshot(() =>
      this.tx.all(
        () => this.repo.totals(orgId, ledgerId),
        () => this.reports.assetDimension(orgId, ledgerId),
      ),
    );
    const balance = (prefix: string) => dims.filter((d) => d.accountCode.startsWith(prefix)).reduce((s, d) => s.plus(d.netDebit), new Decimal(0));
    const account152 = balance(AssetAccount.Accumulated).negated();
    const account151 = balance(AssetAccount.Cost);
    const cardless = dims.filter((d) => d.assetId === null);
    const linesWithoutCard = cardless.reduce((s, d) => s + d.lines - d.exemptLines, 0);
    const exemptLinesWithoutCard = cardless.reduce((s, d) => s + d.exemptLines, 0);
    const problems: { kind: string; ref: string }[] = [];
    if (!account152.eq(totals.accumulated)) problems.push({ kind: 'accumulated_depreciation_differs', ref: `cards ${money(totals.accumulated)} ≠ 152 ${money(account152)}` });
    if (!account151.eq(totals.cost)) problems.push({ kind: 'cost_differs', ref: `cards ${money(totals.cost)} ≠ 151 ${money(account151)}` });
    if (linesWithoutCard > 0) problems.push({ kind: 'lines_without_card', ref: `${linesWithoutCard} posted lines on 151/152/154` });
    const compare = (cards: string, books: Decimal, account: string): IntegrityCheckOutcome =>
      books.eq(cards) ? { ok: true, differences: [] } : { ok: false, differences: [{ account, cards: money(cards), books: money(books), difference: money(new Decimal(cards).minus(books)) }] };
    const perAccount = new Map<string, number>();
    for (const d of cardless) if (d.lines > d.exemptLines) perAccount.set(d.accountCode, (perAccount.get(d.accountCode) ?? 0) + d.lines - d.exemptLines);
    const checks: Record<AssetsCheck, IntegrityCheckOutcome> = {
      'assets.accumulated_depreciation': compare(totals.accumulated, account152, AssetAccount.Accumulated),
      'assets.cost': compare(totals.cost, account151, AssetAccount.Cost),
      'assets.lines_carry_cards': { ok: perAccount.size === 0, differences: [...perAccount].sort(([a], [b]) => a.localeCompare(b)).map(([accountCode, lines]) => ({ accountCode, linesWithoutCard: lines })) },
    };
    return {
      ok: problems.length === 0,
      cardsAccumulated: money(totals.accumulated),
      account152: money(account152),
      cardsCost: money(totals.cost),
      account151: money(account151),
      linesWithoutCard,
      exemptLinesWithoutCard,
      problems,
      checks,
    };
  }

  // Resources
  async createResource(orgId: string, input: CreateResourceDto): Promise<ResourceView> {
    return this.tx.run(async () => {
      if (await this.repo.resourceNumberTaken(orgId, input.number)) throw assetsError('RESOURCE_NUMBER_TAKEN', `Resource ${input.number} exists`, 409);
      const id = randomUUID();
      const areaM2 = input.areaM2 ?? money(new Decimal(input.areaMu).times('666.67'));
      await this.repo.insertResource(orgId, {
        id,
        number: input.number,
        type: input.type,
        name: input.name,
        location: input.location ?? null,
        boundaries: input.boundaries ?? null,
        area_mu: input.areaMu,
        area_m2: areaM2,
        certificate_no: input.certificateNo ?? null,
        current_use: input.currentUse,
        note: input.note ?? null,
      });
      await this.audit.record({ orgId, action: 'resource.created', entity: 'resource', entityId: id, payload: input });
      return resourceView((await this.repo.resource(orgId, id))!);
    });
  }

  async resource(orgId: string, id: string): Promise<ResourceView> {
    const r = await this.repo.resource(orgId, id);
    if (!r) throw assetsError('RESOURCE_NOT_FOUND', 'No such resource', 404);
    return resourceView(r);
  }

  async resources(orgId: string, q: PageQueryDto): Promise<Page<ResourceView>> {
    return this.pager.page('resources', q, 1, (p) => this.repo.resources(orgId, p), (r) => [r.number], (rows) => rows.map(resourceView));
  }

  async updateResource(orgId: string, id: string, input: UpdateResourceDto): Promise<ResourceView> {
    return this.tx.run(async () => {
      if (!(await this.repo.resource(orgId, id, true))) throw assetsError('RESOURCE_NOT_FOUND', 'No such resource', 404);
      const fields: Partial<Omit<ResourceRow, 'id' | 'number'>> = {};
      if (input.name !== undefined) fields.name = input.name;
      if (input.location !== undefined) fields.location = input.location;
      if (input.boundaries !== undefined) fields.boundaries = input.boundaries;
      if (input.certificateNo !== undefined) fields.certificate_no = input.certificateNo;
      if (input.currentUse !== undefined) fields.current_use = input.currentUse;
      if (input.note !== undefined) fields.note = input.note;
      await this.repo.updateResource(orgId, id, fields);
      await this.audit.record({ orgId, action: 'resource.edited', entity: 'resource', entityId: id, payload: input });
      return resourceView((await this.repo.resource(orgId, id))!);
    });
  }

  private async load(orgId: string, ledgerId: string, id: string, lock = false): Promise<AssetRow> {
    const a = await this.repo.asset(orgId, id, lock);
    if (!a || a.ledger_id !== ledgerId) throw assetsError('ASSET_NOT_FOUND', 'No such fixed-asset card in this ledger', 404);
    return a;
  }
}
