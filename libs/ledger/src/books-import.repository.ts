import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '@app/core';
import type { NewLine } from './books.repository.js';

/** A voucher ready to write: its id and number chosen by the service. */
export interface ImportedVoucher {
  id: string;
  period: string;
  date: string;
  memo: string;
  attachments: number;
  number: number;
  lines: NewLine[];
}

/**
 * The set-based SQL of the bulk import: a handful of statements per batch whatever its size, with the
 * rows passed as arrays (unnest), never one statement per voucher.
 */
@Injectable()
export class BooksImportRepository {
  constructor(private readonly tx: TransactionRunner) {}

  private get m() {
    return this.tx.manager;
  }

  /**
   * Creates the months that have no row yet and locks them all, in period order (as every other
   * path locks one month at a time, no deadlock), until commit: their numbering counters are ours.
   */
  async lockPeriods(orgId: string, ledgerId: string, periods: string[]): Promise<Map<string, { status: string; last: number }>> {
    await this.m.query(
      `INSERT INTO periods (org_id, ledger_id, period) SELECT $1, $2, p FROM unnest($3::text[]) AS p ORDER BY p ON CONFLICT DO NOTHING`,
      [orgId, ledgerId, periods],
    );
    const rows: { period: string; status: string; last_voucher_number: number }[] = await this.m.query(
      `SELECT period, status, last_voucher_number FROM periods WHERE org_id = $1 AND ledger_id = $2 AND period = ANY($3::text[]) ORDER BY period FOR UPDATE`,
      [orgId, ledgerId, periods],
    );
    return new Map(rows.map((r) => [r.period, { status: r.status, last: r.last_voucher_number }]));
  }

  /**
   * Inserts the vouchers as drafts with their lines in ONE statement, in the database's bulk mode
   * (migration BooksBulkImport): the per-row INSERT checks give way to statement checks of the same
   * rules, which need a voucher's lines in the statement that inserts it.
   */
  async insertDrafts(orgId: string, ledgerId: string, sourceRef: string, preparedBy: string | null, vouchers: ImportedVoucher[]): Promise<void> {
    const lineCount = vouchers.reduce((n, v) => n + v.lines.length, 0);
    const l = {
      voucher: new Array<string>(lineCount),
      no: new Array<number>(lineCount),
      account: new Array<string>(lineCount),
      debit: new Array<string>(lineCount),
      credit: new Array<string>(lineCount),
      memo: new Array<string | null>(lineCount),
      shareholder: new Array<string | null>(lineCount),
      household: new Array<string | null>(lineCount),
      counterparty: new Array<string | null>(lineCount),
    };
    let k = 0;
    for (const v of vouchers) {
      v.lines.forEach((line, j) => {
        l.voucher[k] = v.id;
        l.no[k] = j + 1;
        l.account[k] = line.accountCode;
        l.debit[k] = line.debit;
        l.credit[k] = line.credit;
        l.memo[k] = line.memo ?? null;
        l.shareholder[k] = line.shareholderId ?? null;
        l.household[k] = line.householdId ?? null;
        l.counterparty[k] = line.counterparty ?? null;
        k++;
      });
    }
    await this.m.query(`SELECT set_config('cl.books_bulk', 'on', true)`);
    await this.m.query(
      `WITH drafts AS (
         INSERT INTO vouchers (org_id, id, ledger_id, period, voucher_date, memo, attachments, status, source, source_ref, prepared_by)
         SELECT $1, v.id, $2, v.period, v.voucher_date, v.memo, v.attachments, 'draft', 'import', $3, $4
           FROM unnest($5::uuid[], $6::text[], $7::date[], $8::text[], $9::int[]) AS v(id, period, voucher_date, memo, attachments))
       INSERT INTO journal_lines (org_id, voucher_id, line_no, ledger_id, account_code, debit, credit, memo, shareholder_id, household_id, counterparty)
       SELECT $1, l.voucher_id, l.line_no, $2, l.account_code, l.debit::numeric, l.credit::numeric, l.memo, l.shareholder_id, l.household_id, l.counterparty
         FROM unnest($10::uuid[], $11::int[], $12::text[], $13::text[], $14::text[], $15::text[], $16::uuid[], $17::uuid[], $18::text[])
           AS l(voucher_id, line_no, account_code, debit, credit, memo, shareholder_id, household_id, counterparty)`,
      [
        orgId,
        ledgerId,
        sourceRef,
        preparedBy,
        vouchers.map((v) => v.id),
        vouchers.map((v) => v.period),
        vouchers.map((v) => v.date),
        vouchers.map((v) => v.memo),
        vouchers.map((v) => v.attachments),
        l.voucher,
        l.no,
        l.account,
        l.debit,
        l.credit,
        l.memo,
        l.shareholder,
        l.household,
        l.counterparty,
      ],
    );
    await this.m.query(`SELECT set_config('cl.books_bulk', 'off', true)`);
  }

  /**
   * 记账 of the batch in one UPDATE: the posting statement trigger checks the months and books the
   * balances. `id = ANY(…)` gives the planner the batch's true size on the vouchers side too (a young
   * organization's vouchers are estimated at one row, which invited a nested loop over the array per voucher).
   */
  async post(orgId: string, postedBy: string | null, vouchers: ImportedVoucher[]): Promise<void> {
    await this.m.query(
      `UPDATE vouchers v SET status = 'posted', number = x.number, posted_by = $2, posted_at = now()
         FROM unnest($3::uuid[], $4::int[]) AS x(id, number)
        WHERE v.org_id = $1 AND v.id = ANY($3::uuid[]) AND v.id = x.id`,
      [orgId, postedBy, vouchers.map((v) => v.id), vouchers.map((v) => v.number)],
    );
  }

  /** Moves each month's counter to the last number given (the rows are locked by lockPeriods). */
  async advanceCounters(orgId: string, ledgerId: string, last: Map<string, number>): Promise<void> {
    await this.m.query(
      `UPDATE periods p SET last_voucher_number = x.last FROM unnest($3::text[], $4::int[]) AS x(period, last)
        WHERE p.org_id = $1 AND p.ledger_id = $2 AND p.period = x.period`,
      [orgId, ledgerId, [...last.keys()], [...last.values()]],
    );
  }
}
