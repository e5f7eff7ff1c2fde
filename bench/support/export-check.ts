/**
 * Reads an export back as it downloads (never whole in memory) and totals what it holds, so the bench
 * checks the produced files against the database instead of only timing them.
 */
import { Decimal as DecimalBase } from 'decimal.js';
import { Unzip, UnzipInflate } from 'fflate';

/** Sums of a million amounts stay exact (the default 20 significant digits would too, with less margin). */
const Decimal = DecimalBase.clone({ precision: 40 });

export interface ExportTotals {
  /** Vouchers (journal: transactions other than 期初余额; XML: distinct period/number pairs). */
  vouchers: number;
  /** Voucher lines (journal: postings of those transactions; XML: records of 记账凭证.xml). */
  lines: number;
  debit: string;
  credit: string;
  /** XML: the entries of the ZIP; journal: []. */
  entries: string[];
  bytes: number;
}

/** Splits decoded UTF-8 into lines across chunk boundaries. */
class Lines {
  private rest = '';
  private readonly decoder = new TextDecoder();

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Uint8Array): void {
    const text = this.rest + this.decoder.decode(chunk, { stream: true });
    const lines = text.split('\n');
    this.rest = lines.pop()!;
    for (const line of lines) this.onLine(line);
  }

  end(): void {
    const last = this.rest + this.decoder.decode();
    if (last !== '') this.onLine(last);
  }
}

const VOUCHER_HEADER = /^\d{4}-\d{2}-\d{2} \* \(记-\d{4,}\) /;
const POSTING = /^ {4}\S.*? {4}CNY (-?\d+\.\d{2})(?: {2};.*)?$/;

/** The hledger journal: transactions, postings and the sums of debits (positive) and credits (negative). */
export async function checkJournal(body: AsyncIterable<Buffer>): Promise<ExportTotals> {
  let vouchers = 0;
  let lines = 0;
  let inVoucher = false;
  let debit = new Decimal(0);
  let credit = new Decimal(0);
  let bytes = 0;
  const reader = new Lines((line) => {
    if (VOUCHER_HEADER.test(line)) {
      vouchers++;
      inVoucher = true;
    } else if (line === '' || !line.startsWith('    ')) {
      inVoucher = false;
    } else if (inVoucher) {
      const match = POSTING.exec(line);
      if (!match) throw new Error(`journal: unreadable posting ${JSON.stringify(line.slice(0, 200))}`);
      const amount = new Decimal(match[1]);
      if (amount.isNegative()) credit = credit.minus(amount);
      else debit = debit.plus(amount);
      lines++;
    }
  });
  for await (const chunk of body) {
    bytes += chunk.length;
    reader.push(chunk);
  }
  reader.end();
  return { vouchers, lines, debit: debit.toFixed(2), credit: credit.toFixed(2), entries: [], bytes };
}

const RECORD = /^ {2}<记录>.*<\/记录>$/;
const field = (name: string) => new RegExp(`<${name}>([^<]*)</${name}>`);
const DEBIT = field('借方本币金额');
const CREDIT = field('贷方本币金额');
const PERIOD_NO = field('会计期间号');
const VOUCHER_NO = field('记账凭证编号');

/** The GB/T package: unzipped as it streams; 记账凭证.xml's records counted and their amounts summed. */
export async function checkGbt(body: AsyncIterable<Buffer>): Promise<ExportTotals> {
  let lines = 0;
  let vouchers = 0;
  let lastVoucher = '';
  let debit = new Decimal(0);
  let credit = new Decimal(0);
  let bytes = 0;
  let closed = false;
  const entries: string[] = [];
  let failure: Error | null = null;
  const reader = new Lines((line) => {
    if (line === '</记账凭证>') closed = true;
    if (!line.startsWith('  <记录>')) return;
    if (!RECORD.test(line)) throw new Error(`记账凭证.xml: unreadable record ${JSON.stringify(line.slice(0, 200))}`);
    const d = DEBIT.exec(line)?.[1];
    const c = CREDIT.exec(line)?.[1];
    if (d === undefined || c === undefined) throw new Error(`记账凭证.xml: a record without amounts ${JSON.stringify(line.slice(0, 200))}`);
    debit = debit.plus(d);
    credit = credit.plus(c);
    // Records come in voucher order: a new (period, number) starts a new voucher.
    const voucher = `${PERIOD_NO.exec(line)?.[1]}/${VOUCHER_NO.exec(line)?.[1]}`;
    if (voucher !== lastVoucher) vouchers++;
    lastVoucher = voucher;
    lines++;
  });
  const unzip = new Unzip((file) => {
    entries.push(file.name);
    file.ondata = (err, data, final) => {
      if (err) failure = err;
      else if (file.name === '记账凭证.xml') {
        try {
          reader.push(data);
          if (final) reader.end();
        } catch (error) {
          failure = error as Error;
        }
      }
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  for await (const chunk of body) {
    bytes += chunk.length;
    unzip.push(chunk);
    if (failure) throw failure;
  }
  unzip.push(new Uint8Array(0), true);
  if (failure) throw failure;
  if (!closed) throw new Error('记账凭证.xml: no closing </记账凭证>');
  return { vouchers, lines, debit: debit.toFixed(2), credit: credit.toFixed(2), entries, bytes };
}
