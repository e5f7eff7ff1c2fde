/**
 * Set-based fill of a ledger-year for the trial-balance scenario: posted vouchers of 4 lines each,
 * spread over the 12 months and every leaf account, generated with generate_series. Triggers are
 * off while loading (session_replication_role = replica, which also skips the foreign-key
 * triggers; CHECK constraints still apply); the balances the posting trigger would have maintained
 * are then computed in one INSERT … SELECT … GROUP BY, and each month's voucher counter is set.
 */
import pg from 'pg';
import { elapsedMs } from './stats.js';

export const LINES_PER_VOUCHER = 4;

export interface LoadTarget {
  orgId: string;
  ledgerId: string;
  year: number;
  accountantId: string;
  reviewerId: string;
}

/** Deterministic, increasing voucher ids (b0000000-0000-4000-8000-<n in hex>) keep the primary keys appending. */
const VOUCHER_ID = (n: string) => `('b0000000-0000-4000-8000-' || lpad(to_hex(${n}), 12, '0'))::uuid`;

export async function prepareSession(c: pg.Client): Promise<void> {
  await c.query(`SET session_replication_role = replica`);
  await c.query(`SET synchronous_commit = off`);
  await c.query(`SET work_mem = '256MB'`);
  await c.query(`SET maintenance_work_mem = '512MB'`);
}

export async function endSession(c: pg.Client): Promise<void> {
  await c.query(`SET session_replication_role = DEFAULT`);
}

/**
 * Vouchers [from, to): voucher n is in month (n mod 12) + 1 with number ⌊n / 12⌋ + 1, so each month's
 * numbers stay gapless 1..k however far the load goes; its lines debit two amounts and credit the same two.
 */
export async function loadVouchers(c: pg.Client, t: LoadTarget, from: number, to: number): Promise<{ vouchersMs: number; linesMs: number }> {
  const leaves = await c.query<{ code: string; needs_counterparty: boolean }>(
    `SELECT code, needs_counterparty FROM accounts WHERE org_id = $1 AND ledger_id = $2 AND is_leaf ORDER BY code`,
    [t.orgId, t.ledgerId],
  );
  const codes = leaves.rows.map((r) => r.code);
  const needs = leaves.rows.map((r) => r.needs_counterparty);
  await c.query('BEGIN');
  try {
    const t0 = process.hrtime.bigint();
    await c.query(
      `INSERT INTO vouchers (org_id, id, ledger_id, period, voucher_date, memo, attachments, status, number, source, prepared_by, reviewed_by, posted_by, created_at, posted_at)
       SELECT $1, ${VOUCHER_ID('s.n')}, $2, to_char(s.d, 'YYYY-MM'), s.d, '批量凭证 ' || s.n, 0, 'posted', (s.n / 12 + 1)::int, 'manual', $5, $6, $5, s.d::timestamptz, s.d::timestamptz
         FROM (SELECT n, make_date($7::int, (n % 12)::int + 1, ((n / 12) % 28)::int + 1) AS d FROM generate_series($3::bigint, $4::bigint - 1) AS n) s`,
      [t.orgId, t.ledgerId, from, to, t.accountantId, t.reviewerId, t.year],
    );
    const vouchersMs = elapsedMs(t0);
    const t1 = process.hrtime.bigint();
    await c.query(
      `INSERT INTO journal_lines (org_id, voucher_id, line_no, ledger_id, account_code, debit, credit, counterparty)
       SELECT $1, ${VOUCHER_ID('k / 4')}, (k % 4)::int + 1, $2, ($5::text[])[x.a],
              CASE WHEN k % 4 < 2 THEN x.amount ELSE 0 END, CASE WHEN k % 4 >= 2 THEN x.amount ELSE 0 END,
              CASE WHEN ($6::bool[])[x.a] THEN '往来户' || ((k / 4) % 97) END
         FROM generate_series($3::bigint * 4, $4::bigint * 4 - 1) AS k
         CROSS JOIN LATERAL (SELECT 1 + (abs(hashint8(k)::bigint) % cardinality($5::text[]))::int AS a,
                                    ((abs(hashint8((k / 4) * 2 + k % 2)::bigint) % 10000000) + 100)::numeric / 100 AS amount) x`,
      [t.orgId, t.ledgerId, from, to, codes, needs],
    );
    const linesMs = elapsedMs(t1);
    await c.query('COMMIT');
    return { vouchersMs, linesMs };
  } catch (error) {
    await c.query('ROLLBACK');
    throw error;
  }
}

/** What trg_vouchers_post_balances maintains, recomputed from every posted line; then the month counters. */
export async function rebuildBalances(c: pg.Client, t: LoadTarget): Promise<number> {
  const t0 = process.hrtime.bigint();
  // Fresh statistics first: planned against the empty tables, the join below would be a nested loop.
  await c.query(`ANALYZE vouchers`);
  await c.query(`ANALYZE journal_lines`);
  await c.query('BEGIN');
  try {
    await c.query(`DELETE FROM account_balances WHERE org_id = $1 AND ledger_id = $2`, [t.orgId, t.ledgerId]);
    await c.query(
      `INSERT INTO account_balances (org_id, ledger_id, account_code, period, debit, credit)
       SELECT l.org_id, l.ledger_id, l.account_code, v.period, sum(l.debit), sum(l.credit)
         FROM journal_lines l JOIN vouchers v ON v.org_id = l.org_id AND v.id = l.voucher_id
        WHERE l.org_id = $1 AND l.ledger_id = $2 AND v.status = 'posted'
        GROUP BY l.org_id, l.ledger_id, l.account_code, v.period`,
      [t.orgId, t.ledgerId],
    );
    await c.query(
      `INSERT INTO periods (org_id, ledger_id, period, last_voucher_number)
       SELECT org_id, ledger_id, period, max(number) FROM vouchers WHERE org_id = $1 AND ledger_id = $2 AND status = 'posted' GROUP BY org_id, ledger_id, period
       ON CONFLICT (org_id, ledger_id, period) DO UPDATE SET last_voucher_number = EXCLUDED.last_voucher_number`,
      [t.orgId, t.ledgerId],
    );
    await c.query('COMMIT');
  } catch (error) {
    await c.query('ROLLBACK');
    throw error;
  }
  await c.query(`ANALYZE account_balances`);
  await c.query(`ANALYZE periods`);
  return elapsedMs(t0);
}
