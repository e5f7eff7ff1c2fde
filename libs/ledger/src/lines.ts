import { Decimal, decimalProblem, money } from '@app/core';
import type { AccountRow, NewLine } from './books.repository.js';
import { LedgerError, ledgerError } from './ledger-errors.js';

export interface LineInput {
  accountCode: string;
  debit?: unknown;
  credit?: unknown;
  memo?: string;
  shareholderId?: string;
  householdId?: string;
  counterparty?: string;
  assetId?: string;
}

const AMOUNT = { scale: 2, maxIntegerDigits: 18 };

/** A plain decimal string already checked by decimalProblem (at most 2 places), written with exactly 2, as money() would: no Decimal per line. */
export function twoPlaces(checked: string): string {
  const dot = checked.indexOf('.');
  if (dot < 0) return `${checked}.00`;
  return checked.length - dot === 2 ? `${checked}0` : checked;
}

/** What is wrong with one line: a stable code, a message naming the line, and the field at fault. */
export interface LineProblem {
  code: keyof typeof LedgerError;
  message: string;
  field: string;
  details?: unknown;
}

/**
 * One voucher line against SPEC §2.2: exactly one side, a plain positive decimal string with at
 * most 2 places, a leaf account of this ledger, the counterparty dimension where the account needs
 * it, the fixed-asset card where the account needs one (SPEC §8; `requireCard: false` only for the
 * books import: historical books come without cards, see docs/invariants.md). `where` names the
 * line in messages (`lines[3]`, `vouchers[12].lines[3]`).
 */
export function checkLine(
  line: LineInput,
  account: AccountRow | undefined,
  where: string,
  { requireCard = true }: { requireCard?: boolean } = {},
): { line: NewLine } | { problem: LineProblem } {
  const hasDebit = line.debit !== undefined && line.debit !== null;
  const hasCredit = line.credit !== undefined && line.credit !== null;
  if (hasDebit && hasCredit) return { problem: { code: 'LINE_BOTH_SIDES', message: `${where} has both a debit and a credit`, field: where, details: [{ field: where }] } };
  if (!hasDebit && !hasCredit) return { problem: { code: 'LINE_NO_AMOUNT', message: `${where} has neither a debit nor a credit`, field: where, details: [{ field: where }] } };
  const side = hasDebit ? 'debit' : 'credit';
  const value = hasDebit ? line.debit : line.credit;
  const problem = decimalProblem(value, AMOUNT);
  if (problem) {
    const field = `${where}.${side}`;
    return { problem: { code: 'INVALID_AMOUNT', message: `${field} ${problem}`, field, details: [{ field, problems: [problem] }] } };
  }
  const field = `${where}.accountCode`;
  if (!account) return { problem: { code: 'ACCOUNT_NOT_FOUND', message: `${where}: account ${line.accountCode} does not exist in this ledger`, field } };
  if (!account.is_leaf) return { problem: { code: 'ACCOUNT_NOT_LEAF', message: `${where}: account ${line.accountCode} has sub-accounts; post to a sub-account`, field } };
  if (account.needs_counterparty && !line.counterparty && !line.shareholderId && !line.householdId) {
    return { problem: { code: 'COUNTERPARTY_REQUIRED', message: `${where}: account ${line.accountCode} ${account.name} needs a counterparty, shareholder or household`, field: `${where}.counterparty` } };
  }
  if (requireCard && account.needs_asset && !line.assetId) {
    const cardField = `${where}.assetId`;
    return {
      problem: {
        code: 'ASSET_REQUIRED',
        message: `${where}: account ${line.accountCode} ${account.name} needs a fixed-asset card (assetId)`,
        field: cardField,
        details: [{ field: cardField, accountCode: line.accountCode }],
      },
    };
  }
  const amount = twoPlaces(value as string);
  return {
    line: {
      accountCode: line.accountCode,
      debit: side === 'debit' ? amount : '0.00',
      credit: side === 'credit' ? amount : '0.00',
      memo: line.memo ?? null,
      shareholderId: line.shareholderId ?? null,
      householdId: line.householdId ?? null,
      counterparty: line.counterparty ?? null,
      assetId: line.assetId ?? null,
    },
  };
}

/**
 * Normalizes and checks voucher lines (SPEC §2.2): each line by `checkLine`, then Σdebit = Σcredit.
 * Stops at the first problem. The database checks the same at commit.
 */
export function validateLines(lines: LineInput[], accounts: Map<string, AccountRow>): NewLine[] {
  const normalized = lines.map((line, index) => {
    const checked = checkLine(line, accounts.get(line.accountCode), `lines[${index}]`);
    if ('problem' in checked) throw ledgerError(checked.problem.code, checked.problem.message, 400, checked.problem.details);
    return checked.line;
  });
  const debit = normalized.reduce((s, l) => s.plus(l.debit), new Decimal(0));
  const credit = normalized.reduce((s, l) => s.plus(l.credit), new Decimal(0));
  if (!debit.eq(credit)) {
    throw ledgerError('VOUCHER_UNBALANCED', `debits ${money(debit)} and credits ${money(credit)} differ`, 400, { debit: money(debit), credit: money(credit) });
  }
  return normalized;
}
