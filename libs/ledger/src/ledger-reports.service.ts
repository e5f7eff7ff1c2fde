import { readFileSync } from 'node:fs';
import { Injectable } from '@nestjs/common';
import { Decimal, money } from '@app/core';
import { BooksRepository, Dimension, PostedLineRow } from './books.repository.js';
import { ledgerError } from './ledger-errors.js';
import { LedgersService } from './ledgers.service.js';
import { PERIOD, shiftPeriod } from './periods.js';
import type { TabularReport } from './report-format.js';
import { SystemAccount as A } from './system-accounts.js';
import { voucherNumber } from './vouchers.service.js';

interface SheetLine {
  id: string;
  name: string;
  side: 'asset' | 'liability';
  accounts?: string[];
  less?: boolean;
  debitDetailOf?: string[];
  creditDetailOf?: string[];
  sum?: string[];
}

const BALANCE_SHEET: { title: string; lines: SheetLine[] } = JSON.parse(readFileSync(new URL('../data/balance-sheet-2023.json', import.meta.url), 'utf8'));

const ZERO = new Decimal(0);
const direction = (net: Decimal) => (net.isZero() ? '平' : net.isPositive() ? '借' : '贷');

export interface JournalEntry {
  date: string;
  period: string;
  number: string;
  voucherId: string;
  memo: string;
  accountCode: string;
  accountName: string;
  debit: string;
  credit: string;
  direction?: string;
  balance?: string;
  counterparty?: string | null;
}

/**
 * The ledger reports besides the trial balance (SPEC §2.6): the books 序时账, 总账, 明细账,
 * 现金/银行存款日记账 and the financial statements 资产负债表, 收益及收益分配表 (not to be confused
 * with the dividends context's statements, a shareholder's 分红 for a year). Balances are shown with a direction (借/贷/平)
 * and an absolute amount, as the paper books are kept.
 */
@Injectable()
export class LedgerReportsService {
  constructor(
    private readonly repo: BooksRepository,
    private readonly ledgers: LedgersService,
  ) {}

  /** 序时账: every posted line in voucher order. */
  async journal(orgId: string, ledgerId: string, from: string, to: string): Promise<{ from: string; to: string; entries: JournalEntry[] }> {
    await this.range(orgId, ledgerId, from, to);
    const lines = await this.repo.postedLines(orgId, ledgerId, from, to);
    return { from, to, entries: lines.map((l) => entry(l)) };
  }

  /** 总账: per first-level account, the opening balance, each month's turnover and balance, and the year to date. */
  async generalLedger(orgId: string, ledgerId: string, from: string, to: string, account?: string) {
    const ledger = await this.range(orgId, ledgerId, from, to);
    const accounts = (await this.repo.accounts(orgId, ledgerId)).filter((a) => (account ? a.code === account : a.parent_code === null));
    if (account && accounts.length === 0) throw ledgerError('ACCOUNT_NOT_FOUND', `Account ${account} does not exist`, 400);
    const start = from < ledger.start_period ? ledger.start_period : from;
    const months: string[] = [];
    for (let p = start; p <= to; p = shiftPeriod(p, 1)) months.push(p);
    const turnovers = await Promise.all(months.map((m) => this.repo.turnover(orgId, ledgerId, m, m)));
    const sumFor = (map: Map<string, { debit: string; credit: string }>, prefix: string) =>
      [...map.entries()].filter(([c]) => c.startsWith(prefix)).reduce((s, [, t]) => ({ debit: s.debit.plus(t.debit), credit: s.credit.plus(t.credit) }), { debit: ZERO, credit: ZERO });
    const rows = [];
    for (const a of accounts) {
      let balance = new Decimal(await this.repo.netBefore(orgId, ledgerId, a.code, start));
      rows.push({ code: a.code, name: a.name, period: start, summary: '期初余额', debit: '', credit: '', direction: direction(balance), balance: money(balance.abs()) });
      let ytd = { debit: ZERO, credit: ZERO };
      for (let i = 0; i < months.length; i++) {
        if (months[i].endsWith('-01') || i === 0) ytd = months[i].endsWith('-01') ? { debit: ZERO, credit: ZERO } : await this.ytdBefore(orgId, ledgerId, a.code, months[i], ledger.start_period);
        const t = sumFor(turnovers[i], a.code);
        balance = balance.plus(t.debit).minus(t.credit);
        ytd = { debit: ytd.debit.plus(t.debit), credit: ytd.credit.plus(t.credit) };
        const bal = { direction: direction(balance), balance: money(balance.abs()) };
        rows.push({ code: a.code, name: a.name, period: months[i], summary: '本月合计', debit: money(t.debit), credit: money(t.credit), ...bal });
        rows.push({ code: a.code, name: a.name, period: months[i], summary: '本年累计', debit: money(ytd.debit), credit: money(ytd.credit), ...bal });
      }
    }
    return { from, to, rows };
  }

  /** 明细账: one account (with its sub-accounts), optionally one counterparty/shareholder/household, with a running balance. */
  async subsidiaryLedger(orgId: string, ledgerId: string, account: string, from: string, to: string, dimension?: Dimension, value?: string) {
    const ledger = await this.range(orgId, ledgerId, from, to);
    const found = (await this.repo.accountsByCode(orgId, ledgerId, [account])).get(account);
    if (!found) throw ledgerError('ACCOUNT_NOT_FOUND', `Account ${account} does not exist`, 400);
    if ((dimension === undefined) !== (value === undefined)) throw ledgerError('PERIOD_INVALID', 'dimension and value go together', 400);
    const start = from < ledger.start_period ? ledger.start_period : from;
    const opening = new Decimal(await this.repo.netBefore(orgId, ledgerId, account, start, { dimension, value }));
    const lines = await this.repo.postedLines(orgId, ledgerId, start, to, { accountPrefix: account, dimension, value });
    let balance = opening;
    const entries = lines.map((l) => {
      balance = balance.plus(l.debit).minus(l.credit);
      return entry(l, balance);
    });
    return {
      account: { code: found.code, name: found.name },
      dimension: dimension ? { name: dimension, value } : null,
      from,
      to,
      opening: { direction: direction(opening), balance: money(opening.abs()) },
      entries,
      closing: { direction: direction(balance), balance: money(balance.abs()) },
    };
  }

  /** 现金/银行存款日记账: lines of 101 or 102 (or a bank sub-account) with the balance after each and a total per day. */
  async cashJournal(orgId: string, ledgerId: string, account: string, from: string, to: string) {
    if (!account.startsWith(A.Cash) && !account.startsWith(A.Bank)) throw ledgerError('ACCOUNT_NOT_FOUND', 'The cash journal is for 101 库存现金 and 102 银行存款', 400);
    const ledger = await this.subsidiaryLedger(orgId, ledgerId, account, from, to);
    const days: { date: string; debit: string; credit: string; direction: string; balance: string }[] = [];
    for (const e of ledger.entries) {
      const last = days[days.length - 1];
      if (last?.date === e.date) {
        last.debit = money(new Decimal(last.debit).plus(e.debit));
        last.credit = money(new Decimal(last.credit).plus(e.credit));
        last.direction = e.direction!;
        last.balance = e.balance!;
      } else days.push({ date: e.date, debit: e.debit, credit: e.credit, direction: e.direction!, balance: e.balance! });
    }
    return { ...ledger, dailyTotals: days.map((d) => ({ ...d, summary: '本日合计' })) };
  }

  /**
   * Posted turnover per month and leaf account in a range (for budget execution and supervision):
   * `excludeClosing` leaves out the year-end closing vouchers, which would empty the expense accounts.
   */
  async monthlyTurnover(orgId: string, ledgerId: string, from: string, to: string, options: { excludeClosing?: boolean } = {}) {
    await this.range(orgId, ledgerId, from, to);
    const rows = await this.repo.monthlyTurnover(orgId, ledgerId, from, to, options.excludeClosing ? 'closing' : null);
    return rows.map((r) => ({ period: r.period, accountCode: r.account_code, debit: money(r.debit), credit: money(r.credit) }));
  }

  /** 资产负债表 at the end of a month: 年初数 (start of that year) and 期末数. */
  async balanceSheet(orgId: string, ledgerId: string, period: string) {
    if (!PERIOD.test(period)) throw ledgerError('PERIOD_INVALID', 'period must be YYYY-MM', 400);
    const ledger = await this.ledgers.get(orgId, ledgerId);
    if (period < ledger.start_period) throw ledgerError('DATE_OUTSIDE_LEDGER', `The ledger starts in ${ledger.start_period}`, 400);
    const yearStart = `${period.slice(0, 4)}-01` < ledger.start_period ? ledger.start_period : `${period.slice(0, 4)}-01`;
    const beforeYear = shiftPeriod(yearStart, -1);
    const [beginning, ending] = await Promise.all([this.sheetColumn(orgId, ledgerId, beforeYear), this.sheetColumn(orgId, ledgerId, period)]);
    const rows = BALANCE_SHEET.lines.map((l) => ({ id: l.id, name: l.name, beginning: money(beginning.get(l.id)!), ending: money(ending.get(l.id)!) }));
    const balanced = beginning.get('A30')!.eq(beginning.get('E10')!) && ending.get('A30')!.eq(ending.get('E10')!);
    return { title: BALANCE_SHEET.title, period, rows, balanced };
  }

  /** 收益及收益分配表 for a year: the year's results (closing vouchers left out) and their distribution. */
  async incomeStatement(orgId: string, ledgerId: string, year: string) {
    if (!/^\d{4}$/.test(year)) throw ledgerError('PERIOD_INVALID', 'year must be YYYY', 400);
    const ledger = await this.ledgers.get(orgId, ledgerId);
    const from = `${year}-01` < ledger.start_period ? ledger.start_period : `${year}-01`;
    const to = `${year}-12`;
    if (to < ledger.start_period) throw ledgerError('DATE_OUTSIDE_LEDGER', `The ledger starts in ${ledger.start_period}`, 400);
    const turnover = await this.repo.turnoverExcludingSource(orgId, ledgerId, from, to, 'closing');
    const all = await this.repo.turnover(orgId, ledgerId, from, to);
    const credit = (prefix: string) => sumPrefix(turnover, prefix, (t) => new Decimal(t.credit).minus(t.debit));
    const debit = (prefix: string) => sumPrefix(turnover, prefix, (t) => new Decimal(t.debit).minus(t.credit));
    const distributed = (code: string) => sumPrefix(all, code, (t) => new Decimal(t.debit));
    const operating = credit(A.OperatingIncome).minus(debit(A.OperatingExpense)).minus(debit(A.TaxesAndSurcharges)).minus(debit(A.AdministrativeExpense));
    const total = operating.plus(credit(A.InvestmentIncome)).plus(credit(A.SubsidyIncome)).plus(credit(A.OtherIncome)).minus(debit(A.PublicWelfareExpense)).minus(debit(A.OtherExpense));
    const profit = total.minus(debit(A.IncomeTax));
    const openingUndistributed = new Decimal(await this.repo.netBefore(orgId, ledgerId, A.UndistributedProfit, from)).negated();
    const distributable = profit.plus(openingUndistributed);
    const [reserve, members, other] = [distributed(A.ReserveAppropriation), distributed(A.MemberDistribution), distributed(A.OtherDistribution)];
    const rows: [string, string, Decimal][] = [
      ['1', '一、经营收入', credit(A.OperatingIncome)],
      ['2', '减：经营支出', debit(A.OperatingExpense)],
      ['3', '减：税金及附加', debit(A.TaxesAndSurcharges)],
      ['4', '减：管理费用', debit(A.AdministrativeExpense)],
      ['5', '二、经营收益', operating],
      ['6', '加：投资收益', credit(A.InvestmentIncome)],
      ['7', '加：补助收入', credit(A.SubsidyIncome)],
      ['8', '加：其他收入', credit(A.OtherIncome)],
      ['9', '减：公益支出', debit(A.PublicWelfareExpense)],
      ['10', '减：其他支出', debit(A.OtherExpense)],
      ['11', '三、收益总额', total],
      ['12', '减：所得税费用', debit(A.IncomeTax)],
      ['13', '四、本年收益', profit],
      ['14', '加：年初未分配收益', openingUndistributed],
      ['15', '五、可分配收益', distributable],
      ['16', '减：提取公积公益金', reserve],
      ['17', '减：向成员分配', members],
      ['18', '减：其他分配', other],
      ['19', '六、年末未分配收益', distributable.minus(reserve).minus(members).minus(other)],
    ];
    return { year, rows: rows.map(([line, name, amount]) => ({ line, name, amount: money(amount) })) };
  }

  tables = {
    journal: (r: { from: string; to: string; entries: JournalEntry[] }): TabularReport => ({
      title: '序时账',
      filename: `journal-${r.from}-${r.to}`,
      columns: [
        { key: 'date', header: '日期' },
        { key: 'number', header: '凭证号' },
        { key: 'memo', header: '摘要' },
        { key: 'accountCode', header: '科目编码' },
        { key: 'accountName', header: '科目名称' },
        { key: 'debit', header: '借方', money: true },
        { key: 'credit', header: '贷方', money: true },
      ],
      rows: r.entries as unknown as TabularReport['rows'],
    }),
    ledgerLines: (title: string, filename: string, r: { entries: JournalEntry[]; opening: { direction: string; balance: string } }): TabularReport => ({
      title,
      filename,
      columns: [
        { key: 'date', header: '日期' },
        { key: 'number', header: '凭证号' },
        { key: 'memo', header: '摘要' },
        { key: 'debit', header: '借方', money: true },
        { key: 'credit', header: '贷方', money: true },
        { key: 'direction', header: '方向' },
        { key: 'balance', header: '余额', money: true },
      ],
      rows: [{ date: '', number: '', memo: '期初余额', debit: '', credit: '', ...r.opening }, ...(r.entries as unknown as TabularReport['rows'])],
    }),
    generalLedger: (r: { from: string; to: string; rows: Record<string, string>[] }): TabularReport => ({
      title: '总账',
      filename: `general-ledger-${r.from}-${r.to}`,
      columns: [
        { key: 'code', header: '科目编码' },
        { key: 'name', header: '科目名称' },
        { key: 'period', header: '期间' },
        { key: 'summary', header: '摘要' },
        { key: 'debit', header: '借方', money: true },
        { key: 'credit', header: '贷方', money: true },
        { key: 'direction', header: '方向' },
        { key: 'balance', header: '余额', money: true },
      ],
      rows: r.rows,
    }),
    balanceSheet: (r: { period: string; rows: { id: string; name: string; beginning: string; ending: string }[] }): TabularReport => ({
      title: '资产负债表',
      filename: `balance-sheet-${r.period}`,
      columns: [
        { key: 'name', header: '项目' },
        { key: 'id', header: '行次' },
        { key: 'beginning', header: '年初数', money: true },
        { key: 'ending', header: '期末数', money: true },
      ],
      rows: r.rows,
    }),
    incomeStatement: (r: { year: string; rows: { line: string; name: string; amount: string }[] }): TabularReport => ({
      title: '收益及收益分配表',
      filename: `income-statement-${r.year}`,
      columns: [
        { key: 'name', header: '项目' },
        { key: 'line', header: '行次' },
        { key: 'amount', header: '本年累计数', money: true },
      ],
      rows: r.rows,
    }),
  };

  /** Each balance-sheet line's amount at the end of `upto` (before the ledger starts: zero). */
  private async sheetColumn(orgId: string, ledgerId: string, upto: string): Promise<Map<string, Decimal>> {
    const nets = await this.repo.netByAccount(orgId, ledgerId, null, upto, true);
    const values = new Map<string, Decimal>();
    for (const line of BALANCE_SHEET.lines) {
      let value = ZERO;
      if (line.sum) {
        for (const ref of line.sum) value = ref.startsWith('-') ? value.minus(values.get(ref.slice(1))!) : value.plus(values.get(ref)!);
      } else {
        // Assets read debit − credit, the other side credit − debit; a `less` (contra) line is shown positive.
        const sign = line.side === 'asset' && !line.less ? 1 : -1;
        for (const code of line.accounts ?? []) {
          for (const [c, net] of nets) if (c.startsWith(code)) value = value.plus(new Decimal(net).times(sign));
        }
        for (const code of line.debitDetailOf ?? []) {
          for (const net of await this.repo.netsByCounterparty(orgId, ledgerId, code, upto)) if (new Decimal(net).isPositive()) value = value.plus(net);
        }
        for (const code of line.creditDetailOf ?? []) {
          for (const net of await this.repo.netsByCounterparty(orgId, ledgerId, code, upto)) if (new Decimal(net).isNegative()) value = value.minus(net);
        }
      }
      values.set(line.id, value);
    }
    return values;
  }

  private async ytdBefore(orgId: string, ledgerId: string, code: string, period: string, startPeriod: string) {
    const yearStart = `${period.slice(0, 4)}-01` < startPeriod ? startPeriod : `${period.slice(0, 4)}-01`;
    if (period <= yearStart) return { debit: ZERO, credit: ZERO };
    const t = await this.repo.turnover(orgId, ledgerId, yearStart, shiftPeriod(period, -1));
    return [...t.entries()].filter(([c]) => c.startsWith(code)).reduce((s, [, v]) => ({ debit: s.debit.plus(v.debit), credit: s.credit.plus(v.credit) }), { debit: ZERO, credit: ZERO });
  }

  private async range(orgId: string, ledgerId: string, from: string, to: string) {
    if (!PERIOD.test(from) || !PERIOD.test(to) || from > to) throw ledgerError('PERIOD_INVALID', 'from and to are YYYY-MM with from ≤ to', 400);
    return this.ledgers.get(orgId, ledgerId);
  }
}

function sumPrefix(map: Map<string, { debit: string; credit: string }>, prefix: string, pick: (t: { debit: string; credit: string }) => Decimal): Decimal {
  return [...map.entries()].filter(([c]) => c.startsWith(prefix)).reduce((s, [, t]) => s.plus(pick(t)), ZERO);
}

function entry(l: PostedLineRow, balance?: Decimal): JournalEntry {
  return {
    date: l.date,
    period: l.period,
    number: voucherNumber(l.number)!,
    voucherId: l.voucher_id,
    memo: l.memo ?? l.voucher_memo,
    accountCode: l.account_code,
    accountName: l.account_name,
    debit: money(l.debit),
    credit: money(l.credit),
    counterparty: l.counterparty,
    ...(balance ? { direction: direction(balance), balance: money(balance.abs()) } : {}),
  };
}
