import { Injectable } from '@nestjs/common';
import { Decimal, IntegrityChecks, money, TransactionRunner } from '@app/core';
import type { IntegrityCheckResult } from '@app/core';
import { AccountRow, BooksRepository } from './books.repository.js';
import { ledgerError } from './ledger-errors.js';
import { LedgersService } from './ledgers.service.js';
import { PERIOD } from './periods.js';
import type { TabularReport } from './report-format.js';

export interface TrialBalanceRow {
  code: string;
  name: string;
  level: number;
  leaf: boolean;
  openingDebit: string;
  openingCredit: string;
  debit: string;
  credit: string;
  ytdDebit: string;
  ytdCredit: string;
  closingDebit: string;
  closingCredit: string;
}

export interface TrialBalance {
  from: string;
  to: string;
  rows: TrialBalanceRow[];
  totals: Omit<TrialBalanceRow, 'code' | 'name' | 'level' | 'leaf'>;
  balanced: boolean;
}

export interface IntegrityReport {
  /** The books' own integrity: ledger.balances and ledger.vouchers (as before the registry; see `reconciled`). */
  ok: boolean;
  balanceDifferences: unknown[];
  problems: { kind: string; ref: string }[];
  /** Every check, the ledger's and the registered reconciliations (assets.*, contracts.*), ok or not. */
  checks: IntegrityCheckResult[];
  /** Every check ok: the books are intact and agree with the registers (fixed-asset cards, rent schedules). */
  reconciled: boolean;
}

interface Amounts {
  opening: Decimal;
  debit: Decimal;
  credit: Decimal;
  ytdDebit: Decimal;
  ytdCredit: Decimal;
}

const ZERO = new Decimal(0);
const side = (net: Decimal): [string, string] => (net.isNegative() ? ['0.00', money(net.abs())] : [money(net), '0.00']);

@Injectable()
export class ReportsService {
  constructor(
    private readonly repo: BooksRepository,
    private readonly ledgers: LedgersService,
    private readonly tx: TransactionRunner,
    private readonly checks: IntegrityChecks,
  ) {}

  /** Posted balances per counterparty (debit − credit) on some accounts: the contracts' reconciliation of 112/113 reads it. */
  async counterpartyBalances(orgId: string, ledgerId: string, accountCodes: string[]): Promise<{ accountCode: string; counterparty: string; balance: string }[]> {
    await this.ledgers.get(orgId, ledgerId);
    const rows = await this.repo.counterpartyBalances(orgId, ledgerId, accountCodes);
    return rows.map((r) => ({ accountCode: r.account_code, counterparty: r.counterparty, balance: money(r.balance) }));
  }

  /**
   * 科目余额表 for any range of months: opening balance (before `from`), turnover in the range,
   * year-to-date turnover (from January of `to`'s year, or the ledger's start), closing balance.
   * Balances are shown on the side of their sign. Parent accounts sum their sub-accounts; the totals
   * sum the first-level accounts, so Σdebit = Σcredit in every column pair.
   */
  async trialBalance(orgId: string, ledgerId: string, from: string, to: string): Promise<TrialBalance> {
    if (!PERIOD.test(from) || !PERIOD.test(to) || from > to) throw ledgerError('PERIOD_INVALID', 'from and to are YYYY-MM with from ≤ to', 400);
    const ledger = await this.ledgers.get(orgId, ledgerId);
    const start = from < ledger.start_period ? ledger.start_period : from;
    const yearStart = `${to.slice(0, 4)}-01` < ledger.start_period ? ledger.start_period : `${to.slice(0, 4)}-01`;
    // Also called inside a transaction (the GB/T export's snapshot): tx.all runs the reads in turn there.
    const [accounts, before, range, ytd] = await this.tx.all(
      () => this.repo.accounts(orgId, ledgerId),
      () => this.repo.netByAccount(orgId, ledgerId, null, shiftBack(start), true),
      () => this.repo.turnover(orgId, ledgerId, start, to),
      () => this.repo.turnover(orgId, ledgerId, yearStart, to),
    );
    const amounts = new Map<string, Amounts>();
    const add = (code: string, a: Amounts) => {
      const cur = amounts.get(code) ?? { opening: ZERO, debit: ZERO, credit: ZERO, ytdDebit: ZERO, ytdCredit: ZERO };
      amounts.set(code, {
        opening: cur.opening.plus(a.opening),
        debit: cur.debit.plus(a.debit),
        credit: cur.credit.plus(a.credit),
        ytdDebit: cur.ytdDebit.plus(a.ytdDebit),
        ytdCredit: cur.ytdCredit.plus(a.ytdCredit),
      });
    };
    const byCode = new Map<string, AccountRow>(accounts.map((a) => [a.code, a]));
    for (const account of accounts.filter((a) => a.is_leaf)) {
      const a: Amounts = {
        opening: new Decimal(before.get(account.code) ?? 0),
        debit: new Decimal(range.get(account.code)?.debit ?? 0),
        credit: new Decimal(range.get(account.code)?.credit ?? 0),
        ytdDebit: new Decimal(ytd.get(account.code)?.debit ?? 0),
        ytdCredit: new Decimal(ytd.get(account.code)?.credit ?? 0),
      };
      // Roll each leaf up through its parents.
      for (let code: string | null = account.code; code; code = byCode.get(code)?.parent_code ?? null) add(code, a);
    }
    const rows = accounts.map((account) => toRow(account, amounts.get(account.code)));
    const sum = (pick: (r: TrialBalanceRow) => string) => money(rows.filter((r) => r.level === 1).reduce((s, r) => s.plus(pick(r)), ZERO));
    const totals = {
      openingDebit: sum((r) => r.openingDebit),
      openingCredit: sum((r) => r.openingCredit),
      debit: sum((r) => r.debit),
      credit: sum((r) => r.credit),
      ytdDebit: sum((r) => r.ytdDebit),
      ytdCredit: sum((r) => r.ytdCredit),
      closingDebit: sum((r) => r.closingDebit),
      closingCredit: sum((r) => r.closingCredit),
    };
    const balanced = totals.openingDebit === totals.openingCredit && totals.debit === totals.credit && totals.closingDebit === totals.closingCredit && totals.ytdDebit === totals.ytdCredit;
    return { from, to, rows, totals, balanced };
  }

  trialBalanceTable(tb: TrialBalance, ledgerName: string): TabularReport {
    const money = (key: string, header: string) => ({ key, header, money: true });
    return {
      title: '科目余额表',
      filename: `trial-balance-${tb.from}-${tb.to}`,
      columns: [
        { key: 'code', header: '科目编码' },
        { key: 'name', header: '科目名称' },
        money('openingDebit', '期初借方'),
        money('openingCredit', '期初贷方'),
        money('debit', '本期借方'),
        money('credit', '本期贷方'),
        money('ytdDebit', '本年累计借方'),
        money('ytdCredit', '本年累计贷方'),
        money('closingDebit', '期末借方'),
        money('closingCredit', '期末贷方'),
      ],
      rows: [...tb.rows, { code: '', name: `合计 (${ledgerName} ${tb.from}—${tb.to})`, ...tb.totals }] as TabularReport['rows'],
    };
  }

  /**
   * For auditors: every maintained balance recomputed from the posted lines (ledger.balances),
   * numbering gapless and vouchers balanced (ledger.vouchers), then every check the contexts above
   * registered in core's IntegrityChecks (the fixed-asset cards against 151/152, the rent schedules
   * against 112/113), all side by side.
   */
  async integrity(orgId: string, ledgerId: string): Promise<IntegrityReport> {
    await this.ledgers.get(orgId, ledgerId);
    const [balanceDifferences, problems, registered] = await Promise.all([
      this.repo.balanceDifferences(orgId, ledgerId),
      this.repo.numberingAndBalanceProblems(orgId, ledgerId),
      this.checks.run(orgId, ledgerId),
    ]);
    const checks: IntegrityCheckResult[] = [
      { name: 'ledger.balances', ok: balanceDifferences.length === 0, differences: balanceDifferences },
      { name: 'ledger.vouchers', ok: problems.length === 0, differences: problems },
      ...registered,
    ];
    return { ok: balanceDifferences.length === 0 && problems.length === 0, balanceDifferences, problems, checks, reconciled: checks.every((c) => c.ok) };
  }

  /**
   * For the assets context's reconciliation: posted lines (and opening balances, card null) on the
   * accounts flagged needs_asset (151/152/154 and their sub-accounts), net debit per card and account;
   * `exemptLines`: the lines without a card that ASSET_REQUIRED lets through (imported books, a
   * reversal of a line that had none), as the posting trigger decides.
   */
  async assetDimension(orgId: string, ledgerId: string): Promise<{ assetId: string | null; accountCode: string; netDebit: string; lines: number; exemptLines: number }[]> {
    await this.ledgers.get(orgId, ledgerId);
    return (await this.repo.assetDimension(orgId, ledgerId)).map((r) => ({
      assetId: r.asset_id,
      accountCode: r.account_code,
      netDebit: money(r.net_debit),
      lines: r.lines,
      exemptLines: r.exempt_lines,
    }));
  }
}

function shiftBack(period: string): string {
  const [y, m] = period.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

function toRow(account: AccountRow, a: Amounts | undefined): TrialBalanceRow {
  const opening = a?.opening ?? ZERO;
  const debit = a?.debit ?? ZERO;
  const credit = a?.credit ?? ZERO;
  const closing = opening.plus(debit).minus(credit);
  const [openingDebit, openingCredit] = side(opening);
  const [closingDebit, closingCredit] = side(closing);
  return {
    code: account.code,
    name: account.name,
    level: account.code.length === 3 ? 1 : (account.code.length - 3) / 2 + 1,
    leaf: account.is_leaf,
    openingDebit,
    openingCredit,
    debit: money(debit),
    credit: money(credit),
    ytdDebit: money(a?.ytdDebit ?? ZERO),
    ytdCredit: money(a?.ytdCredit ?? ZERO),
    closingDebit,
    closingCredit,
  };
}
