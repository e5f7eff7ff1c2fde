import { Decimal, decimalProblem, money } from '@app/core';
import type { AccountRow } from './books.repository.js';
import type { LineProblem } from './lines.js';

export interface OpeningLineInput {
  accountCode: string;
  debit?: unknown;
  credit?: unknown;
}

export interface OpeningLine {
  accountCode: string;
  debit: string;
  credit: string;
}

/**
 * 建账 lines (SPEC §2.1): a leaf account of this ledger, once each, exactly one side as a plain
 * decimal string with at most 2 places; together they balance. Every problem is returned, in order,
 * each naming its line through `where(i)`; the totals cover the lines that passed.
 */
export function checkOpeningLines(
  lines: OpeningLineInput[],
  accounts: Map<string, AccountRow>,
  where: (index: number) => string,
): { lines: OpeningLine[]; problems: (LineProblem & { index: number })[]; debit: string; credit: string } {
  const seen = new Set<string>();
  const normalized: OpeningLine[] = [];
  const problems: (LineProblem & { index: number })[] = [];
  lines.forEach((l, index) => {
    const at = where(index);
    const problem = (code: LineProblem['code'], message: string, field = at) => problems.push({ index, code, message, field });
    const account = accounts.get(l.accountCode);
    if (!account) return problem('ACCOUNT_NOT_FOUND', `${at}: account ${l.accountCode} does not exist`, `${at}.accountCode`);
    if (!account.is_leaf) return problem('ACCOUNT_NOT_LEAF', `${at}: account ${l.accountCode} has sub-accounts`, `${at}.accountCode`);
    if (seen.has(l.accountCode)) return problem('INVALID_AMOUNT', `${at}: account ${l.accountCode} appears twice`, `${at}.accountCode`);
    seen.add(l.accountCode);
    const hasDebit = l.debit !== undefined && l.debit !== null;
    const hasCredit = l.credit !== undefined && l.credit !== null;
    if (hasDebit === hasCredit) return problem(hasDebit ? 'LINE_BOTH_SIDES' : 'LINE_NO_AMOUNT', `${at} needs exactly one of debit or credit`);
    const value = hasDebit ? l.debit : l.credit;
    const bad = decimalProblem(value, { scale: 2 });
    if (bad) return problem('INVALID_AMOUNT', `${at} ${bad}`, `${at}.${hasDebit ? 'debit' : 'credit'}`);
    normalized.push({ accountCode: l.accountCode, debit: hasDebit ? money(value as string) : '0.00', credit: hasCredit ? money(value as string) : '0.00' });
  });
  const debit = money(normalized.reduce((s, l) => s.plus(l.debit), new Decimal(0)));
  const credit = money(normalized.reduce((s, l) => s.plus(l.credit), new Decimal(0)));
  return { lines: normalized, problems, debit, credit };
}
