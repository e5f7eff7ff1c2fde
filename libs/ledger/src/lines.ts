import { Decimal, decimalProblem, money } from '@app/core';
import type { AccountRow, NewLine } from './books.repository.js';
import { ledgerError } from './ledger-errors.js';

export interface LineInput {
  accountCode: string;
  debit?: unknown;
  credit?: unknown;
  memo?: string;
  shareholderId?: string;
  householdId?: string;
  counterparty?: string;
}

const AMOUNT = { scale: 2, maxIntegerDigits: 18 };

/**
 * Normalizes and checks voucher lines (SPEC §2.2): exactly one side per line, a plain positive
 * decimal string with at most 2 places, a leaf account of this ledger, the counterparty dimension
 * where the account needs it, and Σdebit = Σcredit. The database checks the same at commit.
 */
export function validateLines(lines: LineInput[], accounts: Map<string, AccountRow>): NewLine[] {
  const normalized = lines.map((line, index) => {
    const where = `lines[${index}]`;
    const hasDebit = line.debit !== undefined && line.debit !== null;
    const hasCredit = line.credit !== undefined && line.credit !== null;
    if (hasDebit && hasCredit) throw ledgerError('LINE_BOTH_SIDES', `${where} has both a debit and a credit`, 400, [{ field: where }]);
    if (!hasDebit && !hasCredit) throw ledgerError('LINE_NO_AMOUNT', `${where} has neither a debit nor a credit`, 400, [{ field: where }]);
    const side = hasDebit ? 'debit' : 'credit';
    const value = hasDebit ? line.debit : line.credit;
    const problem = decimalProblem(value, AMOUNT);
    if (problem) throw ledgerError('INVALID_AMOUNT', `${where}.${side} ${problem}`, 400, [{ field: `${where}.${side}`, problems: [problem] }]);
    const account = accounts.get(line.accountCode);
    if (!account) throw ledgerError('ACCOUNT_NOT_FOUND', `${where}: account ${line.accountCode} does not exist in this ledger`, 400);
    if (!account.is_leaf) throw ledgerError('ACCOUNT_NOT_LEAF', `${where}: account ${line.accountCode} has sub-accounts; post to a sub-account`, 400);
    if (account.needs_counterparty && !line.counterparty && !line.shareholderId && !line.householdId) {
      throw ledgerError('COUNTERPARTY_REQUIRED', `${where}: account ${line.accountCode} ${account.name} needs a counterparty, shareholder or household`, 400);
    }
    const amount = money(value as string);
    return {
      accountCode: line.accountCode,
      debit: side === 'debit' ? amount : '0.00',
      credit: side === 'credit' ? amount : '0.00',
      memo: line.memo ?? null,
      shareholderId: line.shareholderId ?? null,
      householdId: line.householdId ?? null,
      counterparty: line.counterparty ?? null,
    };
  });
  const debit = normalized.reduce((s, l) => s.plus(l.debit), new Decimal(0));
  const credit = normalized.reduce((s, l) => s.plus(l.credit), new Decimal(0));
  if (!debit.eq(credit)) {
    throw ledgerError('VOUCHER_UNBALANCED', `debits ${money(debit)} and credits ${money(credit)} differ`, 400, { debit: money(debit), credit: money(credit) });
  }
  return normalized;
}
