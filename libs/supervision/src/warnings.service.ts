import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService, registerEntitySnapshot } from '@app/audit';
import { Clock, Decimal, isUuid, money, Pager, TransactionRunner } from '@app/core';
import type { Page, VoucherPostedEvent } from '@app/core';
import { AssetsService } from '@app/assets';
import { ContractsService } from '@app/contracts';
import type { ContractFact } from '@app/contracts';
import { LedgerReportsService, LedgersService, PeriodsService, ReportsService } from '@app/ledger';
import { OrganizationsService } from '@app/organizations';
import { BudgetService } from './budget.service.js';
import { ThresholdDto, WarningQueryDto, WarningStateDto, WarningView } from './dto/supervision.dto.js';
import { ruleByCode, RULES, THRESHOLD_PARAMS } from './rules.js';
import { supervisionError } from './supervision-errors.js';
import { NewWarning, SupervisionRepository, WarningRow } from './supervision.repository.js';
import { ThresholdHistory } from './thresholds.js';

// Warnings are derived (the evaluation refreshes them without an audit row each), so their rows are not state-hashed; their lifecycle steps are audited.
registerEntitySnapshot('warning_threshold', `SELECT coalesce(jsonb_agg(to_jsonb(t) ORDER BY t.param, t.effective_from), '[]') FROM warning_thresholds t WHERE t.org_id = $1 AND t.org_id = $2::uuid`);

type Found = Omit<NewWarning, 'org_id' | 'id' | 'rule_version'>;

export interface EvaluationResult {
  orgId: string;
  year: string;
  inserted: number;
  updated: number;
  unchanged: number;
}

const ZERO = new Decimal(0);
const lastDay = (period: string) => new Date(Date.UTC(Number(period.slice(0, 4)), Number(period.slice(5, 7)), 0)).toISOString().slice(0, 10);
const nextMonthDay = (period: string, day: number) => {
  const d = new Date(Date.UTC(Number(period.slice(0, 4)), Number(period.slice(5, 7)), Math.max(1, Math.min(28, day))));
  return d.toISOString().slice(0, 10);
};
const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
const signed = (direction: string, balance: string) => (direction === '贷' ? new Decimal(balance).negated() : new Decimal(balance));

/**
 * 三色预警 (SPEC §9): evaluation of the active rules over an organization's books for a year, the
 * warning records and their lifecycle, the towns' thresholds. Facts come from the ledger's published
 * reports only; thresholds from the town's dated settings (a rule without a setting does not run).
 */
@Injectable()
export class WarningsService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly repo: SupervisionRepository,
    private readonly orgs: OrganizationsService,
    private readonly ledgers: LedgersService,
    private readonly periods: PeriodsService,
    private readonly reports: ReportsService,
    private readonly statements: LedgerReportsService,
    private readonly budgets: BudgetService,
    private readonly contracts: ContractsService,
    private readonly assets: AssetsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly pager: Pager,
  ) {}

  // ---- thresholds ----

  async setThreshold(townId: string, input: ThresholdDto, userId: string) {
    return this.tx.run(async () => {
      await this.town(townId);
      await this.repo.setThreshold(townId, input.param, input.effectiveFrom, input.value, userId);
      await this.audit.record({ orgId: townId, action: 'warning_threshold.set', entity: 'warning_threshold', entityId: townId, payload: input });
      return this.thresholds(townId);
    });
  }

  /** The town's settings with their history, and which rules run (active with every parameter set). */
  async thresholds(townId: string) {
    await this.town(townId);
    const rows = await this.repo.thresholds(townId);
    return {
      townId,
      params: Object.entries(THRESHOLD_PARAMS).map(([param, d]) => ({
        param,
        label: d.label,
        unit: d.unit,
        history: rows.filter((r) => r.param === param).map((r) => ({ effectiveFrom: r.effective_from, value: money(r.value), setBy: r.set_by })),
      })),
    };
  }

  /** The rule catalogue, each with its state for this town today: active, waiting (no data yet) or unconfigured. */
  async rules(townId: string) {
    await this.town(townId);
    const history = new ThresholdHistory(await this.repo.thresholds(townId));
    const today = this.clock.today();
    return RULES.map((r) => ({
      ...r,
      state: r.status === 'waiting' ? 'waiting' : r.params.every((p) => history.at(p, today) !== null) ? 'active' : 'unconfigured',
    }));
  }

  // ---- warnings ----

  async list(orgId: string, q: WarningQueryDto): Promise<Page<WarningView>> {
    return this.pager.page('warnings', q, 2, (page) => this.repo.warningsPage(orgId, { state: q.state, colour: q.colour, rule: q.rule }, page), (w) => [w.period, w.id], (rows) => rows.map(toView));
  }

  async get(orgId: string, id: string): Promise<WarningView> {
    return toView(await this.load(orgId, id, false));
  }

  /** open → acknowledged → resolved | dismissed (also straight from open); resolved and dismissed are final and need a reason. */
  async transition(orgId: string, id: string, input: WarningStateDto, userId: string): Promise<WarningView> {
    return this.tx.run(async () => {
      const w = await this.load(orgId, id, true);
      const allowed: Record<string, string[]> = { open: ['acknowledged', 'resolved', 'dismissed'], acknowledged: ['resolved', 'dismissed'] };
      if (!(allowed[w.state] ?? []).includes(input.state)) throw supervisionError('WARNING_STATE', `A warning ${w.state} cannot become ${input.state}`, 409);
      if (input.state !== 'acknowledged' && !input.reason) throw supervisionError('WARNING_STATE', `A reason is required to mark a warning ${input.state}`, 400);
      await this.repo.setWarningState(orgId, id, input.state, input.reason ?? null, userId);
      await this.audit.record({ orgId, action: `warning.${input.state}`, entity: 'warning', entityId: id, payload: { reason: input.reason ?? null } });
      return toView((await this.repo.warning(orgId, id))!);
    });
  }

  // ---- evaluation ----

  /**
   * Evaluates every active rule over the organization's ledgers for a year, as of today, in one
   * transaction. Keyed by rule + subject + period in the database, so a second run writes nothing.
   */
  async evaluate(orgId: string, year: string): Promise<EvaluationResult> {
    return this.tx.run(async () => {
      const townId = await this.orgs.townOf(orgId);
      const history = new ThresholdHistory(await this.repo.thresholds(townId));
      const today = this.clock.today();
      const found: Found[] = [];
      const ledgers = (await this.ledgers.list(orgId, { limit: 1000 })).items;
      for (const ledger of ledgers) {
        const from = `${year}-01` < ledger.startPeriod ? ledger.startPeriod : `${year}-01`;
        const lastMonth = today.slice(0, 7) > `${year}-12` ? `${year}-12` : today.slice(0, 7);
        if (lastMonth < from) continue;
        found.push(...(await this.cashRules(orgId, ledger.id, from, lastMonth, history)));
        found.push(...(await this.periodRules(orgId, ledger.id, from, lastMonth, today, history)));
        found.push(...(await this.yearEndRule(orgId, ledger.id, year)));
        if (ledger.kind === 'public') found.push(...(await this.budgetRule(orgId, ledger.id, year, lastMonth, history)));
      }
      // The contract rules look at the register as it stands today, not at a year's books: once, in the current year's run.
      if (year === today.slice(0, 4)) found.push(...(await this.contractRules(orgId, today, history)));
      // One statement for all of them (set-based), the same outcome per key as one at a time.
      const outcomes = await this.repo.upsertWarnings(
        found.map((f) => ({ ...f, org_id: orgId, id: randomUUID(), rule_version: ruleByCode(f.rule_code).version })),
        today,
      );
      const result: EvaluationResult = { orgId, year, ...outcomes };
      if (result.inserted + result.updated > 0) {
        await this.audit.record({ orgId, action: 'warnings.evaluated', entity: 'organization', entityId: orgId, payload: { year, inserted: result.inserted, updated: result.updated } });
      }
      return result;
    });
  }

  /**
   * On posting (cheap rules): W4 for the voucher just posted, from its lines as posted (a W4 is about
   * one voucher and the threshold at its date, so the month's other vouchers were judged when they
   * were posted; the nightly evaluation re-judges everything); W14 when the ledger is public. A
   * voucher paying no cash in a ledger without a budget reads nothing.
   */
  async onPosted(e: VoucherPostedEvent): Promise<void> {
    const cashPaid = e.lines.filter((l) => l.accountCode.startsWith('101') && !new Decimal(l.credit).isZero());
    if (cashPaid.length === 0 && e.ledgerKind !== 'public') return;
    const townId = await this.orgs.townOf(e.orgId);
    const history = new ThresholdHistory(await this.repo.thresholds(townId));
    const found: Found[] = [];
    const limit = cashPaid.length === 0 ? null : history.at('large_cash_payment', e.date);
    const amount = cashPaid.reduce((s, l) => s.plus(l.credit), ZERO);
    if (limit !== null && amount.gte(limit)) {
      const label = `${e.number} ${cashPaid[0].memo ?? e.memo}`.slice(0, 200);
      found.push({ rule_code: 'W4', ledger_id: e.ledgerId, period: e.date.slice(0, 7), subject_type: 'voucher', subject_id: e.voucherId, subject_label: label, measured: money(amount), threshold: money(limit), colour: 'yellow', first_seen: e.date });
    }
    if (e.ledgerKind === 'public') found.push(...(await this.budgetRule(e.orgId, e.ledgerId, e.period.slice(0, 4), e.period, history)));
    const today = this.clock.today();
    await this.repo.upsertWarnings(
      found.map((f) => ({ ...f, org_id: e.orgId, id: randomUUID(), rule_version: ruleByCode(f.rule_code).version })),
      today,
    );
  }

  /**
   * W1 (end-of-day cash over the limit, one warning per month with the month's highest excess),
   * W3 (坐支: a day with cash received and cash paid and no bank deposit), W4 (a voucher paying cash
   * at or above the large-payment threshold), from the 现金日记账 and 银行存款日记账.
   */
  private async cashRules(orgId: string, ledgerId: string, from: string, to: string, history: ThresholdHistory): Promise<Found[]> {
    const cash = await this.statements.cashJournal(orgId, ledgerId, '101', from, to);
    const bank = await this.statements.cashJournal(orgId, ledgerId, '102', from, to);
    const found: Found[] = [];
    const w1 = new Map<string, { measured: Decimal; threshold: string; date: string }>();
    for (const d of cash.dailyTotals) {
      const limit = history.at('cash_limit', d.date);
      const balance = signed(d.direction, d.balance);
      if (limit === null || !balance.gt(limit)) continue;
      const period = d.date.slice(0, 7);
      const prev = w1.get(period);
      if (!prev || balance.gt(prev.measured)) w1.set(period, { measured: balance, threshold: limit, date: prev?.date ?? d.date });
    }
    for (const [period, w] of w1) {
      found.push({ rule_code: 'W1', ledger_id: ledgerId, period, subject_type: 'ledger', subject_id: ledgerId, subject_label: `${period} 库存现金日终余额超限额`, measured: money(w.measured), threshold: money(w.threshold), colour: 'red', first_seen: w.date });
    }
    const deposits = new Set(bank.dailyTotals.filter((d) => !new Decimal(d.debit).isZero()).map((d) => d.date));
    for (const d of cash.dailyTotals) {
      if (new Decimal(d.debit).isZero() || new Decimal(d.credit).isZero() || deposits.has(d.date)) continue;
      found.push({ rule_code: 'W3', ledger_id: ledgerId, period: d.date.slice(0, 7), subject_type: 'ledger', subject_id: `${ledgerId}:${d.date}`, subject_label: `${d.date} 当日收现 ${money(d.debit)}、付现 ${money(d.credit)}，未存行`, measured: money(Decimal.min(d.debit, d.credit)), threshold: '0.00', colour: 'red', first_seen: d.date });
    }
    const paid = new Map<string, { amount: Decimal; date: string; number: string; memo: string }>();
    for (const e of cash.entries) {
      if (new Decimal(e.credit).isZero()) continue;
      const p = paid.get(e.voucherId) ?? { amount: ZERO, date: e.date, number: e.number, memo: e.memo };
      p.amount = p.amount.plus(e.credit);
      paid.set(e.voucherId, p);
    }
    for (const [voucherId, p] of paid) {
      const limit = history.at('large_cash_payment', p.date);
      if (limit === null || p.amount.lt(limit)) continue;
      found.push({ rule_code: 'W4', ledger_id: ledgerId, period: p.date.slice(0, 7), subject_type: 'voucher', subject_id: voucherId, subject_label: `${p.number} ${p.memo}`.slice(0, 200), measured: money(p.amount), threshold: money(limit), colour: 'yellow', first_seen: p.date });
    }
    return found;
  }

  /** W19 (a month not closed by day N of the next) and W17 (a closed month's pack not published by day N). */
  private async periodRules(orgId: string, ledgerId: string, from: string, to: string, today: string, history: ThresholdHistory): Promise<Found[]> {
    const periods = new Map((await this.periods.page(orgId, ledgerId, { limit: 1000 })).items.map((p) => [p.period, p]));
    const published = await this.repo.firstPublished(orgId, ledgerId);
    const found: Found[] = [];
    for (let period = from; period <= to; period = nextPeriod(period)) {
      const monthEnd = lastDay(period);
      if (monthEnd >= today) break;
      const closeDay = history.at('close_due_day', monthEnd);
      const p = periods.get(period);
      const closedOn = p?.status === 'closed' && p.closedAt ? chinaDate(p.closedAt) : null;
      if (closeDay !== null) {
        const due = nextMonthDay(period, Number(closeDay));
        const late = daysBetween(due, closedOn ?? today);
        if (late > 0) found.push({ rule_code: 'W19', ledger_id: ledgerId, period, subject_type: 'ledger', subject_id: ledgerId, subject_label: closedOn ? `${period} 于 ${closedOn} 结账，逾期` : `${period} 未结账`, measured: money(String(late)), threshold: money(closeDay), colour: 'yellow', first_seen: nextDay(due) });
      }
      const dueDay = history.at('disclosure_due_day', monthEnd);
      if (dueDay !== null && closedOn) {
        const due = nextMonthDay(period, Number(dueDay));
        const on = published.get(period) ?? null;
        const late = daysBetween(due, on ?? today);
        if (late > 0) found.push({ rule_code: 'W17', ledger_id: ledgerId, period, subject_type: 'ledger', subject_id: ledgerId, subject_label: on ? `${period} 财务公开于 ${on} 发布，逾期` : `${period} 财务公开未发布`, measured: money(String(late)), threshold: money(dueDay), colour: on ? 'yellow' : 'red', first_seen: nextDay(due) });
      }
    }
    return found;
  }

  /** W16: 181 待处理财产损溢 not cleared when the year is closed. */
  private async yearEndRule(orgId: string, ledgerId: string, year: string): Promise<Found[]> {
    const december = (await this.periods.page(orgId, ledgerId, { limit: 1000 })).items.find((p) => p.period === `${year}-12`);
    if (december?.status !== 'closed') return [];
    const tb = await this.reports.trialBalance(orgId, ledgerId, `${year}-12`, `${year}-12`);
    const row = tb.rows.find((r) => r.code === '181');
    const net = row ? new Decimal(row.closingDebit).minus(row.closingCredit) : ZERO;
    if (net.isZero()) return [];
    return [{ rule_code: 'W16', ledger_id: ledgerId, period: `${year}-12`, subject_type: 'ledger', subject_id: ledgerId, subject_label: `${year} 年末 181 待处理财产损溢未清`, measured: money(net.abs()), threshold: '0.00', colour: 'red', first_seen: `${year}-12-31` }];
  }

  /**
   * W14: a budget item's year-to-date actual against its budget in force, month by month with the
   * thresholds in force at each month's end; the warning's period is the first month it crossed.
   */
  private async budgetRule(orgId: string, ledgerId: string, year: string, to: string, history: ThresholdHistory): Promise<Found[]> {
    const execution = await this.budgets.execution(orgId, ledgerId, year, to);
    if (!execution) return [];
    const found: Found[] = [];
    for (const row of execution.rows) {
      const budget = new Decimal(row.adjustedBudget);
      let ytd = ZERO;
      let hit = null as Found | null;
      for (const m of row.months) {
        ytd = ytd.plus(m.actual);
        const end = lastDay(m.period);
        const [yellow, red] = [history.at('budget_yellow_percent', end), history.at('budget_red_percent', end)];
        if (yellow === null || red === null || budget.isZero()) continue;
        const percent = ytd.div(budget).times(100);
        const colour = percent.gt(red) ? 'red' : percent.gte(yellow) ? 'yellow' : null;
        if (!colour) continue;
        hit = {
          rule_code: 'W14',
          ledger_id: ledgerId,
          period: hit?.period ?? m.period,
          subject_type: 'budget_line',
          subject_id: `${ledgerId}:${year}:${row.itemCode}`,
          subject_label: `${year} ${row.itemName} 预算执行 ${percent.toFixed(2)}%`,
          measured: percent.toFixed(2),
          threshold: money(colour === 'red' ? red : yellow),
          colour,
          first_seen: hit?.first_seen ?? end,
        };
      }
      if (hit) found.push(hit);
    }
    return found;
  }

  /**
   * W8–W12 over the contracts register (read through ContractsService.supervisionFacts), as of today.
   * Each threshold is the one in force on the fact's own date: W8 today, W9 the bill's due date,
   * W10 the signing date; so a town's change applies from its date on, never to earlier facts.
   */
  private async contractRules(orgId: string, today: string, history: ThresholdHistory): Promise<Found[]> {
    const facts = await this.contracts.supervisionFacts(orgId, today);
    const found: Found[] = [];
    const base = (c: ContractFact) => ({ ledger_id: c.ledgerId, subject_type: 'contract', subject_id: c.id });
    for (const c of facts) {
      const ended = c.terminatedOn ?? c.endDate;
      // W8: a running contract ending within D days, with no signed successor.
      const [yellowDays, redDays] = [history.at('contract_expiry_days', today), history.at('contract_expiry_red_days', today)];
      const left = daysBetween(today, c.endDate);
      if (c.status === 'active' && !c.successorId && left >= 0 && yellowDays !== null && redDays !== null && left <= Number(yellowDays)) {
        const red = left <= Number(redDays);
        found.push({ ...base(c), rule_code: 'W8', period: c.endDate.slice(0, 7), subject_label: `${c.number} ${c.title} 将于 ${c.endDate} 到期，未续签`, measured: money(String(left)), threshold: money(red ? redDays : yellowDays), colour: red ? 'red' : 'yellow', first_seen: today });
      }
      // W9: each accrued bill past due and not fully received, by its days overdue.
      for (const b of c.overdueBills) {
        const [yellow, red] = [history.at('rent_overdue_days', b.dueDate), history.at('rent_overdue_red_days', b.dueDate)];
        const days = daysBetween(b.dueDate, today);
        if (yellow === null || red === null || days <= Number(yellow)) continue;
        const isRed = days > Number(red);
        found.push({ ...base(c), rule_code: 'W9', period: b.accrualPeriod, subject_label: `${c.number} ${b.dueDate} 应收 ${b.amount}，未收 ${b.outstanding}`, measured: money(String(days)), threshold: money(isRed ? red : yellow), colour: isRed ? 'red' : 'yellow', first_seen: nextDay(b.dueDate.slice(0, 10)) });
      }
      // W10: a yearly rent at or above the town's threshold with no trade record (the first year's rent).
      const signed = c.signedOn ?? c.startDate;
      const required = history.at('trade_required_rent', signed);
      const yearly = new Decimal(c.monthlyRent).times(12);
      if (!c.tradeId && required !== null && yearly.gte(required)) {
        found.push({ ...base(c), rule_code: 'W10', period: c.startDate.slice(0, 7), subject_label: `${c.number} ${c.title} 年租金 ${money(yearly)}，未进场交易`, measured: money(yearly), threshold: money(required), colour: 'red', first_seen: signed });
      }
      // W11: a rent below the trade's 底价, or a renewal below the previous contract's last rent.
      const floor = c.reservePrice !== null && new Decimal(c.monthlyRent).lt(c.reservePrice) ? { value: c.reservePrice, what: `底价 ${c.reservePrice}` } : c.previousRent !== null && new Decimal(c.monthlyRent).lt(c.previousRent) ? { value: c.previousRent, what: `原租金 ${c.previousRent}` } : null;
      if (floor) {
        found.push({ ...base(c), rule_code: 'W11', period: c.startDate.slice(0, 7), subject_label: `${c.number} 月租金 ${c.monthlyRent} 低于${floor.what}`, measured: c.monthlyRent, threshold: floor.value, colour: 'yellow', first_seen: signed });
      }
      // W12: past its end (or termination) with no signed successor, and its object still let out in the registers.
      if (ended < today && !c.successorId) {
        const occupied = await this.stillLetOut(orgId, c, facts, today);
        if (occupied) {
          found.push({ ...base(c), rule_code: 'W12', period: ended.slice(0, 7), subject_label: `${c.number} 已于 ${ended} 终止，${occupied} 仍在出租`, measured: money(String(daysBetween(ended, today))), threshold: '0.00', colour: 'red', first_seen: nextDay(ended) });
        }
      }
    }
    return found;
  }

  /** The object of an ended contract still marked let out (a resource contracted out or leased, a card leased out) with no other running contract on it. */
  private async stillLetOut(orgId: string, c: ContractFact, facts: ContractFact[], today: string): Promise<string | null> {
    const running = (ref: (o: ContractFact['objects'][number]) => string | null, id: string) =>
      facts.some((f) => f.id !== c.id && f.status === 'active' && f.startDate <= today && f.endDate >= today && f.objects.some((o) => ref(o) === id));
    for (const o of c.objects) {
      if (o.resourceId && !running((x) => x.resourceId, o.resourceId)) {
        const r = await this.assets.resource(orgId, o.resourceId);
        if (r.currentUse === 'contracted_out' || r.currentUse === 'leased') return `${r.number} ${r.name}`;
      }
      if (o.assetId && !running((x) => x.assetId, o.assetId)) {
        const a = await this.assets.get(orgId, c.ledgerId, o.assetId);
        if (a.state === 'leased_out') return `${a.cardNo} ${a.name}`;
      }
    }
    return null;
  }

  private async load(orgId: string, id: string, lock: boolean): Promise<WarningRow> {
    const w = isUuid(id) ? await this.repo.warning(orgId, id, lock) : null;
    if (!w) throw supervisionError('WARNING_NOT_FOUND', 'Warning not found', 404);
    return w;
  }

  private async town(townId: string) {
    const org = await this.orgs.get(townId);
    if (org.kind !== 'town') throw supervisionError('NOT_A_TOWN', 'Thresholds are set per town (镇街)', 400);
    return org;
  }
}

const nextPeriod = (p: string) => {
  const [y, m] = [Number(p.slice(0, 4)), Number(p.slice(5, 7))];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};
const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const chinaDate = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);

export function toView(w: WarningRow): WarningView {
  return {
    id: w.id,
    orgId: w.org_id,
    ruleCode: w.rule_code,
    ruleVersion: w.rule_version,
    ruleName: ruleByCode(w.rule_code)?.name ?? w.rule_code,
    ledgerId: w.ledger_id,
    period: w.period,
    subjectType: w.subject_type,
    subjectId: w.subject_id,
    subjectLabel: w.subject_label,
    measured: w.measured,
    threshold: w.threshold,
    colour: w.colour,
    firstSeen: w.first_seen,
    lastSeen: w.last_seen,
    state: w.state,
    stateReason: w.state_reason,
    stateBy: w.state_by,
    stateAt: w.state_at?.toISOString() ?? null,
  };
}
