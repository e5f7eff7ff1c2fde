import { Injectable } from '@nestjs/common';
import { AuditService, registerEntitySnapshot } from '@app/audit';
import { BookHooks, Decimal, money, Pager, TransactionRunner } from '@app/core';
import type { Page, PageQueryDto } from '@app/core';
import { BooksRepository } from './books.repository.js';
import { ledgerError } from './ledger-errors.js';
import { LedgersService } from './ledgers.service.js';
import { PERIOD, shiftPeriod } from './periods.js';
import { PeriodView, VoucherView } from './dto/books.dto.js';
import { EXPENSE_ACCOUNTS, INCOME_ACCOUNTS, SystemAccount } from './system-accounts.js';
import { VouchersService } from './vouchers.service.js';

registerEntitySnapshot(
  'period',
  `SELECT to_jsonb(p) FROM periods p WHERE p.org_id = $1 AND p.ledger_id::text || ':' || p.period = $2`,
);

// Year-end close, 2023 chart (SPEC §2.3): revenue 501–504 and expenses 511–515, 521 into 321, then 321 into 322 未分配收益.
const CURRENT_PROFIT = SystemAccount.CurrentProfit;
const UNDISTRIBUTED_PROFIT = SystemAccount.UndistributedProfit;

/**
 * Closing months (结账), reopening (反结账) and the year-end close. A closed month takes no postings;
 * the year is closed when its December is closed, after which nothing of it reopens.
 */
@Injectable()
export class PeriodsService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly repo: BooksRepository,
    private readonly ledgers: LedgersService,
    private readonly vouchers: VouchersService,
    private readonly audit: AuditService,
    private readonly pager: Pager,
    private readonly hooks: BookHooks,
  ) {}

  /** The ledger's months in order. */
  async page(orgId: string, ledgerId: string, q: PageQueryDto): Promise<Page<PeriodView>> {
    await this.ledgers.get(orgId, ledgerId);
    return this.pager.page('periods', q, 1, (page) => this.repo.periods(orgId, ledgerId, page), (p) => [p.period], (rows) => rows.map(toPeriodView));
  }

  /**
   * Rules chosen: the month before must be closed (unless this is the ledger's first month); no
   * draft or reviewed voucher may remain in the month (post or delete them first); December closes
   * only after the year-end close has emptied 321 and the revenue and expense accounts.
   */
  async close(orgId: string, ledgerId: string, period: string): Promise<PeriodView> {
    return this.tx.run(async () => {
      const ledger = await this.checkPeriod(orgId, ledgerId, period);
      await this.repo.ensurePeriod(orgId, ledgerId, period);
      const state = (await this.repo.period(orgId, ledgerId, period, 'update'))!;
      if (state.status === 'closed') return this.view(orgId, ledgerId, period);
      if (period > ledger.start_period) {
        const previous = await this.repo.period(orgId, ledgerId, shiftPeriod(period, -1));
        if (previous?.status !== 'closed') throw ledgerError('PERIOD_PREVIOUS_OPEN', `Close ${shiftPeriod(period, -1)} first`, 409);
      }
      const unposted = await this.repo.unpostedCount(orgId, ledgerId, period);
      if (unposted > 0) throw ledgerError('PERIOD_HAS_UNPOSTED', `${unposted} voucher(s) of ${period} are not posted; post or delete them first`, 409);
      if (period.endsWith('-12')) {
        const residue = await this.yearEndResidue(orgId, ledgerId, period.slice(0, 4));
        if (residue.length > 0) {
          throw ledgerError('YEAR_END_NOT_DONE', `Run the year-end close first: ${residue.map((r) => r.code).join(', ')} not zero`, 409, residue);
        }
      }
      await this.repo.setPeriodStatus(orgId, ledgerId, period, 'closed');
      await this.audit.record({ orgId, action: 'period.closed', entity: 'period', entityId: `${ledgerId}:${period}` });
      // Listeners (财务公开 in supervision) publish in the same transaction: a close that cannot publish does not close.
      await this.hooks.emitPeriodClosed({ orgId, ledgerId, period });
      return this.view(orgId, ledgerId, period);
    });
  }

  async reopen(orgId: string, ledgerId: string, period: string, reason: string): Promise<PeriodView> {
    return this.tx.run(async () => {
      await this.checkPeriod(orgId, ledgerId, period);
      const state = await this.repo.period(orgId, ledgerId, period, 'update');
      if (state?.status !== 'closed') throw ledgerError('PERIOD_NOT_CLOSED', `${period} is not closed`, 409);
      const december = await this.repo.period(orgId, ledgerId, `${period.slice(0, 4)}-12`);
      if (december?.status === 'closed') throw ledgerError('YEAR_CLOSED', `The year ${period.slice(0, 4)} is closed; it cannot be reopened`, 409);
      const next = await this.repo.period(orgId, ledgerId, shiftPeriod(period, 1));
      if (next?.status === 'closed') throw ledgerError('PERIOD_LATER_CLOSED', `Reopen ${shiftPeriod(period, 1)} first`, 409);
      await this.repo.setPeriodStatus(orgId, ledgerId, period, 'open');
      await this.audit.record({ orgId, action: 'period.reopened', entity: 'period', entityId: `${ledgerId}:${period}`, payload: { reason } });
      return this.view(orgId, ledgerId, period);
    });
  }

  /**
   * Generates the closing vouchers dated YYYY-12-31 for whatever revenue and expense balances remain,
   * then transfers 321 to 322 未分配收益. Running it again when nothing remains generates nothing and
   * returns the year's closing vouchers. The distribution posts after it; closing December ends the year.
   */
  async closeYear(orgId: string, ledgerId: string, year: string): Promise<VoucherView[]> {
    return this.tx.run(async () => {
      if (!/^\d{4}$/.test(year)) throw ledgerError('PERIOD_INVALID', 'year must be YYYY', 400);
      const december = `${year}-12`;
      await this.checkPeriod(orgId, ledgerId, december);
      await this.repo.ensurePeriod(orgId, ledgerId, december);
      // The December row lock serializes concurrent year-end closes of the same ledger.
      const state = (await this.repo.period(orgId, ledgerId, december, 'update'))!;
      if (state.status === 'closed') throw ledgerError('YEAR_CLOSED', `The year ${year} is closed`, 409);
      const date = `${year}-12-31`;
      const nets = await this.repo.netByAccount(orgId, ledgerId, null, december, true);
      const steps: { kind: string; memo: string; codes: readonly string[] }[] = [
        { kind: 'income', memo: '结转本年收入', codes: INCOME_ACCOUNTS },
        { kind: 'expense', memo: '结转本年支出', codes: EXPENSE_ACCOUNTS },
      ];
      for (const step of steps) {
        const lines = closingLines(nets, step.codes);
        if (lines.length === 0) continue;
        await this.vouchers.postSystemVoucher({ orgId, ledgerId, date, memo: step.memo, source: 'closing', sourceRef: `year-end:${year}:${step.kind}`, lines });
      }
      const profit = (await this.repo.netByAccount(orgId, ledgerId, null, december, true)).get(CURRENT_PROFIT) ?? '0';
      const net = new Decimal(profit);
      if (!net.isZero()) {
        // 321's net is debit − credit: negative is a profit (Dr 321 / Cr 未分配收益), positive a loss (the reverse).
        const amount = money(net.abs());
        const lines = net.isNegative()
          ? [{ accountCode: CURRENT_PROFIT, debit: amount }, { accountCode: UNDISTRIBUTED_PROFIT, credit: amount }]
          : [{ accountCode: UNDISTRIBUTED_PROFIT, debit: amount }, { accountCode: CURRENT_PROFIT, credit: amount }];
        await this.vouchers.postSystemVoucher({ orgId, ledgerId, date, memo: '结转本年收益', source: 'closing', sourceRef: `year-end:${year}:profit`, lines });
      }
      await this.audit.record({ orgId, action: 'ledger.year_end_closed', entity: 'ledger', entityId: ledgerId, payload: { year } });
      return this.vouchers.matching(orgId, ledgerId, { sourceRefPrefix: `year-end:${year}:` });
    });
  }

  /** Revenue, expense and 321 accounts still carrying a balance at the end of the year. */
  private async yearEndResidue(orgId: string, ledgerId: string, year: string): Promise<{ code: string; net: string }[]> {
    const nets = await this.repo.netByAccount(orgId, ledgerId, null, `${year}-12`, true);
    return [...nets.entries()]
      .filter(([code, net]) => [...INCOME_ACCOUNTS, ...EXPENSE_ACCOUNTS, CURRENT_PROFIT].some((c) => code.startsWith(c)) && !new Decimal(net).isZero())
      .map(([code, net]) => ({ code, net: money(net) }));
  }

  private async checkPeriod(orgId: string, ledgerId: string, period: string) {
    if (!PERIOD.test(period)) throw ledgerError('PERIOD_INVALID', 'period must be YYYY-MM', 400);
    const ledger = await this.ledgers.get(orgId, ledgerId);
    if (period < ledger.start_period) throw ledgerError('DATE_OUTSIDE_LEDGER', `The ledger starts in ${ledger.start_period}`, 400);
    return ledger;
  }

  private async view(orgId: string, ledgerId: string, period: string): Promise<PeriodView> {
    return toPeriodView((await this.repo.periods(orgId, ledgerId)).find((p) => p.period === period)!);
  }
}

function toPeriodView(p: { period: string; status: string; last_voucher_number: number; closed_at: Date | null }): PeriodView {
  return { period: p.period, status: p.status, vouchers: p.last_voucher_number, closedAt: p.closed_at?.toISOString() ?? null };
}

/**
 * Lines that bring each account to zero against 321: an account with a credit balance is debited,
 * one with a debit balance is credited; 321 takes the difference on the side that balances.
 */
function closingLines(nets: Map<string, string>, prefixes: readonly string[]) {
  const lines: { accountCode: string; debit?: string; credit?: string }[] = [];
  let toProfit = new Decimal(0);
  for (const [code, net] of [...nets.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!prefixes.some((p) => code.startsWith(p))) continue;
    const n = new Decimal(net);
    if (n.isZero()) continue;
    lines.push(n.isNegative() ? { accountCode: code, debit: money(n.abs()) } : { accountCode: code, credit: money(n) });
    toProfit = toProfit.plus(n);
  }
  if (lines.length === 0 || toProfit.isZero()) return lines;
  // Σ(debit − credit) of the closed accounts was `toProfit`; 321 takes its opposite.
  lines.push(toProfit.isNegative() ? { accountCode: CURRENT_PROFIT, credit: money(toProfit.abs()) } : { accountCode: CURRENT_PROFIT, debit: money(toProfit) });
  return lines;
}
