/** The vouchers the posting scenario books: amounts are decimal strings built from integer cents. */

export interface BenchLine {
  accountCode: string;
  debit?: string;
  credit?: string;
  counterparty?: string;
}

/** The leaf accounts the vouchers use, resolved from the ledger's chart (see resolveAccounts). */
export interface PostingAccounts {
  debit: string[];
  credit: string[];
  /** Those of the above that need a counterparty (113, 211 and their sub-accounts; SPEC §2.1). */
  counterparty: string[];
}

/** Cash, bank, receivables, stock, operating expense / operating income, investment income, grants, other income, payables. */
const WANTED = { debit: ['101', '102', '112', '121', '511'], credit: ['501', '502', '503', '504', '211'] };
const COUNTERPARTY = '东城建筑公司';

/**
 * Each wanted account itself if it takes postings, otherwise its last leaf sub-account (e.g. 211 →
 * 21199 其他应付款 once the chart gives 211 standard sub-accounts).
 */
export function resolveAccounts(accounts: { code: string; leaf: boolean; needsCounterparty: boolean }[]): PostingAccounts {
  const leaves = accounts.filter((a) => a.leaf).sort((a, b) => a.code.localeCompare(b.code));
  const resolve = (code: string) => {
    const found = leaves.find((a) => a.code === code) ?? leaves.filter((a) => a.code.startsWith(code)).pop();
    if (!found) throw new Error(`no leaf account for ${code} in the ledger's chart`);
    return found;
  };
  const debit = WANTED.debit.map(resolve);
  const credit = WANTED.credit.map(resolve);
  return {
    debit: debit.map((a) => a.code),
    credit: credit.map((a) => a.code),
    counterparty: [...debit, ...credit].filter((a) => a.needsCounterparty).map((a) => a.code),
  };
}

/** An amount between 100.00 and 90099.99, from integer cents, varying with the voucher and the line. */
export function amount(seq: number, line: number): string {
  const cents = 10_000n + ((BigInt(seq) * 7_919n + BigInt(line) * 104_729n) % 9_000_000n);
  return `${cents / 100n}.${(cents % 100n).toString().padStart(2, '0')}`;
}

/**
 * A balanced voucher of `lineCount` lines (an even number, 2 to 10): half debits, half credits with
 * the same amounts. 2 lines: 101 库存现金 / 501 经营收入 (rent received in cash).
 */
export function voucherLines(lineCount: number, seq: number, accounts: PostingAccounts): BenchLine[] {
  const pairs = lineCount / 2;
  if (!Number.isInteger(pairs) || pairs < 1 || pairs > accounts.debit.length) throw new Error(`unsupported line count ${lineCount}`);
  const line = (accountCode: string, side: 'debit' | 'credit', value: string): BenchLine =>
    accounts.counterparty.includes(accountCode) ? { accountCode, [side]: value, counterparty: COUNTERPARTY } : { accountCode, [side]: value };
  const debits: BenchLine[] = [];
  const credits: BenchLine[] = [];
  for (let i = 0; i < pairs; i++) {
    const value = amount(seq, i);
    debits.push(line(accounts.debit[i], 'debit', value));
    credits.push(line(accounts.credit[i], 'credit', value));
  }
  return [...debits, ...credits];
}

/** The same lines as the service normalizes them (NewLine): both sides present, zero on the other. */
export function normalizedLines(lines: BenchLine[]) {
  return lines.map((l, i) => ({
    line_no: i + 1,
    account_code: l.accountCode,
    debit: l.debit ?? '0.00',
    credit: l.credit ?? '0.00',
    memo: null,
    shareholder_id: null,
    household_id: null,
    counterparty: l.counterparty ?? null,
  }));
}
