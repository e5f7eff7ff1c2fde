import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService, registerEntitySnapshot } from '@app/audit';
import { Decimal, isUuid, money, TransactionRunner } from '@app/core';
import { LedgerReportsService, LedgersService } from '@app/ledger';
import type { TabularReport } from '@app/ledger';
import { BudgetLineDto } from './dto/supervision.dto.js';
import { BudgetVersionView } from './dto/supervision.dto.js';
import { supervisionError } from './supervision-errors.js';
import { BudgetLineRow, BudgetVersionRow, SupervisionRepository } from './supervision.repository.js';

registerEntitySnapshot(
  'budget_version',
  `SELECT to_jsonb(v) || jsonb_build_object('lines', (SELECT coalesce(jsonb_agg(to_jsonb(l) ORDER BY l.item_code), '[]') FROM budget_lines l WHERE l.org_id = v.org_id AND l.version_id = v.id))
     FROM budget_versions v WHERE v.org_id = $1 AND v.id = $2::uuid`,
);

export interface BudgetExecutionRow {
  itemCode: string;
  itemName: string;
  accounts: string[];
  /** The original budget (version 1 as approved). */
  budget: string;
  /** The budget in force (the latest approved version). */
  adjustedBudget: string;
  monthActual: string;
  ytdActual: string;
  /** ytd / adjusted × 100, 2 places; null when the adjusted budget is zero. */
  executionPercent: string | null;
  remaining: string;
  overBudget: boolean;
  months: { period: string; actual: string }[];
}

export interface BudgetExecution {
  ledgerId: string;
  year: string;
  period: string;
  version: number;
  rows: BudgetExecutionRow[];
  totals: Pick<BudgetExecutionRow, 'budget' | 'adjustedBudget' | 'monthActual' | 'ytdActual' | 'remaining'>;
  /** Actual spending on expense accounts no budget item covers. */
  unbudgeted: string;
}

const ZERO = new Decimal(0);

/**
 * 村级公共开支年度预算 on a public ledger (SPEC §9): version 1 is drafted, its lines edited while it is a
 * draft, then approved by the board; an adjustment is a new draft version (with a reason) copied
 * from nothing — its full lines — and its approval supersedes the version before. The database
 * refuses edits to the lines of a version that is no longer a draft (trigger budget_lines_fixed).
 */
@Injectable()
export class BudgetService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly repo: SupervisionRepository,
    private readonly ledgers: LedgersService,
    private readonly reports: LedgerReportsService,
    private readonly audit: AuditService,
  ) {}

  async create(orgId: string, ledgerId: string, year: number, lines: BudgetLineDto[], userId: string): Promise<BudgetVersionView> {
    return this.tx.run(async () => {
      await this.publicLedger(orgId, ledgerId);
      const latest = await this.repo.latestBudgetVersion(orgId, ledgerId, year, true);
      if (latest) throw supervisionError('BUDGET_EXISTS', `The ${year} budget exists (version ${latest.version}); adjust it instead`, 409);
      return this.insertVersion(orgId, ledgerId, year, 1, null, lines, userId);
    });
  }

  async adjust(orgId: string, ledgerId: string, year: number, lines: BudgetLineDto[], reason: string, userId: string): Promise<BudgetVersionView> {
    return this.tx.run(async () => {
      await this.publicLedger(orgId, ledgerId);
      const latest = await this.repo.latestBudgetVersion(orgId, ledgerId, year, true);
      if (!latest) throw supervisionError('BUDGET_NOT_FOUND', `No ${year} budget to adjust`, 404);
      if (latest.status !== 'approved') throw supervisionError('BUDGET_STATE', `Version ${latest.version} is ${latest.status}; approve it before adjusting`, 409);
      return this.insertVersion(orgId, ledgerId, year, latest.version + 1, reason, lines, userId);
    });
  }

  async replaceLines(orgId: string, ledgerId: string, versionId: string, lines: BudgetLineDto[]): Promise<BudgetVersionView> {
    return this.tx.run(async () => {
      const v = await this.load(orgId, ledgerId, versionId, true);
      if (v.status !== 'draft') throw supervisionError('BUDGET_LOCKED', `Version ${v.version} is ${v.status}; its lines are fixed`, 409);
      await this.repo.replaceBudgetLines(orgId, versionId, checkLines(lines));
      await this.audit.record({ orgId, action: 'budget.lines_replaced', entity: 'budget_version', entityId: versionId });
      return this.view(v);
    });
  }

  async approve(orgId: string, ledgerId: string, versionId: string, userId: string): Promise<BudgetVersionView> {
    return this.tx.run(async () => {
      const first = await this.load(orgId, ledgerId, versionId, false);
      // Lock the year's latest version first (the order every writer of this budget takes).
      await this.repo.latestBudgetVersion(orgId, ledgerId, first.year, true);
      const v = await this.load(orgId, ledgerId, versionId, true);
      if (v.status !== 'draft') throw supervisionError('BUDGET_STATE', `Version ${v.version} is ${v.status}`, 409);
      await this.repo.approveBudgetVersion(orgId, versionId, userId);
      for (const old of await this.repo.supersedeBudgetVersions(orgId, ledgerId, v.year, versionId)) {
        await this.audit.record({ orgId, action: 'budget.superseded', entity: 'budget_version', entityId: old, payload: { by: versionId } });
      }
      await this.audit.record({ orgId, action: 'budget.approved', entity: 'budget_version', entityId: versionId, payload: { year: v.year, version: v.version } });
      return this.view((await this.repo.budgetVersion(orgId, versionId))!);
    });
  }

  /** Every version of the year, oldest first: the history. */
  async history(orgId: string, ledgerId: string, year: number): Promise<BudgetVersionView[]> {
    await this.publicLedger(orgId, ledgerId);
    const versions = await this.repo.budgetVersions(orgId, ledgerId, year);
    return Promise.all(versions.map((v) => this.view(v)));
  }

  async get(orgId: string, ledgerId: string, versionId: string): Promise<BudgetVersionView> {
    return this.view(await this.load(orgId, ledgerId, versionId, false));
  }

  /**
   * 公共开支预算执行表: per item, the original and the adjusted budget, the month's and the year's
   * actuals (Σ debit − credit of posted lines of this ledger on the item's accounts, closing vouchers
   * left out), execution %, remaining and the over-budget flag; null without an approved budget.
   */
  async execution(orgId: string, ledgerId: string, year: string, period = `${year}-12`): Promise<BudgetExecution | null> {
    const ledger = await this.publicLedger(orgId, ledgerId);
    if (period.slice(0, 4) !== year) throw supervisionError('BUDGET_INVALID', 'period must be a month of year', 400);
    const versions = await this.repo.budgetVersions(orgId, ledgerId, Number(year));
    const current = versions.filter((v) => v.status === 'approved').pop();
    if (!current) return null;
    const original = versions.find((v) => v.version === 1 && v.status !== 'draft')!;
    const [lines, originalLines] = await Promise.all([this.repo.budgetLines(orgId, current.id), this.repo.budgetLines(orgId, original.id)]);
    const from = `${year}-01` < ledger.start_period ? ledger.start_period : `${year}-01`;
    const turnover = period < from ? [] : await this.reports.monthlyTurnover(orgId, ledgerId, from, period, { excludeClosing: true });
    const byItem = new Map<string, Map<string, Decimal>>(lines.map((l) => [l.item_code, new Map()]));
    let unbudgeted = ZERO;
    for (const t of turnover) {
      const item = itemOf(lines, t.accountCode);
      const net = new Decimal(t.debit).minus(t.credit);
      if (!item) {
        if (t.accountCode.startsWith('5') && !/^50/.test(t.accountCode)) unbudgeted = unbudgeted.plus(net);
        continue;
      }
      const months = byItem.get(item)!;
      months.set(t.period, (months.get(t.period) ?? ZERO).plus(net));
    }
    const rows = lines.map((l): BudgetExecutionRow => {
      const months = byItem.get(l.item_code)!;
      const ytd = [...months.values()].reduce((s, v) => s.plus(v), ZERO);
      const adjusted = new Decimal(l.amount);
      const orig = originalLines.find((o) => o.item_code === l.item_code);
      return {
        itemCode: l.item_code,
        itemName: l.item_name,
        accounts: l.accounts,
        budget: money(orig?.amount ?? '0'),
        adjustedBudget: money(adjusted),
        monthActual: money(months.get(period) ?? ZERO),
        ytdActual: money(ytd),
        executionPercent: adjusted.isZero() ? null : ytd.div(adjusted).times(100).toFixed(2),
        remaining: money(adjusted.minus(ytd)),
        overBudget: ytd.gt(adjusted),
        months: [...months.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([p, v]) => ({ period: p, actual: money(v) })),
      };
    });
    const sum = (k: 'budget' | 'adjustedBudget' | 'monthActual' | 'ytdActual' | 'remaining') => money(rows.reduce((s, r) => s.plus(r[k]), ZERO));
    return {
      ledgerId,
      year,
      period,
      version: current.version,
      rows,
      totals: { budget: sum('budget'), adjustedBudget: sum('adjustedBudget'), monthActual: sum('monthActual'), ytdActual: sum('ytdActual'), remaining: sum('remaining') },
      unbudgeted: money(unbudgeted),
    };
  }

  executionTable(e: BudgetExecution, ledgerName: string): TabularReport {
    return {
      title: `${ledgerName} 公共开支预算执行表 ${e.period}（第 ${e.version} 版预算）`,
      filename: `budget-execution-${e.period}`,
      columns: [
        { key: 'itemCode', header: '项目编码' },
        { key: 'itemName', header: '项目' },
        { key: 'budget', header: '年初预算', money: true },
        { key: 'adjustedBudget', header: '调整后预算', money: true },
        { key: 'monthActual', header: '本月支出', money: true },
        { key: 'ytdActual', header: '本年累计', money: true },
        { key: 'executionPercent', header: '执行率%' },
        { key: 'remaining', header: '预算余额', money: true },
        { key: 'overBudget', header: '超预算' },
      ],
      rows: [
        ...e.rows.map((r) => ({ ...r, accounts: r.accounts.join(' '), months: null, overBudget: r.overBudget ? '是' : '否' })),
        { itemCode: '', itemName: '合计', ...e.totals, executionPercent: null, overBudget: null },
      ],
    };
  }

  async ledgerName(orgId: string, ledgerId: string): Promise<string> {
    return (await this.ledgers.get(orgId, ledgerId)).name;
  }

  private async insertVersion(orgId: string, ledgerId: string, year: number, version: number, reason: string | null, lines: BudgetLineDto[], userId: string) {
    const id = randomUUID();
    const rows = checkLines(lines);
    await this.repo.insertBudgetVersion({ org_id: orgId, id, ledger_id: ledgerId, year, version, reason, created_by: userId });
    await this.repo.replaceBudgetLines(orgId, id, rows);
    await this.audit.record({ orgId, action: version === 1 ? 'budget.created' : 'budget.adjustment_drafted', entity: 'budget_version', entityId: id, payload: { year, version, reason } });
    return this.view((await this.repo.budgetVersion(orgId, id))!);
  }

  async publicLedger(orgId: string, ledgerId: string) {
    const ledger = await this.ledgers.get(orgId, ledgerId);
    if (ledger.kind !== 'public') throw supervisionError('LEDGER_NOT_PUBLIC', 'A budget is kept on the public-expenditure ledger (kind public)', 409);
    return ledger;
  }

  private async load(orgId: string, ledgerId: string, versionId: string, lock: boolean): Promise<BudgetVersionRow> {
    await this.publicLedger(orgId, ledgerId);
    const v = isUuid(versionId) ? await this.repo.budgetVersion(orgId, versionId, lock) : null;
    if (!v || v.ledger_id !== ledgerId) throw supervisionError('BUDGET_NOT_FOUND', 'Budget version not found', 404);
    return v;
  }

  private async view(v: BudgetVersionRow): Promise<BudgetVersionView> {
    const lines = await this.repo.budgetLines(v.org_id, v.id);
    return {
      id: v.id,
      ledgerId: v.ledger_id,
      year: v.year,
      version: v.version,
      status: v.status,
      reason: v.reason,
      approvedBy: v.approved_by,
      approvedAt: v.approved_at?.toISOString() ?? null,
      total: money(lines.reduce((s, l) => s.plus(l.amount), ZERO)),
      lines: lines.map((l) => ({ itemCode: l.item_code, itemName: l.item_name, amount: money(l.amount), accounts: l.accounts })),
    };
  }
}

/** An account belongs to the item with the longest matching prefix (a sub-account can be budgeted apart from its parent). */
export function itemOf(lines: BudgetLineRow[], accountCode: string): string | null {
  let best: { item: string; length: number } | null = null;
  for (const l of lines) {
    for (const a of l.accounts) if (accountCode.startsWith(a) && (!best || a.length > best.length)) best = { item: l.item_code, length: a.length };
  }
  return best?.item ?? null;
}

function checkLines(lines: BudgetLineDto[]): BudgetLineRow[] {
  const codes = new Set<string>();
  const accounts = new Set<string>();
  for (const l of lines) {
    if (codes.has(l.itemCode)) throw supervisionError('BUDGET_INVALID', `Item ${l.itemCode} appears twice`, 400);
    codes.add(l.itemCode);
    for (const a of l.accounts) {
      if (accounts.has(a)) throw supervisionError('BUDGET_INVALID', `Account ${a} is in two items`, 400);
      accounts.add(a);
    }
  }
  return lines.map((l) => ({ item_code: l.itemCode, item_name: l.itemName, amount: l.amount, accounts: l.accounts }));
}
