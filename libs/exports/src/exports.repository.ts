import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '@app/core';

export interface AccountRow {
  code: string;
  name: string;
  parent_code: string | null;
  category: string;
  normal_side: string;
  needs_counterparty: boolean;
}

export interface JournalVoucherRow {
  id: string;
  date: string;
  period: string;
  number: number;
  memo: string;
}

export interface JournalLineRow {
  voucher_id: string;
  account_code: string;
  net: string;
  memo: string | null;
}

export interface GbtVoucherLineRow {
  period: string;
  number: number;
  date: string;
  memo: string;
  line_no: number;
  line_memo: string | null;
  account_code: string;
  debit: string;
  credit: string;
  attachments: number;
  source: string;
  preparer: string | null;
  reviewer: string | null;
  poster: string | null;
  shareholder: string | null;
  household: string | null;
  counterparty: string | null;
}

/** One cursor per export: the journal's vouchers are read in date order in a single pass. */
const JOURNAL_CURSOR = 'export_journal_vouchers';

/**
 * The reads of the auditor exports. All of them run in the export's snapshot transaction (see
 * TransactionRunner.snapshot), so the batches of one export agree with each other.
 */
@Injectable()
export class ExportsRepository {
  constructor(private readonly tx: TransactionRunner) {}

  private get m() {
    return this.tx.manager;
  }

  accounts(orgId: string, ledgerId: string): Promise<AccountRow[]> {
    return this.m.query(`SELECT code, name, parent_code, category, normal_side, needs_counterparty FROM accounts WHERE org_id = $1 AND ledger_id = $2 ORDER BY code`, [orgId, ledgerId]);
  }

  shareholders(orgId: string): Promise<{ number: string; name: string }[]> {
    return this.m.query(`SELECT number, name FROM register_holders($1) ORDER BY number`, [orgId]);
  }

  households(orgId: string): Promise<{ code: string; address: string | null }[]> {
    return this.m.query(`SELECT code, address FROM register_households($1) ORDER BY code`, [orgId]);
  }

  counterparties(orgId: string, ledgerId: string): Promise<{ counterparty: string }[]> {
    return this.m.query(`SELECT DISTINCT counterparty FROM journal_lines WHERE org_id = $1 AND ledger_id = $2 AND counterparty IS NOT NULL ORDER BY counterparty`, [orgId, ledgerId]);
  }

  /** Posted vouchers in [from, to]: the denominator of an export's progress. */
  async postedVoucherCount(orgId: string, ledgerId: string, from: string, to: string): Promise<number> {
    const [row]: { n: number }[] = await this.m.query(
      `SELECT count(*)::int AS n FROM vouchers WHERE org_id = $1 AND ledger_id = $2 AND status = 'posted' AND period >= $3 AND period <= $4`,
      [orgId, ledgerId, from, to],
    );
    return row.n;
  }

  /** The ledger's opening balances plus everything posted before `from`, per account. */
  openingBefore(orgId: string, ledgerId: string, from: string): Promise<{ account_code: string; net: string }[]> {
    return this.m.query(
      `SELECT account_code, sum(net)::text AS net FROM (
          SELECT account_code, debit - credit AS net FROM opening_balances WHERE org_id = $1 AND ledger_id = $2
          UNION ALL
          SELECT account_code, debit - credit FROM account_balances WHERE org_id = $1 AND ledger_id = $2 AND period < $3
        ) t GROUP BY account_code HAVING sum(net) <> 0 ORDER BY account_code`,
      [orgId, ledgerId, from],
    );
  }

  /**
   * The journal is in date order, which no index gives: a keyset page (ORDER BY voucher_date … LIMIT)
   * would sort every remaining voucher again for each page, quadratic in the ledger's size. A cursor
   * sorts once and hands out pages. Needs the caller's transaction (the export's snapshot).
   */
  async openJournalVouchers(orgId: string, ledgerId: string, from: string, to: string): Promise<void> {
    if (!this.tx.inTransaction) throw new Error('openJournalVouchers needs a transaction (TransactionRunner.snapshot)');
    await this.m.query(
      `DECLARE ${JOURNAL_CURSOR} NO SCROLL CURSOR FOR
         SELECT id, to_char(voucher_date, 'YYYY-MM-DD') AS date, period, number, memo FROM vouchers
          WHERE org_id = $1 AND ledger_id = $2 AND status = 'posted' AND period >= $3 AND period <= $4
          ORDER BY voucher_date, period, number`,
      [orgId, ledgerId, from, to],
    );
  }

  nextJournalVouchers(count: number): Promise<JournalVoucherRow[]> {
    return this.m.query(`FETCH ${Math.trunc(count)} FROM ${JOURNAL_CURSOR}`);
  }

  async closeJournalVouchers(): Promise<void> {
    await this.m.query(`CLOSE ${JOURNAL_CURSOR}`);
  }

  journalLines(orgId: string, voucherIds: string[]): Promise<JournalLineRow[]> {
    return this.m.query(
      `SELECT voucher_id, account_code, (debit - credit)::text AS net, memo FROM journal_lines WHERE org_id = $1 AND voucher_id = ANY($2::uuid[]) ORDER BY voucher_id, line_no`,
      [orgId, voucherIds],
    );
  }

  /**
   * The lines of the next `limit` posted vouchers after (period, number), in voucher order: a keyset
   * page on uq_vouchers_number. The key is compared as bpchar, the column's type: compared as text the
   * row comparison is no index condition, and every page re-read the year from January (quadratic).
   */
  gbtVoucherLines(orgId: string, ledgerId: string, year: string, after: { period: string; number: number } | null, limit: number): Promise<GbtVoucherLineRow[]> {
    return this.m.query(
      `WITH v AS (
         SELECT * FROM vouchers WHERE org_id = $1 AND ledger_id = $2 AND status = 'posted' AND period >= $3 AND period <= $4
            AND ($5::bpchar IS NULL OR (period, number) > ($5::bpchar, $6::int)) ORDER BY period, number LIMIT ${Math.trunc(limit)})
       SELECT v.period, v.number, to_char(v.voucher_date, 'YYYY-MM-DD') AS date, v.memo, l.line_no, l.memo AS line_memo, l.account_code, l.debit::text, l.credit::text,
              v.attachments, v.source, up.username AS preparer, ur.username AS reviewer, uq.username AS poster,
              s.number AS shareholder, h.code AS household, l.counterparty
         FROM v JOIN journal_lines l ON l.org_id = v.org_id AND l.voucher_id = v.id
         LEFT JOIN users up ON up.id = v.prepared_by LEFT JOIN users ur ON ur.id = v.reviewed_by LEFT JOIN users uq ON uq.id = v.posted_by
         LEFT JOIN register_holders($1) s ON s.id = l.shareholder_id
         LEFT JOIN register_households($1) h ON h.id = l.household_id
        ORDER BY v.period, v.number, l.line_no`,
      [orgId, ledgerId, `${year}-01`, `${year}-12`, after?.period ?? null, after?.number ?? null],
    );
  }
}
