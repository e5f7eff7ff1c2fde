import { DomainError, ErrorCode, isUuid } from '@app/core';
import type { AccountRow, NewLine } from './books.repository.js';
import { ledgerError } from './ledger-errors.js';
import { checkLine, LineInput } from './lines.js';
import { checkOpeningLines, OpeningLine, OpeningLineInput } from './opening-balances.js';
import { isValidDate, periodOfDate } from './periods.js';

/**
 * Limits of one import request. 50,000 lines take about two seconds to check and write (see
 * bench/README.md, "Import") and about 5 MB of JSON with short memos; the body limit leaves room for
 * 50,000 lines with every memo and counterparty at full length.
 */
export const IMPORT_LIMITS = {
  /** Voucher lines per request (the CLI writes bigger files in batches of this size, in one transaction). */
  lines: 50_000,
  /** Opening-balance lines, as on POST …/opening-balances. */
  openingBalances: 5_000,
  /** Lines of one voucher, as on POST …/vouchers. */
  linesPerVoucher: 1_000,
  /** JSON body of POST …/imports. */
  bodyBytes: 64 * 1024 * 1024,
} as const;

export interface ImportVoucherInput {
  date: string;
  memo: string;
  attachments?: number;
  lines: LineInput[];
}

export interface ImportInput {
  openingBalances?: OpeningLineInput[];
  vouchers: ImportVoucherInput[];
}

/** One thing wrong with an import, located by index (vouchers[i].lines[j], openingBalances[k]). */
export interface ImportProblem {
  code: string;
  field: string;
  message: string;
  voucher?: number;
  line?: number;
  openingBalance?: number;
}

export interface PreparedVoucher {
  /** Position in the request's `vouchers`. */
  index: number;
  date: string;
  period: string;
  memo: string;
  attachments: number;
  lines: NewLine[];
}

export interface PreparedImport {
  vouchers: PreparedVoucher[];
  lines: number;
  /** Σdebit (= Σcredit) of the vouchers. */
  total: string;
  opening: { lines: OpeningLine[]; debit: string; credit: string } | null;
}

/** Problems reported per refused import; the count says how many there were in all. */
const REPORTED = 100;

const VOUCHER_KEYS = new Set(['date', 'memo', 'attachments', 'lines']);
const LINE_KEYS = new Set(['accountCode', 'debit', 'credit', 'memo', 'shareholderId', 'householdId', 'counterparty']);
const OPENING_KEYS = new Set(['accountCode', 'debit', 'credit']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown, min: number, max: number): v is string => typeof v === 'string' && v.length >= min && v.length <= max;

/** Refuses the import with every problem found (the first 100), the first one's code and status. */
export function importRefused(problems: ImportProblem[], status = 400): DomainError {
  const first = problems[0];
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
  return new DomainError(first.code, `Import refused: ${first.message}${more}`, status, problems.slice(0, REPORTED));
}

/**
 * The shape of an import body, with the field rules of VoucherDto, LineDto and OpeningBalanceLineDto
 * (unknown fields refused, lengths, UUIDs). Checked here in one pass rather than by class-validator,
 * which took 1.25 s for 50,000 lines. Amounts are left to `prepareImport`, as on the voucher routes.
 */
export function readImportInput(body: unknown, maxLines: number = IMPORT_LIMITS.lines): ImportInput {
  const problems: ImportProblem[] = [];
  const shape = (field: string, message: string, at: Partial<ImportProblem> = {}) =>
    problems.push({ code: ErrorCode.VALIDATION_FAILED, field, message: `${field} ${message}`, ...at });
  if (!isObject(body)) throw importRefused([{ code: ErrorCode.VALIDATION_FAILED, field: 'body', message: 'the body must be a JSON object {openingBalances?, vouchers}' }]);
  for (const key of Object.keys(body)) if (key !== 'vouchers' && key !== 'openingBalances') shape(key, 'is not a field of an import');
  const { vouchers, openingBalances } = body;
  if (!Array.isArray(vouchers)) shape('vouchers', 'must be an array of vouchers');
  if (openingBalances !== undefined && !Array.isArray(openingBalances)) shape('openingBalances', 'must be an array of opening-balance lines');
  if (problems.length > 0) throw importRefused(problems);
  const voucherList = vouchers as unknown[];
  const opening = openingBalances as unknown[] | undefined;

  // The size first, before any per-line work.
  let lines = 0;
  for (const v of voucherList) if (isObject(v) && Array.isArray(v.lines)) lines += v.lines.length;
  if (lines > maxLines) {
    throw ledgerError('IMPORT_TOO_LARGE', `${lines} voucher lines in one import; at most ${maxLines}: split it`, 413, { lines, max: maxLines });
  }
  if ((opening?.length ?? 0) > IMPORT_LIMITS.openingBalances) {
    throw ledgerError('IMPORT_TOO_LARGE', `${opening!.length} opening-balance lines; at most ${IMPORT_LIMITS.openingBalances}`, 413, { openingBalances: opening!.length, max: IMPORT_LIMITS.openingBalances });
  }
  if (voucherList.length === 0 && opening === undefined) shape('vouchers', 'is empty and there are no opening balances: nothing to import');

  opening?.forEach((o, k) => {
    const at = { openingBalance: k };
    const where = `openingBalances[${k}]`;
    if (!isObject(o)) return shape(where, 'must be an object {accountCode, debit?, credit?}', at);
    for (const key of Object.keys(o)) if (!OPENING_KEYS.has(key)) shape(`${where}.${key}`, 'is not a field of an opening-balance line', at);
    if (!isText(o.accountCode, 1, 20)) shape(`${where}.accountCode`, 'must be a string of 1 to 20 characters', at);
  });
  voucherList.forEach((v, i) => {
    const where = `vouchers[${i}]`;
    if (!isObject(v)) return shape(where, 'must be an object {date, memo, attachments?, lines}', { voucher: i });
    for (const key of Object.keys(v)) if (!VOUCHER_KEYS.has(key)) shape(`${where}.${key}`, 'is not a field of a voucher', { voucher: i });
    if (typeof v.date !== 'string') shape(`${where}.date`, 'must be a YYYY-MM-DD string', { voucher: i });
    if (!isText(v.memo, 1, 200)) shape(`${where}.memo`, 'must be a string of 1 to 200 characters', { voucher: i });
    if (v.attachments !== undefined && !(Number.isInteger(v.attachments) && (v.attachments as number) >= 0 && (v.attachments as number) <= 9999)) {
      shape(`${where}.attachments`, 'must be an integer from 0 to 9999', { voucher: i });
    }
    if (!Array.isArray(v.lines)) return shape(`${where}.lines`, 'must be an array of lines', { voucher: i });
    if (v.lines.length > IMPORT_LIMITS.linesPerVoucher) shape(`${where}.lines`, `must have at most ${IMPORT_LIMITS.linesPerVoucher} lines`, { voucher: i });
    v.lines.forEach((l: unknown, j: number) => {
      const at = { voucher: i, line: j };
      const lw = `${where}.lines[${j}]`;
      if (!isObject(l)) return shape(lw, 'must be an object {accountCode, debit?, credit?, memo?, shareholderId?, householdId?, counterparty?}', at);
      for (const key in l) if (!LINE_KEYS.has(key)) shape(`${lw}.${key}`, 'is not a field of a voucher line', at);
      if (!isText(l.accountCode, 1, 20)) shape(`${lw}.accountCode`, 'must be a string of 1 to 20 characters', at);
      if (l.memo !== undefined && !isText(l.memo, 0, 200)) shape(`${lw}.memo`, 'must be a string of at most 200 characters', at);
      if (l.counterparty !== undefined && !isText(l.counterparty, 1, 100)) shape(`${lw}.counterparty`, 'must be a string of 1 to 100 characters', at);
      if (l.shareholderId !== undefined && !(typeof l.shareholderId === 'string' && isUuid(l.shareholderId.toLowerCase()))) shape(`${lw}.shareholderId`, 'must be a UUID', at);
      if (l.householdId !== undefined && !(typeof l.householdId === 'string' && isUuid(l.householdId.toLowerCase()))) shape(`${lw}.householdId`, 'must be a UUID', at);
    });
  });
  if (problems.length > 0) throw importRefused(problems);
  return { vouchers: voucherList as ImportVoucherInput[], openingBalances: opening as OpeningLineInput[] | undefined };
}

/** Every account code the import names (to load them in one query). */
export function importAccountCodes(input: ImportInput): string[] {
  const codes = new Set<string>();
  for (const v of input.vouchers) for (const l of v.lines) codes.add(l.accountCode);
  for (const o of input.openingBalances ?? []) codes.add(o.accountCode);
  return [...codes];
}

/**
 * The rules of the voucher and opening-balance routes over the whole import, in memory, against the
 * ledger's accounts loaded once: dates valid and from the ledger's start period on; every line by
 * `checkLine` (one side, amount text, leaf account, counterparty where needed); at least two lines
 * and Σdebit = Σcredit per voucher; opening balances by `checkOpeningLines`. Collects every problem
 * (reported up to 100) instead of stopping at the first.
 */
export function prepareImport(input: ImportInput, accounts: Map<string, AccountRow>, startPeriod: string): PreparedImport {
  const problems: ImportProblem[] = [];
  let opening: PreparedImport['opening'] = null;
  if (input.openingBalances) {
    const checked = checkOpeningLines(input.openingBalances, accounts, (k) => `openingBalances[${k}]`);
    for (const p of checked.problems) problems.push({ code: p.code, field: p.field, message: p.message, openingBalance: p.index });
    if (checked.problems.length === 0 && checked.debit !== checked.credit) {
      problems.push({ code: 'OPENING_UNBALANCED', field: 'openingBalances', message: `opening debits ${checked.debit} and credits ${checked.credit} differ` });
    }
    opening = { lines: checked.lines, debit: checked.debit, credit: checked.credit };
  }

  // Sums as exact integers of cents (BigInt) over the lines' 2-place text: Decimal objects per line
  // cost about a tenth of a 50,000-line import.
  const vouchers: PreparedVoucher[] = [];
  let total = 0n;
  let lineCount = 0;
  input.vouchers.forEach((v, i) => {
    const where = `vouchers[${i}]`;
    const before = problems.length;
    let period = '';
    if (!isValidDate(v.date)) {
      problems.push({ code: 'INVALID_DATE', field: `${where}.date`, message: `${where}.date ${JSON.stringify(v.date)} is not a valid YYYY-MM-DD date`, voucher: i });
    } else if ((period = periodOfDate(v.date)) < startPeriod) {
      problems.push({ code: 'DATE_OUTSIDE_LEDGER', field: `${where}.date`, message: `${where}.date ${v.date}: the ledger starts in ${startPeriod}`, voucher: i });
    }
    if (v.lines.length < 2) problems.push({ code: 'VOUCHER_TOO_FEW_LINES', field: `${where}.lines`, message: `${where} needs at least two lines`, voucher: i });
    const lines: NewLine[] = [];
    let debit = 0n;
    let credit = 0n;
    v.lines.forEach((l, j) => {
      // Historical books are imported as they were kept, without fixed-asset cards (docs/invariants.md, ASSET_REQUIRED).
      const checked = checkLine(l, accounts.get(l.accountCode), `${where}.lines[${j}]`, { requireCard: false });
      if ('problem' in checked) {
        problems.push({ code: checked.problem.code, field: checked.problem.field, message: checked.problem.message, voucher: i, line: j });
        return;
      }
      lines.push(checked.line);
      debit += cents(checked.line.debit);
      credit += cents(checked.line.credit);
    });
    if (v.lines.length >= 2 && lines.length === v.lines.length && debit !== credit) {
      problems.push({ code: 'VOUCHER_UNBALANCED', field: where, message: `${where}: debits ${moneyOfCents(debit)} and credits ${moneyOfCents(credit)} differ`, voucher: i });
    }
    if (problems.length > before) return;
    vouchers.push({ index: i, date: v.date, period, memo: v.memo, attachments: v.attachments ?? 0, lines });
    total += debit;
    lineCount += lines.length;
  });
  if (problems.length > 0) throw importRefused(problems);
  return { vouchers, lines: lineCount, total: moneyOfCents(total), opening };
}

/** "1234.50" (two places, as checkLine writes amounts) → 123450n. */
const cents = (amount: string): bigint => BigInt(amount.replace('.', ''));

/** 123450n → "1234.50". */
function moneyOfCents(c: bigint): string {
  const digits = (c < 0n ? -c : c).toString().padStart(3, '0');
  return `${c < 0n ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}
