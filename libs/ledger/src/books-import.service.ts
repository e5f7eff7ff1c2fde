import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService, registerEntitySnapshot } from '@app/audit';
import { TransactionRunner } from '@app/core';
import { BooksImportRepository, ImportedVoucher } from './books-import.repository.js';
import { BooksRepository } from './books.repository.js';
import { IMPORT_LIMITS, importAccountCodes, importRefused, prepareImport, PreparedVoucher, readImportInput } from './import-input.js';
import { LedgersService } from './ledgers.service.js';
import { voucherNumber } from './vouchers.service.js';

// An import is audited as one entity: all its vouchers with their lines, hashed as text (a row value
// per line, so NULLs stay distinct) — so an edit of any of them in SQL shows in verification. Each
// voucher's lines are read by key (LATERAL, ordered like the key): with the statistics of a young
// organization a plain join was planned as a nested loop over all its lines per voucher (5 s for 10 k lines).
registerEntitySnapshot(
  'voucher_import',
  `SELECT string_agg((v.id, v.period, v.number, v.voucher_date, v.memo, v.attachments, v.status, v.prepared_by, v.posted_by,
                      l.line_no, l.account_code, l.debit, l.credit, l.memo, l.shareholder_id, l.household_id, l.counterparty)::text, ';' ORDER BY v.period, v.number, l.line_no)
     FROM vouchers v
     CROSS JOIN LATERAL (SELECT * FROM journal_lines WHERE org_id = v.org_id AND voucher_id = v.id ORDER BY line_no OFFSET 0) l
    WHERE v.org_id = $1 AND v.source = 'import' AND v.source_ref = 'import:' || $2`,
);

export interface ImportSummary {
  importId: string;
  ledgerId: string;
  vouchers: number;
  lines: number;
  /** Σdebit = Σcredit of the imported vouchers. */
  debit: string;
  credit: string;
  /** Per month: how many vouchers were posted and the 记 numbers they took. */
  periods: { period: string; vouchers: number; first: string; last: string }[];
  openingBalances: { lines: number; debit: string; credit: string } | null;
}

/**
 * Bulk import of a ledger's history (issue 7): opening balances and vouchers, posted as they stand in
 * the books they come from. Everything is checked before anything is written, all in memory or in a
 * few set-based statements (never one round trip per voucher), and the whole import is one
 * transaction with one audit entry (plus the opening balances' own, when they are part of it).
 *
 * Imported vouchers are `source = 'import'`, prepared and posted by the importing accountant, with no
 * reviewer: like the system's vouchers they skip the review step — they were reviewed in the books
 * they are copied from, and the importer cannot vouch for that review.
 */
@Injectable()
export class BooksImportService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly repo: BooksRepository,
    private readonly importRepo: BooksImportRepository,
    private readonly ledgers: LedgersService,
    private readonly audit: AuditService,
  ) {}

  /** POST …/imports: at most IMPORT_LIMITS.lines voucher lines. */
  async import(orgId: string, ledgerId: string, body: unknown, userId: string): Promise<ImportSummary> {
    return this.run(orgId, ledgerId, body, userId, IMPORT_LIMITS.lines);
  }

  /**
   * The CLI's import of a whole file: any number of lines, still one transaction and one audit
   * entry, written in batches of IMPORT_LIMITS.lines so no statement grows without bound.
   */
  async importFile(orgId: string, ledgerId: string, input: unknown, userId: string, batchLines: number = IMPORT_LIMITS.lines): Promise<ImportSummary> {
    return this.run(orgId, ledgerId, input, userId, Number.MAX_SAFE_INTEGER, batchLines);
  }

  private async run(orgId: string, ledgerId: string, body: unknown, userId: string, maxLines: number, batchLines: number = IMPORT_LIMITS.lines): Promise<ImportSummary> {
    return this.tx.run(async () => {
      const ledger = await this.ledgers.get(orgId, ledgerId);
      const input = readImportInput(body, maxLines);
      const accounts = await this.repo.accountsByCode(orgId, ledgerId, importAccountCodes(input));
      const prepared = prepareImport(input, accounts, ledger.start_period);

      const months = [...new Set(prepared.vouchers.map((v) => v.period))].sort();
      const periods = months.length > 0 ? await this.importRepo.lockPeriods(orgId, ledgerId, months) : new Map<string, { status: string; last: number }>();
      const inClosed = prepared.vouchers.filter((v) => periods.get(v.period)?.status !== 'open');
      if (inClosed.length > 0) {
        throw importRefused(
          inClosed.map((v) => ({ code: 'PERIOD_CLOSED', field: `vouchers[${v.index}].date`, message: `vouchers[${v.index}].date ${v.date}: period ${v.period} is closed`, voucher: v.index })),
          409,
        );
      }

      const importId = randomUUID();
      const opening = prepared.opening ? await this.ledgers.writeOpeningBalances(orgId, ledgerId, prepared.opening.lines, `import ${importId}`) : null;

      const { vouchers, last } = numberVouchers(prepared.vouchers, periods);
      for (const batch of batches(vouchers, batchLines)) {
        await this.importRepo.insertDrafts(orgId, ledgerId, `import:${importId}`, userId, batch);
        await this.importRepo.post(orgId, userId, batch);
      }
      if (last.size > 0) await this.importRepo.advanceCounters(orgId, ledgerId, last);

      const summary: ImportSummary = {
        importId,
        ledgerId,
        vouchers: vouchers.length,
        lines: prepared.lines,
        debit: prepared.total,
        credit: prepared.total,
        periods: months.map((period) => {
          const first = periods.get(period)!.last + 1;
          const end = last.get(period)!;
          return { period, vouchers: end - first + 1, first: voucherNumber(first)!, last: voucherNumber(end)! };
        }),
        openingBalances: opening,
      };
      await this.audit.record({ orgId, action: 'ledger.imported', entity: 'voucher_import', entityId: importId, payload: summary });
      return summary;
    });
  }
}

/**
 * 记 numbers continue each month's counter, gapless; within a month the imported vouchers take them
 * in date order, then in the order they were sent. Returned in (month, number) order.
 */
function numberVouchers(prepared: PreparedVoucher[], periods: Map<string, { last: number }>): { vouchers: ImportedVoucher[]; last: Map<string, number> } {
  const sorted = [...prepared].sort((a, b) => (a.period !== b.period ? (a.period < b.period ? -1 : 1) : a.date !== b.date ? (a.date < b.date ? -1 : 1) : a.index - b.index));
  const last = new Map<string, number>();
  const vouchers = sorted.map((v) => {
    const number = (last.get(v.period) ?? periods.get(v.period)!.last) + 1;
    last.set(v.period, number);
    return { id: randomUUID(), period: v.period, date: v.date, memo: v.memo, attachments: v.attachments, number, lines: v.lines };
  });
  return { vouchers, last };
}

/** Whole vouchers, up to `maxLines` lines per batch. */
function* batches(vouchers: ImportedVoucher[], maxLines: number): Generator<ImportedVoucher[]> {
  let batch: ImportedVoucher[] = [];
  let lines = 0;
  for (const v of vouchers) {
    if (batch.length > 0 && lines + v.lines.length > maxLines) {
      yield batch;
      batch = [];
      lines = 0;
    }
    batch.push(v);
    lines += v.lines.length;
  }
  if (batch.length > 0) yield batch;
}
