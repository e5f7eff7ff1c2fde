import { randomUUID } from 'node:crypto';
import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import { AuditService, registerEntitySnapshot } from '@app/audit';
import { addDays, Clock, Decimal, decimalProblem, isUuid, maskIdNumber, money, OrgJobData, Pager, publicJobId, TransactionRunner } from '@app/core';
import type { Page, PageQueryDto } from '@app/core';
import { LedgersService, LedgerReportsService, SystemAccount, VouchersService } from '@app/ledger';
import { OrganizationsService } from '@app/organizations';
import { RegisterService } from '@app/shares';
import { dividendsError } from './dividends-errors.js';
import { AllocationRow, DistributionsRepository, PlanRow } from './distributions.repository.js';
import { AllocationQueryDto, AllocationView, CreateDistributionDto, MyDistributionNoticeView, PlanDetailView, PlanView } from './dto/distributions.dto.js';
import { calculateJobId, YEAR_END_QUEUE } from './queue/year-end-queue.js';

registerEntitySnapshot('distribution_plan', `SELECT to_jsonb(p) - 'calculated_at' FROM distribution_plans p WHERE p.org_id = $1 AND p.id = $2::uuid`);
// A plan's allocations are audited apart from the plan, as text rather than jsonb, and only by the
// writes that change them (calculation, release, payment): hashing a million rows costs a pass over
// them, which the plan's other writes (publish, approve, post) do not pay.
registerEntitySnapshot(
  'distribution_allocations',
  `SELECT string_agg(concat_ws('|', a.shareholder_id, a.units, a.gross, a.tax, a.net, a.withheld, a.paid), ';' ORDER BY a.shareholder_number COLLATE "C")
     FROM distribution_allocations a WHERE a.org_id = $1 AND a.plan_id = $2::uuid`,
);

/**
 * Distribution plans (SPEC §2.5): draft → calculated (the queued job) → public_notice (公示; an
 * objection sends it back to calculated) → approved (board, once the notice has run, or skipping it
 * with a reason) → posted (the books) → partly paid / paid. Guard rails against over-distribution
 * and reserves under the charter minimum, unless overridden with a reason; overrides and skipped
 * notices are logged and listed as warnings.
 */
@Injectable()
export class DistributionsService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly repo: DistributionsRepository,
    private readonly ledgers: LedgersService,
    private readonly ledgerReports: LedgerReportsService,
    private readonly vouchers: VouchersService,
    private readonly register: RegisterService,
    private readonly organizations: OrganizationsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly pager: Pager,
    @InjectQueue(YEAR_END_QUEUE) private readonly queue: Queue<OrgJobData & { planId: string }>,
  ) {}

  async create(orgId: string, input: CreateDistributionDto, userId: string): Promise<PlanView> {
    const amount = (value: unknown, field: string, scale: number, allowZero = false) => {
      const problem = decimalProblem(value, { scale, allowZero });
      if (problem) throw dividendsError('INVALID_AMOUNT', `${field} ${problem}`, 400, [{ field, problems: [problem] }]);
      return value as string;
    };
    const reservePercent = amount(input.reservePercent, 'reservePercent', 2, true);
    if (new Decimal(reservePercent).gt(100)) throw dividendsError('INVALID_AMOUNT', 'reservePercent is at most 100', 400);
    if ((input.totalAmount === undefined) === (input.amountPerUnit === undefined)) throw dividendsError('PLAN_INVALID', 'Give either totalAmount or amountPerUnit', 400);
    const totalAmount = input.totalAmount === undefined ? null : amount(input.totalAmount, 'totalAmount', 2);
    const amountPerUnit = input.amountPerUnit === undefined ? null : amount(input.amountPerUnit, 'amountPerUnit', 4);
    const taxRate = input.taxRate === undefined ? '0' : amount(input.taxRate, 'taxRate', 4, true);
    if (new Decimal(taxRate).gte(1)) throw dividendsError('INVALID_AMOUNT', 'taxRate is a fraction below 1 (0.20 for 20%)', 400);
    const recordDate = input.recordDate ?? `${input.fiscalYear}-12-31`;
    if (!recordDate.startsWith(`${input.fiscalYear}-`) || Number.isNaN(Date.parse(`${recordDate}T00:00:00Z`)) || new Date(`${recordDate}T00:00:00Z`).toISOString().slice(0, 10) !== recordDate) {
      throw dividendsError('RECORD_DATE_INVALID', `The record date is a day of ${input.fiscalYear}`, 400);
    }
    return this.tx.run(async () => {
      const ledger = await this.ledgers.get(orgId, input.ledgerId);
      if (`${input.fiscalYear}-12` < ledger.start_period) throw dividendsError('PLAN_INVALID', `The ledger starts in ${ledger.start_period}`, 400);
      if (await this.repo.planExists(orgId, input.ledgerId, input.fiscalYear)) throw dividendsError('PLAN_EXISTS', `A plan for ${input.fiscalYear} exists for this ledger`, 409);
      const classes = await this.register.shareClasses(orgId);
      const classWeights: Record<string, string> = {};
      for (const c of classes) classWeights[c.code] = c.weight;
      for (const [code, weight] of Object.entries(input.classWeights ?? {})) {
        if (!(code in classWeights)) throw dividendsError('PLAN_INVALID', `Share class ${code} does not exist`, 400);
        classWeights[code] = amount(weight, `classWeights.${code}`, 4, true);
      }
      const income = await this.ledgerReports.incomeStatement(orgId, input.ledgerId, String(input.fiscalYear));
      const line = (n: string) => income.rows.find((r) => r.line === n)!.amount;
      const profit = line('13');
      const openingUndistributed = line('14');
      const reserveAmount = money(Decimal.max(new Decimal(profit), 0).times(reservePercent).dividedBy(100));
      const distributable = new Decimal(profit).minus(reserveAmount).plus(openingUndistributed);
      const warnings = await this.guardRails(orgId, { reservePercent, totalAmount, distributable }, input.override?.reason);
      const id = randomUUID();
      await this.repo.insertPlan(orgId, {
        id,
        ledger_id: input.ledgerId,
        fiscal_year: input.fiscalYear,
        record_date: recordDate,
        reserve_percent: reservePercent,
        total_amount: totalAmount,
        amount_per_unit: amountPerUnit,
        class_weights: classWeights,
        prorate_by_days: input.prorateByDays ?? false,
        tax_rate: taxRate,
        payable_account: input.payableAccount ?? SystemAccount.DividendsPayable,
        profit,
        opening_undistributed: openingUndistributed,
        reserve_amount: reserveAmount,
        override_reason: input.override?.reason ?? null,
        warnings,
        created_by: userId,
      });
      await this.audit.record({ orgId, action: 'distribution.created', entity: 'distribution_plan', entityId: id, payload: { ...input, warnings } });
      return this.view(orgId, id);
    });
  }

  /** 202: the calculation runs on the `year-end` queue; the job id is fixed per plan version, so a double click enqueues once. */
  async enqueueCalculation(orgId: string, planId: string, userId: string): Promise<{ jobId: string }> {
    const plan = await this.load(orgId, planId);
    // What is in 公示 is what the board approves: to change it, an objection first sends the plan back.
    if (plan.status === 'public_notice') throw dividendsError('PLAN_STATE', 'A plan in its 公示 is not recalculated; an objection sends it back to calculated', 409);
    if (plan.status !== 'draft' && plan.status !== 'calculated') throw dividendsError('PLAN_STATE', `A ${plan.status} plan is not recalculated`, 409);
    const id = calculateJobId(orgId, planId, plan.calculated_at);
    await this.queue.add('calculate', { orgId, requestedBy: userId, planId }, { jobId: id, attempts: 5, backoff: { type: 'fixed', delay: 500 } });
    return { jobId: publicJobId(YEAR_END_QUEUE, id) };
  }

  /** The job's work: all allocations in one transaction; a crash leaves the previous state; a rerun gives the same rows. */
  async calculate(orgId: string, planId: string, progress: (percent: number) => Promise<unknown> = async () => undefined): Promise<PlanView> {
    // Stages of the one transaction, for the console's progress bar (`GET /jobs/{id}`): sent without
    // waiting for Redis, so the transaction (and the plan's row lock) is not held open for it.
    const report = (percent: number) => void progress(percent).catch(() => undefined);
    return this.tx.run(async () => {
      const plan = await this.load(orgId, planId, true);
      if (plan.status !== 'draft' && plan.status !== 'calculated') return toPlanView(plan);
      report(10);
      const totals = await this.repo.calculate(orgId, planId, plan.status === 'calculated');
      if (totals.n === 0) throw dividendsError('NO_HOLDINGS', `Nobody holds shares on ${plan.record_date}`, 409);
      report(80);
      const calculated = await this.repo.setCalculated(orgId, planId, { n: totals.n, units: totals.units!, gross: totals.gross!, tax: totals.tax!, collective: totals.collective! });
      await this.audit.recordMany([
        { orgId, action: 'distribution.calculated', entity: 'distribution_plan', entityId: planId, payload: totals },
        { orgId, action: 'distribution.allocated', entity: 'distribution_allocations', entityId: planId, payload: { count: totals.n, gross: totals.gross } },
      ]);
      report(95);
      return toPlanView(calculated);
    });
  }

  /**
   * 公示: a calculated plan is published for the organization's notice days (the share events'
   * setting and clock). The guard rails are checked now too: a plan the board could not approve is
   * not worth a notice.
   */
  async publish(orgId: string, planId: string): Promise<PlanView> {
    return this.tx.run(async () => {
      const plan = await this.load(orgId, planId, true);
      if (plan.status !== 'calculated') throw dividendsError('PLAN_STATE', `Only a calculated plan is published; this one is ${plan.status}`, 409);
      await this.guardRails(orgId, { reservePercent: plan.reserve_percent, totalAmount: plan.gross_total, distributable: distributableOf(plan) }, plan.override_reason ?? undefined);
      const noticeEndsOn = addDays(this.clock.today(), (await this.organizations.settings(orgId)).noticeDays);
      const published = await this.repo.setNotice(orgId, planId, { status: 'public_notice', noticeEndsOn });
      await this.audit.record({ orgId, action: 'distribution.published', entity: 'distribution_plan', entityId: planId, payload: { noticeEndsOn } });
      return toPlanView(published);
    });
  }

  /**
   * An objection during the 公示 sends the plan back to calculated, with the objection attached; it is published again (or recalculated first).
   * `ownOnly`: a caller who is only a member of the organization is answered with their own objections, not who else objected.
   */
  async object(orgId: string, planId: string, userId: string, reason: string, ownOnly = false): Promise<PlanView> {
    return this.tx.run(async () => {
      const plan = await this.load(orgId, planId, true);
      if (plan.status !== 'public_notice') throw dividendsError('PLAN_STATE', `Objections are raised during the plan's 公示; this plan is ${plan.status}`, 409);
      const objections = [...plan.objections, { at: new Date().toISOString(), by: userId, reason }];
      const objected = await this.repo.setNotice(orgId, planId, { status: 'calculated', noticeEndsOn: null, objections });
      await this.audit.record({ orgId, action: 'distribution.objected', entity: 'distribution_plan', entityId: planId, payload: { reason } });
      const view = toPlanView(objected);
      return ownOnly ? { ...view, objections: view.objections.filter((o) => o.by === userId) } : view;
    });
  }

  /**
   * The board approves a plan whose 公示 has run (from its last day on, as share events), or a
   * calculated plan without one when given a reason, which is logged and listed as a warning. The
   * guard rails are checked again against the calculated total.
   */
  async approve(orgId: string, planId: string, userId: string, skipNoticeReason?: string): Promise<PlanView> {
    return this.tx.run(async () => {
      const plan = await this.load(orgId, planId, true);
      if (skipNoticeReason !== undefined) {
        if (plan.status !== 'calculated') throw dividendsError('PLAN_STATE', `skipNotice approves a calculated plan without its 公示; this one is ${plan.status}`, 409);
      } else if (plan.status === 'calculated') {
        throw dividendsError('PLAN_NOT_PUBLISHED', 'A plan is approved after its 公示: publish it first, or give skipNotice with a reason', 409);
      } else if (plan.status !== 'public_notice') {
        throw dividendsError('PLAN_STATE', `Only a plan whose 公示 has run is approved; this one is ${plan.status}`, 409);
      } else if (plan.notice_ends_on! > this.clock.today()) {
        throw dividendsError('NOTICE_NOT_ENDED', `The 公示 runs until ${plan.notice_ends_on}`, 409);
      }
      const distributable = distributableOf(plan);
      const warnings = await this.guardRails(orgId, { reservePercent: plan.reserve_percent, totalAmount: plan.gross_total, distributable }, plan.override_reason ?? undefined);
      const skipped = skipNoticeReason === undefined ? [] : [`approved without a 公示; reason: ${skipNoticeReason}`];
      const approved = await this.repo.setStatus(orgId, planId, 'approved', { approvedBy: userId, approvedOn: this.clock.today(), warnings: [...new Set([...plan.warnings, ...warnings, ...skipped])], noticeSkipReason: skipNoticeReason });
      const payload = skipNoticeReason === undefined ? { noticeEndsOn: plan.notice_ends_on } : { skipNotice: { reason: skipNoticeReason }, warnings: skipped };
      await this.audit.record({ orgId, action: 'distribution.approved', entity: 'distribution_plan', entityId: planId, payload });
      return toPlanView(approved);
    });
  }

  /**
   * Posts once (the plan row lock makes a second post see `posted`): 提取公积公益金 (Dr 各项分配 /
   * Cr 311), 向成员分配 (Dr 各项分配 / Cr payable net, 214 tax, 311 for 集体股), and the closing of
   * 各项分配 into 未分配收益, all dated 12-31 of the fiscal year.
   */
  async post(orgId: string, planId: string): Promise<PlanView> {
    return this.tx.run(async () => {
      const plan = await this.load(orgId, planId, true);
      if (plan.status !== 'approved') throw dividendsError('PLAN_STATE', `Only an approved plan is posted; this one is ${plan.status}`, 409);
      const date = `${plan.fiscal_year}-12-31`;
      const ref = `distribution:${plan.id}`;
      const reserve = new Decimal(plan.reserve_amount);
      const gross = new Decimal(plan.gross_total!);
      const tax = new Decimal(plan.tax_total!);
      const collective = new Decimal(plan.collective_gross!);
      const members = gross.minus(tax).minus(collective);
      const voucher = (memo: string, lines: { accountCode: string; debit?: string; credit?: string; counterparty?: string }[]) => ({ date, memo, source: 'distribution' as const, sourceRef: ref, lines });
      const vouchers = [];
      if (reserve.gt(0)) vouchers.push(voucher('提取公积公益金', [{ accountCode: SystemAccount.ReserveAppropriation, debit: money(reserve) }, { accountCode: SystemAccount.Reserve, credit: money(reserve) }]));
      vouchers.push(
        voucher('向成员分配', [
          { accountCode: SystemAccount.MemberDistribution, debit: money(gross) },
          ...(members.gt(0) ? [{ accountCode: plan.payable_account, credit: money(members), counterparty: `${plan.fiscal_year}年度分配方案` }] : []),
          ...(tax.gt(0) ? [{ accountCode: SystemAccount.TaxesPayable, credit: money(tax) }] : []),
          ...(collective.gt(0) ? [{ accountCode: SystemAccount.Reserve, credit: money(collective) }] : []),
        ]),
      );
      vouchers.push(
        voucher('结转各项分配', [
          { accountCode: SystemAccount.UndistributedProfit, debit: money(reserve.plus(gross)) },
          ...(reserve.gt(0) ? [{ accountCode: SystemAccount.ReserveAppropriation, credit: money(reserve) }] : []),
          { accountCode: SystemAccount.MemberDistribution, credit: money(gross) },
        ]),
      );
      // The two or three vouchers in one pass (numbered in this order): a year's thousands of plans post in one evening.
      // The plan's row and audit entry go in the same pass: its entry follows the vouchers' in one append.
      let posted: PlanRow | undefined;
      await this.vouchers.postSystemVouchers(orgId, plan.ledger_id, vouchers, async (written) => {
        const voucherIds = written.map((v) => v.id);
        posted = await this.repo.setStatus(orgId, planId, 'posted', { voucherIds });
        return [{ orgId, action: 'distribution.posted', entity: 'distribution_plan', entityId: planId, payload: { voucherIds } }];
      });
      return toPlanView(posted!);
    });
  }

  async view(orgId: string, planId: string): Promise<PlanView> {
    return toPlanView(await this.load(orgId, planId));
  }

  /** One plan as `GET …/distributions/{id}` shows it: the plan and its payment batches. */
  async detail(orgId: string, planId: string): Promise<PlanDetailView> {
    const plan = await this.view(orgId, planId);
    const batches = await this.repo.batches(orgId, planId);
    return {
      ...plan,
      paymentBatches: batches.map((b) => ({
        id: b.id,
        status: b.status,
        total: money(b.total),
        rows: b.row_count,
        voucherId: b.voucher_id,
        createdAt: b.created_at.toISOString(),
        confirmedAt: b.confirmed_at?.toISOString() ?? null,
      })),
    };
  }

  /** Plans by fiscal year, then in the order they were made; only those with warnings (overrides, a skipped 公示) if asked. */
  list(orgId: string, q: PageQueryDto, onlyWithWarnings = false): Promise<Page<PlanView>> {
    return this.pager.page(
      onlyWithWarnings ? 'plan-warnings' : 'plans',
      q,
      3,
      (page) => this.repo.plans(orgId, onlyWithWarnings, page),
      (r) => [r.fiscal_year, r.created_key, r.id],
      (rows) => rows.map(toPlanView),
    );
  }

  /** A plan's allocations by shareholder number. */
  async allocations(orgId: string, planId: string, q: AllocationQueryDto): Promise<Page<AllocationView>> {
    await this.load(orgId, planId);
    return this.pager.page(
      'allocations',
      q,
      1,
      (page) => this.repo.allocations(orgId, planId, { shareholderId: q.shareholderId, after: page.after?.[0] as string | undefined, limit: page.take }),
      (r) => [r.shareholder_number],
      (rows) => rows.map(toAllocationView),
    );
  }

  /** A shareholder's dividend statement for a year: record-date holdings by class, weights, units and the money. */
  async dividendStatement(orgId: string, shareholderId: string, year: string) {
    const plans = (await this.repo.plans(orgId)).filter((p) => String(p.fiscal_year) === year && ['posted', 'partly_paid', 'paid'].includes(p.status));
    const shareholder = await this.register.shareholder(orgId, shareholderId, true);
    const classes = await this.register.shareClasses(orgId);
    const result = [];
    for (const plan of plans) {
      const [allocation] = await this.repo.allocations(orgId, plan.id, { shareholderId });
      if (!allocation) continue;
      const holdings = await this.register.holdings(orgId, plan.record_date, shareholderId);
      result.push({
        planId: plan.id,
        fiscalYear: plan.fiscal_year,
        recordDate: plan.record_date,
        approvedOn: plan.approved_on,
        holdings: holdings.map((h) => {
          const weight = plan.class_weights[h.shareClass] ?? '0';
          return { shareClass: h.shareClass, name: classes.find((c) => c.code === h.shareClass)?.name ?? h.shareClass, quantity: h.quantity, weight, units: new Decimal(h.quantity).times(weight).toFixed(8) };
        }),
        ...toAllocationView(allocation),
      });
    }
    if (result.length === 0) throw dividendsError('STATEMENT_NOT_FOUND', `No posted distribution for ${year}`, 404);
    const household = await this.register.householdCode(orgId, shareholder.householdId);
    return {
      organization: await this.organizationName(orgId),
      shareholder: { id: shareholder.id, number: shareholder.number, name: shareholder.name, idNumber: shareholder.idNumber ? maskIdNumber(shareholder.idNumber) : null },
      household,
      year,
      distributions: result,
    };
  }

  /**
   * For a shareholder: the plans in their 公示 in the organizations where they hold the role, with
   * their own allocation only (what they may object to), by organization then fiscal year.
   */
  async myNotices(principal: { shareholderId: string | null; grants: { orgId: string; role: string }[] }, q: PageQueryDto): Promise<Page<MyDistributionNoticeView>> {
    const shareholderId = principal.shareholderId;
    const orgIds = [...new Set(principal.grants.filter((g) => g.role === 'shareholder').map((g) => g.orgId))].sort();
    const notices: MyDistributionNoticeView[] = [];
    if (shareholderId) {
      for (const orgId of orgIds) {
        const plans = (await this.repo.plans(orgId)).filter((p) => p.status === 'public_notice');
        if (plans.length === 0) continue;
        const organization = await this.organizationName(orgId);
        for (const plan of plans) {
          const [a] = await this.repo.allocations(orgId, plan.id, { shareholderId });
          notices.push({
            orgId,
            organization,
            planId: plan.id,
            fiscalYear: plan.fiscal_year,
            recordDate: plan.record_date,
            totalAmount: plan.total_amount === null ? null : money(plan.total_amount),
            amountPerUnit: plan.amount_per_unit,
            grossTotal: plan.gross_total === null ? null : money(plan.gross_total),
            noticeEndsOn: plan.notice_ends_on,
            mine: a ? { units: a.units, gross: money(a.gross), tax: money(a.tax), net: money(a.net), withheld: money(a.withheld) } : null,
          });
        }
      }
    }
    return this.pager.page(
      'my-distribution-notices',
      q,
      2,
      async (page) => notices.filter((n) => page.after === null || [n.orgId, n.planId].join(' ') > page.after.map(String).join(' ')).slice(0, page.take),
      (n) => [n.orgId, n.planId],
      (rows) => rows,
    );
  }

  private async organizationName(orgId: string): Promise<string> {
    return (await this.organizations.get(orgId)).name;
  }

  async load(orgId: string, planId: string, lock = false): Promise<PlanRow> {
    const plan = isUuid(planId) ? await this.repo.plan(orgId, planId, lock) : null;
    if (!plan) throw dividendsError('PLAN_NOT_FOUND', 'Distribution plan not found', 404);
    return plan;
  }

  /** Dongguan's rules: no more than distributable profit; reserves at least the charter minimum; or an override, logged as a warning. */
  private async guardRails(orgId: string, p: { reservePercent: string; totalAmount: string | null; distributable: Decimal }, override?: string): Promise<string[]> {
    const { minReservePercent } = await this.organizations.settings(orgId);
    const warnings: string[] = [];
    if (new Decimal(p.reservePercent).lt(minReservePercent)) {
      const message = `公积公益金 ${money(p.reservePercent)}% is below the charter minimum ${money(minReservePercent)}%`;
      if (!override) throw dividendsError('RESERVE_BELOW_MINIMUM', message, 422);
      warnings.push(`${message}; overridden: ${override}`);
    }
    if (p.totalAmount !== null && new Decimal(p.totalAmount).gt(p.distributable)) {
      const message = `distributes ${money(p.totalAmount)}, more than the distributable ${money(p.distributable)} (本年收益 − 公积公益金 + 年初未分配收益)`;
      if (!override) throw dividendsError('PLAN_EXCEEDS_DISTRIBUTABLE', message, 422);
      warnings.push(`${message}; overridden: ${override}`);
    }
    return warnings;
  }
}

function distributableOf(p: PlanRow): Decimal {
  return new Decimal(p.profit).minus(p.reserve_amount).plus(p.opening_undistributed);
}

function toPlanView(p: PlanRow): PlanView {
  return {
    id: p.id,
    ledgerId: p.ledger_id,
    fiscalYear: p.fiscal_year,
    recordDate: p.record_date,
    reservePercent: money(p.reserve_percent),
    totalAmount: p.total_amount === null ? null : money(p.total_amount),
    amountPerUnit: p.amount_per_unit,
    classWeights: p.class_weights,
    prorateByDays: p.prorate_by_days,
    taxRate: p.tax_rate,
    payableAccount: p.payable_account,
    status: p.status,
    profit: money(p.profit),
    openingUndistributed: money(p.opening_undistributed),
    reserveAmount: money(p.reserve_amount),
    distributable: money(distributableOf(p)),
    overrideReason: p.override_reason,
    warnings: p.warnings,
    unitsTotal: p.units_total,
    grossTotal: p.gross_total === null ? null : money(p.gross_total),
    taxTotal: p.tax_total === null ? null : money(p.tax_total),
    collectiveGross: p.collective_gross === null ? null : money(p.collective_gross),
    allocationCount: p.allocation_count,
    voucherIds: p.voucher_ids,
    noticeEndsOn: p.notice_ends_on,
    objections: p.objections,
    noticeSkipReason: p.notice_skip_reason,
  };
}

export function toAllocationView(a: AllocationRow): AllocationView {
  return {
    shareholderId: a.shareholder_id,
    shareholderNumber: a.shareholder_number,
    collective: a.collective,
    units: a.units,
    frozenUnits: a.frozen_units,
    gross: money(a.gross),
    tax: money(a.tax),
    net: money(a.net),
    withheld: money(a.withheld),
    paid: money(a.paid),
    paidAt: a.paid_at?.toISOString() ?? null,
  };
}
