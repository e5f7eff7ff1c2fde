import { Injectable } from '@nestjs/common';
import { containsPattern, TransactionRunner } from '@app/core';
import type { KeysetPage } from '@app/core';

export interface LedgerRow {
  org_id: string;
  id: string;
  name: string;
  kind: string;
  chart: string;
  start_period: string;
  created_at: Date;
}

export interface AccountRow {
  code: string;
  name: string;
  category: string;
  normal_side: string;
  contra: boolean;
  parent_code: string | null;
  is_leaf: boolean;
  needs_counterparty: boolean;
  /** Lines on it carry a fixed-asset card (ASSET_CARD_ACCOUNTS; a sub-account inherits it). */
  needs_asset: boolean;
}

export interface VoucherRow {
  org_id: string;
  id: string;
  ledger_id: string;
  period: string;
  voucher_date: string;
  memo: string;
  attachments: number;
  status: 'draft' | 'reviewed' | 'posted';
  number: number | null;
  source: string;
  reverses_id: string | null;
  source_ref: string | null;
  prepared_by: string | null;
  reviewed_by: string | null;
  posted_by: string | null;
  posted_at: Date | null;
}

export interface LineRow {
  line_no: number;
  account_code: string;
  debit: string;
  credit: string;
  memo: string | null;
  shareholder_id: string | null;
  household_id: string | null;
  counterparty: string | null;
  asset_id: string | null;
}

export type VoucherWithLines = VoucherRow & { lines: LineRow[] };

export interface NewLine {
  accountCode: string;
  debit: string;
  credit: string;
  memo?: string | null;
  shareholderId?: string | null;
  householdId?: string | null;
  counterparty?: string | null;
  /** The fixed-asset card (151/152/154 lines; the assets context's dimension). */
  assetId?: string | null;
}

export interface VoucherFilter {
  period?: string;
  status?: string;
  sourceRefPrefix?: string;
  account?: string;
  text?: string;
  amount?: string;
}

/** A voucher's place in the list: period, number (drafts 2147483647), created_at as text, id. */
export type VoucherKey = [string, number, string, string];

/** SQL of the books. Dates travel as text (to_char) so no time zone ever shifts a voucher's day. */
@Injectable()
export class BooksRepository {
  constructor(private readonly tx: TransactionRunner) {}

  private get m() {
    return this.tx.manager;
  }

  async ledger(orgId: string, ledgerId: string): Promise<LedgerRow | null> {
    const rows: LedgerRow[] = await this.m.query(`SELECT * FROM ledgers WHERE org_id = $1 AND id = $2`, [orgId, ledgerId]);
    return rows[0] ?? null;
  }

  async ledgers(orgId: string): Promise<LedgerRow[]> {
    return this.m.query(`SELECT * FROM ledgers WHERE org_id = $1 ORDER BY created_at, id`, [orgId]);
  }

  /** Keyset (created_at as text, so the cursor keeps its microseconds; id). */
  async ledgerPage(orgId: string, page: KeysetPage): Promise<(LedgerRow & { created_key: string })[]> {
    return this.m.query(
      `SELECT *, created_at::text AS created_key FROM ledgers WHERE org_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) > ($2::timestamptz, $3::uuid))
        ORDER BY created_at, id LIMIT $4`,
      [orgId, page.after?.[0] ?? null, page.after?.[1] ?? null, page.take],
    );
  }

  async insertLedger(l: Omit<LedgerRow, 'created_at'>): Promise<void> {
    await this.m.query(`INSERT INTO ledgers (org_id, id, name, kind, chart, start_period) VALUES ($1, $2, $3, $4, $5, $6)`, [
      l.org_id,
      l.id,
      l.name,
      l.kind,
      l.chart,
      l.start_period,
    ]);
  }

  async insertAccounts(orgId: string, ledgerId: string, accounts: (AccountRow & { code: string })[]): Promise<void> {
    await this.m.query(
      `INSERT INTO accounts (org_id, ledger_id, code, name, category, normal_side, contra, parent_code, is_leaf, needs_counterparty, needs_asset)
       SELECT $1, $2, a.code, a.name, a.category, a.normal_side, a.contra, a.parent_code, a.is_leaf, a.needs_counterparty, a.needs_asset
         FROM jsonb_to_recordset($3::jsonb) AS a(code text, name text, category text, normal_side text, contra boolean, parent_code text, is_leaf boolean, needs_counterparty boolean, needs_asset boolean)`,
      [orgId, ledgerId, JSON.stringify(accounts)],
    );
  }

  /** The chart in code order; a keyset page when `page` is given. */
  async accounts(orgId: string, ledgerId: string, page?: KeysetPage): Promise<AccountRow[]> {
    return this.m.query(
      `SELECT code, name, category, normal_side, contra, parent_code, is_leaf, needs_counterparty, needs_asset FROM accounts
        WHERE org_id = $1 AND ledger_id = $2 AND ($3::text IS NULL OR code > $3) ORDER BY code LIMIT $4`,
      [orgId, ledgerId, page?.after?.[0] ?? null, page?.take ?? null],
    );
  }

  async accountsByCode(orgId: string, ledgerId: string, codes: string[]): Promise<Map<string, AccountRow>> {
    const rows: AccountRow[] = await this.m.query(
      `SELECT code, name, category, normal_side, contra, parent_code, is_leaf, needs_counterparty, needs_asset FROM accounts WHERE org_id = $1 AND ledger_id = $2 AND code = ANY($3)`,
      [orgId, ledgerId, codes],
    );
    return new Map(rows.map((r) => [r.code, r]));
  }

  /** Lock the parent row so two sub-accounts added at once see each other's effect on is_leaf. */
  async lockAccount(orgId: string, ledgerId: string, code: string): Promise<AccountRow | null> {
    const rows: AccountRow[] = await this.m.query(`SELECT * FROM accounts WHERE org_id = $1 AND ledger_id = $2 AND code = $3 FOR UPDATE`, [orgId, ledgerId, code]);
    return rows[0] ?? null;
  }

  async accountInUse(orgId: string, ledgerId: string, code: string): Promise<boolean> {
    const rows: unknown[] = await this.m.query(
      `SELECT 1 FROM journal_lines WHERE org_id = $1 AND ledger_id = $2 AND account_code = $3
       UNION ALL SELECT 1 FROM opening_balances WHERE org_id = $1 AND ledger_id = $2 AND account_code = $3 LIMIT 1`,
      [orgId, ledgerId, code],
    );
    return rows.length > 0;
  }

  async markNotLeaf(orgId: string, ledgerId: string, code: string): Promise<void> {
    await this.m.query(`UPDATE accounts SET is_leaf = false WHERE org_id = $1 AND ledger_id = $2 AND code = $3`, [orgId, ledgerId, code]);
  }

  async anyPosted(orgId: string, ledgerId: string): Promise<boolean> {
    const rows: unknown[] = await this.m.query(`SELECT 1 FROM vouchers WHERE org_id = $1 AND ledger_id = $2 AND status = 'posted' LIMIT 1`, [orgId, ledgerId]);
    return rows.length > 0;
  }

  async replaceOpeningBalances(orgId: string, ledgerId: string, lines: { accountCode: string; debit: string; credit: string }[]): Promise<void> {
    await this.m.query(`DELETE FROM opening_balances WHERE org_id = $1 AND ledger_id = $2`, [orgId, ledgerId]);
    if (lines.length === 0) return;
    await this.m.query(
      `INSERT INTO opening_balances (org_id, ledger_id, account_code, debit, credit)
       SELECT $1, $2, l.account_code, l.debit::numeric, l.credit::numeric FROM jsonb_to_recordset($3::jsonb) AS l(account_code text, debit text, credit text)`,
      [orgId, ledgerId, JSON.stringify(lines.map((l) => ({ account_code: l.accountCode, debit: l.debit, credit: l.credit })))],
    );
  }

  async openingBalances(orgId: string, ledgerId: string): Promise<{ account_code: string; debit: string; credit: string }[]> {
    return this.m.query(`SELECT account_code, debit::text, credit::text FROM opening_balances WHERE org_id = $1 AND ledger_id = $2 ORDER BY account_code`, [orgId, ledgerId]);
  }

  /**
   * What a draft is checked against, in one round trip: the ledger's start, the month's status
   * (its row created on first use, without locking it: only posting takes the month's lock) and
   * the accounts named by the lines. No row when the ledger does not exist.
   */
  async draftContext(orgId: string, ledgerId: string, period: string, codes: string[]): Promise<{ start_period: string; period_status: string | null; accounts: AccountRow[] } | null> {
    const rows: { start_period: string; period_status: string | null; accounts: AccountRow[] }[] = await this.m.query(
      `WITH l AS (SELECT start_period FROM ledgers WHERE org_id = $1 AND id = $2),
            ensured AS (INSERT INTO periods (org_id, ledger_id, period) SELECT $1, $2, $3 FROM l WHERE $3 >= l.start_period ON CONFLICT DO NOTHING RETURNING status)
       SELECT l.start_period,
              coalesce((SELECT status FROM ensured), (SELECT status FROM periods WHERE org_id = $1 AND ledger_id = $2 AND period = $3)) AS period_status,
              (SELECT coalesce(json_agg(json_build_object('code', a.code, 'name', a.name, 'category', a.category, 'normal_side', a.normal_side, 'contra', a.contra,
                                                          'parent_code', a.parent_code, 'is_leaf', a.is_leaf, 'needs_counterparty', a.needs_counterparty, 'needs_asset', a.needs_asset)), '[]'::json)
                 FROM accounts a WHERE a.org_id = $1 AND a.ledger_id = $2 AND a.code = ANY($4)) AS accounts
         FROM l`,
      [orgId, ledgerId, period, codes],
    );
    return rows[0] ?? null;
  }

  async ensurePeriod(orgId: string, ledgerId: string, period: string): Promise<void> {
    await this.m.query(`INSERT INTO periods (org_id, ledger_id, period) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [orgId, ledgerId, period]);
  }

  async period(orgId: string, ledgerId: string, period: string, lock: 'update' | 'none' = 'none'): Promise<{ status: string; last_voucher_number: number } | null> {
    const rows: { status: string; last_voucher_number: number }[] = await this.m.query(
      `SELECT status, last_voucher_number FROM periods WHERE org_id = $1 AND ledger_id = $2 AND period = $3 ${lock === 'update' ? 'FOR UPDATE' : ''}`,
      [orgId, ledgerId, period],
    );
    return rows[0] ?? null;
  }

  async periods(orgId: string, ledgerId: string, page?: KeysetPage): Promise<{ period: string; status: string; last_voucher_number: number; closed_at: Date | null }[]> {
    return this.m.query(
      `SELECT period, status, last_voucher_number, closed_at FROM periods WHERE org_id = $1 AND ledger_id = $2 AND ($3::text IS NULL OR period > $3) ORDER BY period LIMIT $4`,
      [orgId, ledgerId, page?.after?.[0] ?? null, page?.take ?? null],
    );
  }

  async setPeriodStatus(orgId: string, ledgerId: string, period: string, status: 'open' | 'closed'): Promise<void> {
    await this.m.query(
      `UPDATE periods SET status = $4::varchar, closed_at = CASE WHEN $4::varchar = 'closed' THEN now() ELSE NULL END WHERE org_id = $1 AND ledger_id = $2 AND period = $3`,
      [orgId, ledgerId, period, status],
    );
  }

  /**
   * 记账 in one statement: the month's next number under its row lock (only while it is open), set
   * on the voucher, which is answered with its lines. Nothing when the month is closed or has no row.
   */
  async postNumbered(orgId: string, ledgerId: string, id: string, period: string, userId: string | null): Promise<VoucherWithLines | null> {
    const [rows]: [VoucherWithLines[], number] = await this.m.query(
      `WITH n AS (UPDATE periods SET last_voucher_number = last_voucher_number + 1
                   WHERE org_id = $1 AND ledger_id = $2 AND period = $4 AND status = 'open' RETURNING last_voucher_number)
       UPDATE vouchers v SET status = 'posted', number = n.last_voucher_number, posted_by = $5, posted_at = now() FROM n
        WHERE v.org_id = $1 AND v.id = $3 RETURNING ${this.voucherColumns}, ${this.linesColumn}`,
      [orgId, ledgerId, id, period, userId],
    );
    return rows[0] ?? null;
  }

  async unpostedCount(orgId: string, ledgerId: string, period: string): Promise<number> {
    const rows: { n: string }[] = await this.m.query(
      `SELECT count(*) AS n FROM vouchers WHERE org_id = $1 AND ledger_id = $2 AND period = $3 AND status <> 'posted'`,
      [orgId, ledgerId, period],
    );
    return Number(rows[0].n);
  }

  /** The row as written (the answer to a draft needs no read-back). */
  async insertVoucher(v: Pick<VoucherRow, 'org_id' | 'id' | 'ledger_id' | 'period' | 'voucher_date' | 'memo' | 'attachments' | 'source' | 'reverses_id' | 'source_ref' | 'prepared_by'>): Promise<VoucherRow> {
    const [row]: VoucherRow[] = await this.m.query(
      `INSERT INTO vouchers (org_id, id, ledger_id, period, voucher_date, memo, attachments, status, source, reverses_id, source_ref, prepared_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'draft', $8, $9, $10, $11) RETURNING ${this.voucherColumns}`,
      [v.org_id, v.id, v.ledger_id, v.period, v.voucher_date, v.memo, v.attachments, v.source, v.reverses_id, v.source_ref, v.prepared_by],
    );
    return row;
  }

  async updateDraft(orgId: string, id: string, v: { period: string; voucher_date: string; memo: string; attachments: number }): Promise<VoucherRow> {
    const [[row]]: [VoucherRow[], number] = await this.m.query(`UPDATE vouchers SET period = $3, voucher_date = $4, memo = $5, attachments = $6 WHERE org_id = $1 AND id = $2 RETURNING ${this.voucherColumns}`, [
      orgId,
      id,
      v.period,
      v.voucher_date,
      v.memo,
      v.attachments,
    ]);
    return row;
  }

  /** The lines as written, in line order. */
  async insertLines(orgId: string, ledgerId: string, voucherId: string, lines: NewLine[]): Promise<LineRow[]> {
    return (await this.insertLinesOf(orgId, ledgerId, [{ voucherId, lines }])).sort((a, b) => a.line_no - b.line_no);
  }

  /** The lines of several vouchers in one statement (numbered from 1 per voucher). */
  async insertLinesOf(orgId: string, ledgerId: string, vouchers: { voucherId: string; lines: NewLine[] }[]): Promise<LineRow[]> {
    return this.m.query(
      `INSERT INTO journal_lines (org_id, voucher_id, line_no, ledger_id, account_code, debit, credit, memo, shareholder_id, household_id, counterparty, asset_id)
       SELECT $1, l.voucher_id, l.line_no, $2, l.account_code, l.debit::numeric, l.credit::numeric, l.memo, l.shareholder_id, l.household_id, l.counterparty, l.asset_id
         FROM jsonb_to_recordset($3::jsonb) AS l(voucher_id uuid, line_no int, account_code text, debit text, credit text, memo text, shareholder_id uuid, household_id uuid, counterparty text, asset_id uuid)
       RETURNING line_no, account_code, debit::text, credit::text, memo, shareholder_id, household_id, counterparty, asset_id`,
      [
        orgId,
        ledgerId,
        JSON.stringify(
          vouchers.flatMap((v) =>
            v.lines.map((l, i) => ({
              voucher_id: v.voucherId,
              line_no: i + 1,
              account_code: l.accountCode,
              debit: l.debit,
              credit: l.credit,
              memo: l.memo ?? null,
              shareholder_id: l.shareholderId ?? null,
              household_id: l.householdId ?? null,
              counterparty: l.counterparty ?? null,
              asset_id: l.assetId ?? null,
            })),
          ),
        ),
      ],
    );
  }

  /** System vouchers as drafts, several in one statement, in the order given. */
  async insertSystemDrafts(
    orgId: string,
    ledgerId: string,
    preparedBy: string | null,
    vouchers: { id: string; period: string; date: string; memo: string; source: string; sourceRef: string }[],
  ): Promise<void> {
    await this.m.query(
      `INSERT INTO vouchers (org_id, id, ledger_id, period, voucher_date, memo, attachments, status, source, reverses_id, source_ref, prepared_by)
       SELECT $1, v.id, $2, v.period, v.voucher_date, v.memo, 0, 'draft', v.source, NULL, v.source_ref, $3
         FROM unnest($4::uuid[], $5::text[], $6::date[], $7::text[], $8::text[], $9::text[]) WITH ORDINALITY AS v(id, period, voucher_date, memo, source, source_ref, ord)
        ORDER BY v.ord`,
      [orgId, ledgerId, preparedBy, vouchers.map((v) => v.id), vouchers.map((v) => v.period), vouchers.map((v) => v.date), vouchers.map((v) => v.memo), vouchers.map((v) => v.source), vouchers.map((v) => v.sourceRef)],
    );
  }

  /**
   * 记账 of several drafts of one month in one statement: the counter moves by their count under
   * its row lock (only while the month is open) and they take the numbers in the order given.
   * Nothing when the month is closed or has no row.
   */
  async postNumberedMany(orgId: string, ledgerId: string, period: string, ids: string[], userId: string | null): Promise<{ id: string; number: number }[]> {
    const [rows]: [{ id: string; number: number }[], number] = await this.m.query(
      `WITH n AS (UPDATE periods SET last_voucher_number = last_voucher_number + cardinality($4::uuid[])
                   WHERE org_id = $1 AND ledger_id = $2 AND period = $3 AND status = 'open' RETURNING last_voucher_number)
       UPDATE vouchers v SET status = 'posted', number = n.last_voucher_number - cardinality($4::uuid[]) + x.ord::int, posted_by = $5, posted_at = now()
         FROM n, unnest($4::uuid[]) WITH ORDINALITY AS x(id, ord)
        WHERE v.org_id = $1 AND v.id = ANY($4::uuid[]) AND v.id = x.id RETURNING v.id, v.number`,
      [orgId, ledgerId, period, ids, userId],
    );
    return rows;
  }

  async deleteLines(orgId: string, voucherId: string): Promise<void> {
    await this.m.query(`DELETE FROM journal_lines WHERE org_id = $1 AND voucher_id = $2`, [orgId, voucherId]);
  }

  async deleteVoucher(orgId: string, voucherId: string): Promise<void> {
    await this.m.query(`DELETE FROM vouchers WHERE org_id = $1 AND id = $2`, [orgId, voucherId]);
  }

  private readonly voucherColumns = `org_id, id, ledger_id, period, to_char(voucher_date, 'YYYY-MM-DD') AS voucher_date, memo, attachments, status, number, source,
     reverses_id, source_ref, prepared_by, reviewed_by, posted_by, posted_at`;

  /** The voucher's lines as one json column, in line order (amounts as text). */
  private readonly linesColumn = `(SELECT coalesce(json_agg(json_build_object('line_no', l.line_no, 'account_code', l.account_code, 'debit', l.debit::text, 'credit', l.credit::text,
       'memo', l.memo, 'shareholder_id', l.shareholder_id, 'household_id', l.household_id, 'counterparty', l.counterparty, 'asset_id', l.asset_id) ORDER BY l.line_no), '[]'::json)
       FROM journal_lines l WHERE l.org_id = v.org_id AND l.voucher_id = v.id) AS lines`;

  /**
   * The voucher with its lines, its ledger's kind and its reversal, in one statement (a read: a
   * locking read takes the lines from the write that follows the lock instead, whose snapshot is
   * taken after the lock was granted).
   */
  async voucherWithLines(orgId: string, ledgerId: string, id: string): Promise<(VoucherWithLines & { reversed_by_id: string | null }) | null> {
    const rows: (VoucherWithLines & { reversed_by_id: string | null })[] = await this.m.query(
      `SELECT ${this.voucherColumns}, ${this.linesColumn}, (SELECT r.id FROM vouchers r WHERE r.org_id = v.org_id AND r.reverses_id = v.id) AS reversed_by_id
         FROM vouchers v WHERE org_id = $1 AND ledger_id = $2 AND id = $3`,
      [orgId, ledgerId, id],
    );
    return rows[0] ?? null;
  }

  /** The voucher locked for a change, with its ledger's kind. */
  async lockVoucher(orgId: string, ledgerId: string, id: string): Promise<(VoucherRow & { ledger_kind: string }) | null> {
    const rows: (VoucherRow & { ledger_kind: string })[] = await this.m.query(
      `SELECT v.org_id, v.id, v.ledger_id, v.period, to_char(v.voucher_date, 'YYYY-MM-DD') AS voucher_date, v.memo, v.attachments, v.status, v.number, v.source,
              v.reverses_id, v.source_ref, v.prepared_by, v.reviewed_by, v.posted_by, v.posted_at, g.kind AS ledger_kind
         FROM vouchers v JOIN ledgers g ON g.org_id = v.org_id AND g.id = v.ledger_id
        WHERE v.org_id = $1 AND v.ledger_id = $2 AND v.id = $3 FOR UPDATE OF v`,
      [orgId, ledgerId, id],
    );
    return rows[0] ?? null;
  }

  /**
   * Vouchers in 序时 order: by month, then 记 number, drafts (no number yet) last in the order they
   * were made. The keyset is (period, number or 2147483647, created_at as text, id), backed by
   * ix_vouchers_keyset. Filters: account (a line on the account or a sub-account), text (in the
   * 摘要 of the voucher or of a line), amount (a line's debit or credit).
   */
  async vouchers(orgId: string, ledgerId: string, filter: VoucherFilter, page?: KeysetPage): Promise<(VoucherRow & { created_key: string })[]> {
    const like = filter.text === undefined ? null : containsPattern(filter.text);
    return this.m.query(
      `SELECT ${this.voucherColumns}, created_at::text AS created_key FROM vouchers v WHERE org_id = $1 AND ledger_id = $2
          AND ($3::text IS NULL OR period = $3) AND ($4::text IS NULL OR status = $4) AND ($5::text IS NULL OR source_ref LIKE $5 || '%')
          AND ($6::text IS NULL OR EXISTS (SELECT 1 FROM journal_lines l WHERE l.org_id = v.org_id AND l.voucher_id = v.id AND l.account_code LIKE $6 || '%'))
          AND ($7::text IS NULL OR v.memo ILIKE $7 OR EXISTS (SELECT 1 FROM journal_lines l WHERE l.org_id = v.org_id AND l.voucher_id = v.id AND l.memo ILIKE $7))
          AND ($8::numeric IS NULL OR EXISTS (SELECT 1 FROM journal_lines l WHERE l.org_id = v.org_id AND l.voucher_id = v.id AND (l.debit = $8 OR l.credit = $8)))
          AND ($9::text IS NULL OR (period, coalesce(number, 2147483647), created_at, id) > ($9, $10::int, $11::timestamptz, $12::uuid))
        ORDER BY period, coalesce(number, 2147483647), created_at, id LIMIT $13`,
      [
        orgId,
        ledgerId,
        filter.period ?? null,
        filter.status ?? null,
        filter.sourceRefPrefix ?? null,
        filter.account ?? null,
        like,
        filter.amount ?? null,
        ...(page?.after ?? [null, null, null, null]),
        page?.take ?? null,
      ],
    );
  }

  async reversalOf(orgId: string, id: string): Promise<string | null> {
    const rows: { id: string }[] = await this.m.query(`SELECT id FROM vouchers WHERE org_id = $1 AND reverses_id = $2`, [orgId, id]);
    return rows[0]?.id ?? null;
  }

  /** Posted lines on the accounts that carry a fixed-asset card (needs_asset), per card and account; opening balances under a null card. */
  async assetDimension(orgId: string, ledgerId: string): Promise<{ asset_id: string | null; account_code: string; net_debit: string; lines: number; exempt_lines: number }[]> {
    return this.m.query(
      `SELECT l.asset_id, l.account_code, sum(l.debit - l.credit)::text AS net_debit, count(*)::int AS lines,
              count(*) FILTER (WHERE l.asset_id IS NULL AND (v.source = 'import' OR (v.reverses_id IS NOT NULL AND NOT EXISTS (
                SELECT 1 FROM journal_lines o WHERE o.org_id = l.org_id AND o.voucher_id = v.reverses_id AND o.line_no = l.line_no AND o.asset_id IS NOT NULL))))::int AS exempt_lines
         FROM journal_lines l
         JOIN vouchers v ON v.org_id = l.org_id AND v.id = l.voucher_id AND v.status = 'posted'
         JOIN accounts a ON a.org_id = l.org_id AND a.ledger_id = l.ledger_id AND a.code = l.account_code AND a.needs_asset
        WHERE l.org_id = $1 AND l.ledger_id = $2
        GROUP BY l.asset_id, l.account_code
       UNION ALL
       SELECT NULL, o.account_code, (o.debit - o.credit)::text, 0, 0
         FROM opening_balances o JOIN accounts a ON a.org_id = o.org_id AND a.ledger_id = o.ledger_id AND a.code = o.account_code AND a.needs_asset
        WHERE o.org_id = $1 AND o.ledger_id = $2`,
      [orgId, ledgerId],
    );
  }

  async lines(orgId: string, voucherId: string): Promise<LineRow[]> {
    return this.m.query(
      `SELECT line_no, account_code, debit::text, credit::text, memo, shareholder_id, household_id, counterparty, asset_id
         FROM journal_lines WHERE org_id = $1 AND voucher_id = $2 ORDER BY line_no`,
      [orgId, voucherId],
    );
  }

  /** The reviewed voucher with its lines (read in the same statement, after the voucher's lock). */
  async markReviewed(orgId: string, id: string, userId: string): Promise<VoucherWithLines> {
    const [[row]]: [VoucherWithLines[], number] = await this.m.query(
      `UPDATE vouchers v SET status = 'reviewed', reviewed_by = $3 WHERE org_id = $1 AND id = $2 RETURNING ${this.voucherColumns}, ${this.linesColumn}`,
      [orgId, id, userId],
    );
    return row;
  }

  /**
   * Net (debit − credit) per leaf account over an inclusive period range, from the maintained
   * balances, optionally including the opening balances.
   */
  async netByAccount(orgId: string, ledgerId: string, from: string | null, to: string, withOpening: boolean): Promise<Map<string, string>> {
    const rows: { account_code: string; net: string }[] = await this.m.query(
      `SELECT account_code, sum(net)::text AS net FROM (
          SELECT account_code, debit - credit AS net FROM account_balances
           WHERE org_id = $1 AND ledger_id = $2 AND ($3::text IS NULL OR period >= $3) AND period <= $4
          UNION ALL
          SELECT account_code, debit - credit FROM opening_balances WHERE $5 AND org_id = $1 AND ledger_id = $2
        ) t GROUP BY account_code`,
      [orgId, ledgerId, from, to, withOpening],
    );
    return new Map(rows.map((r) => [r.account_code, r.net]));
  }

  /** Turnover per leaf account over an inclusive period range. */
  async turnover(orgId: string, ledgerId: string, from: string, to: string): Promise<Map<string, { debit: string; credit: string }>> {
    const rows: { account_code: string; debit: string; credit: string }[] = await this.m.query(
      `SELECT account_code, sum(debit)::text AS debit, sum(credit)::text AS credit FROM account_balances
        WHERE org_id = $1 AND ledger_id = $2 AND period >= $3 AND period <= $4 GROUP BY account_code`,
      [orgId, ledgerId, from, to],
    );
    return new Map(rows.map((r) => [r.account_code, { debit: r.debit, credit: r.credit }]));
  }

  /** Recomputes turnover from posted lines and lists every (account, period) where it differs from the maintained balance. */
  async balanceDifferences(orgId: string, ledgerId: string): Promise<{ account_code: string; period: string; maintained_debit: string | null; maintained_credit: string | null; lines_debit: string | null; lines_credit: string | null }[]> {
    return this.m.query(
      `WITH derived AS (
         SELECT l.account_code, v.period, sum(l.debit) AS debit, sum(l.credit) AS credit
           FROM journal_lines l JOIN vouchers v ON v.org_id = l.org_id AND v.id = l.voucher_id
          WHERE l.org_id = $1 AND l.ledger_id = $2 AND v.status = 'posted'
          GROUP BY l.account_code, v.period),
       kept AS (SELECT account_code, period, debit, credit FROM account_balances WHERE org_id = $1 AND ledger_id = $2)
       SELECT coalesce(d.account_code, k.account_code) AS account_code, coalesce(d.period, k.period) AS period,
              k.debit::text AS maintained_debit, k.credit::text AS maintained_credit, d.debit::text AS lines_debit, d.credit::text AS lines_credit
         FROM derived d FULL JOIN kept k ON k.account_code = d.account_code AND k.period = d.period
        WHERE coalesce(d.debit, 0) <> coalesce(k.debit, 0) OR coalesce(d.credit, 0) <> coalesce(k.credit, 0)
        ORDER BY 1, 2`,
      [orgId, ledgerId],
    );
  }

  /** Periods whose posted numbers are not exactly 1..n, and posted vouchers that do not balance. */
  async numberingAndBalanceProblems(orgId: string, ledgerId: string): Promise<{ kind: string; ref: string }[]> {
    return this.m.query(
      `SELECT 'numbering' AS kind, period AS ref FROM vouchers WHERE org_id = $1 AND ledger_id = $2 AND status = 'posted'
         GROUP BY period HAVING count(*) <> max(number) OR min(number) <> 1
       UNION ALL
       SELECT 'unbalanced', v.id::text FROM vouchers v JOIN journal_lines l ON l.org_id = v.org_id AND l.voucher_id = v.id
        WHERE v.org_id = $1 AND v.ledger_id = $2 AND v.status = 'posted' GROUP BY v.id HAVING sum(l.debit) <> sum(l.credit)`,
      [orgId, ledgerId],
    );
  }

  /** Posted lines in a period range, in journal order; optionally of one account (with its sub-accounts) and one dimension value. */
  async postedLines(
    orgId: string,
    ledgerId: string,
    from: string,
    to: string,
    filter: { accountPrefix?: string; dimension?: Dimension; value?: string } = {},
  ): Promise<PostedLineRow[]> {
    return this.m.query(
      `SELECT v.period, to_char(v.voucher_date, 'YYYY-MM-DD') AS date, v.number, v.id AS voucher_id, v.memo AS voucher_memo, v.source,
              l.line_no, l.memo, l.account_code, a.name AS account_name, l.debit::text, l.credit::text, l.counterparty, l.shareholder_id, l.household_id
         FROM journal_lines l
         JOIN vouchers v ON v.org_id = l.org_id AND v.id = l.voucher_id
         JOIN accounts a ON a.org_id = l.org_id AND a.ledger_id = l.ledger_id AND a.code = l.account_code
        WHERE l.org_id = $1 AND l.ledger_id = $2 AND v.status = 'posted' AND v.period >= $3 AND v.period <= $4
          AND ($5::text IS NULL OR l.account_code LIKE $5 || '%')
          AND ($6::text IS NULL OR ${dimensionSql(6)} = $7)
        ORDER BY v.voucher_date, v.period, v.number, l.line_no`,
      [orgId, ledgerId, from, to, filter.accountPrefix ?? null, filter.dimension ?? null, filter.value ?? null],
    );
  }

  /** Net (debit − credit) of an account and its sub-accounts before a period; opening balances count only without a dimension filter. */
  async netBefore(orgId: string, ledgerId: string, accountPrefix: string, beforePeriod: string, filter: { dimension?: Dimension; value?: string } = {}): Promise<string> {
    const rows: { net: string | null }[] = await this.m.query(
      `SELECT (coalesce((SELECT sum(l.debit - l.credit) FROM journal_lines l JOIN vouchers v ON v.org_id = l.org_id AND v.id = l.voucher_id
                          WHERE l.org_id = $1 AND l.ledger_id = $2 AND v.status = 'posted' AND v.period < $4 AND l.account_code LIKE $3 || '%'
                            AND ($5::text IS NULL OR ${dimensionSql(5)} = $6)), 0)
             + CASE WHEN $5::text IS NULL THEN coalesce((SELECT sum(debit - credit) FROM opening_balances WHERE org_id = $1 AND ledger_id = $2 AND account_code LIKE $3 || '%'), 0) ELSE 0 END)::text AS net`,
      [orgId, ledgerId, accountPrefix, beforePeriod, filter.dimension ?? null, filter.value ?? null],
    );
    return rows[0].net ?? '0';
  }

  /**
   * Net per counterparty (counterparty, else shareholder, else household) of an account up to a
   * period; opening balances, which carry no dimension, form one group.
   */
  async netsByCounterparty(orgId: string, ledgerId: string, accountPrefix: string, upto: string): Promise<string[]> {
    const rows: { net: string }[] = await this.m.query(
      `SELECT sum(net)::text AS net FROM (
          SELECT coalesce(l.counterparty, l.shareholder_id::text, l.household_id::text, '') AS who, l.debit - l.credit AS net
            FROM journal_lines l JOIN vouchers v ON v.org_id = l.org_id AND v.id = l.voucher_id
           WHERE l.org_id = $1 AND l.ledger_id = $2 AND v.status = 'posted' AND v.period <= $4 AND l.account_code LIKE $3 || '%'
          UNION ALL
          SELECT '(opening)', debit - credit FROM opening_balances WHERE org_id = $1 AND ledger_id = $2 AND account_code LIKE $3 || '%'
        ) t GROUP BY who`,
      [orgId, ledgerId, accountPrefix, upto],
    );
    return rows.map((r) => r.net);
  }

  /** Turnover per leaf account in a period range, leaving out vouchers of one source (the closing vouchers). */
  /** Σ debit and Σ credit of posted lines per month and account in a range, closing vouchers (年终结转) left out if asked. */
  async monthlyTurnover(orgId: string, ledgerId: string, from: string, to: string, excludeSource: string | null): Promise<{ period: string; account_code: string; debit: string; credit: string }[]> {
    return this.m.query(
      `SELECT v.period, l.account_code, sum(l.debit)::text AS debit, sum(l.credit)::text AS credit
         FROM journal_lines l JOIN vouchers v ON v.org_id = l.org_id AND v.id = l.voucher_id
        WHERE l.org_id = $1 AND l.ledger_id = $2 AND v.status = 'posted' AND v.period >= $3 AND v.period <= $4 AND ($5::text IS NULL OR v.source <> $5)
        GROUP BY v.period, l.account_code ORDER BY v.period, l.account_code`,
      [orgId, ledgerId, from, to, excludeSource],
    );
  }

  async turnoverExcludingSource(orgId: string, ledgerId: string, from: string, to: string, source: string): Promise<Map<string, { debit: string; credit: string }>> {
    const rows: { account_code: string; debit: string; credit: string }[] = await this.m.query(
      `SELECT l.account_code, sum(l.debit)::text AS debit, sum(l.credit)::text AS credit
         FROM journal_lines l JOIN vouchers v ON v.org_id = l.org_id AND v.id = l.voucher_id
        WHERE l.org_id = $1 AND l.ledger_id = $2 AND v.status = 'posted' AND v.period >= $3 AND v.period <= $4 AND v.source <> $5
        GROUP BY l.account_code`,
      [orgId, ledgerId, from, to, source],
    );
    return new Map(rows.map((r) => [r.account_code, { debit: r.debit, credit: r.credit }]));
  }

  /** Posted balance (debit − credit) per counterparty on the given accounts, counterparty lines only. */
  async counterpartyBalances(orgId: string, ledgerId: string, accountCodes: string[]): Promise<{ account_code: string; counterparty: string; balance: string }[]> {
    return this.tx.manager.query(
      `SELECT l.account_code, l.counterparty, sum(l.debit - l.credit)::text AS balance
         FROM journal_lines l JOIN vouchers v ON v.org_id = l.org_id AND v.id = l.voucher_id
        WHERE l.org_id = $1 AND l.ledger_id = $2 AND l.account_code = ANY($3) AND l.counterparty IS NOT NULL AND v.status = 'posted'
        GROUP BY l.account_code, l.counterparty ORDER BY 1, 2`,
      [orgId, ledgerId, accountCodes],
    );
  }
}

export type Dimension = 'counterparty' | 'shareholder' | 'household';

/** The line's value of the dimension named by parameter $n. */
const dimensionSql = (n: number) =>
  `CASE $${n}::text WHEN 'counterparty' THEN l.counterparty WHEN 'shareholder' THEN l.shareholder_id::text WHEN 'household' THEN l.household_id::text END`;

export interface PostedLineRow {
  period: string;
  date: string;
  number: number;
  voucher_id: string;
  voucher_memo: string;
  source: string;
  line_no: number;
  memo: string | null;
  account_code: string;
  account_name: string;
  debit: string;
  credit: string;
  counterparty: string | null;
  shareholder_id: string | null;
  household_id: string | null;

}
