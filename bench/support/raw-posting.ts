/**
 * The raw baseline: the statements the product issues to draft, review and post a voucher
 * (libs/ledger/src/books.repository.ts), sent directly with pg — no HTTP, no Nest, no TypeORM, no
 * access guard, no audit chain, no read-back of the voucher. The database triggers (line guard, lifecycle
 * guard, deferred balance checks, balance maintenance) still run: they are part of the product's SQL.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { RunResult } from './load.worker.js';
import { elapsedMs, summarize } from './stats.js';
import { normalizedLines, voucherLines } from './vouchers.js';
import type { PostingAccounts } from './vouchers.js';

export interface RawTarget {
  orgId: string;
  ledgerId: string;
  period: string;
  date: string;
  accountantId: string;
  reviewerId: string;
  accounts: PostingAccounts;
}

const INSERT_VOUCHER = `INSERT INTO vouchers (org_id, id, ledger_id, period, voucher_date, memo, attachments, status, source, reverses_id, source_ref, prepared_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'draft', $8, $9, $10, $11)`;
const INSERT_LINES = `INSERT INTO journal_lines (org_id, voucher_id, line_no, ledger_id, account_code, debit, credit, memo, shareholder_id, household_id, counterparty)
       SELECT $1, $3, l.line_no, $2, l.account_code, l.debit::numeric, l.credit::numeric, l.memo, l.shareholder_id, l.household_id, l.counterparty
         FROM jsonb_to_recordset($4::jsonb) AS l(line_no int, account_code text, debit text, credit text, memo text, shareholder_id uuid, household_id uuid, counterparty text)`;
const MARK_REVIEWED = `UPDATE vouchers SET status = 'reviewed', reviewed_by = $3 WHERE org_id = $1 AND id = $2`;
const LOCK_VOUCHER = `SELECT org_id, id, ledger_id, period, to_char(voucher_date, 'YYYY-MM-DD') AS voucher_date, memo, attachments, status, number, source,
     reverses_id, source_ref, prepared_by, reviewed_by, posted_by, posted_at FROM vouchers WHERE org_id = $1 AND ledger_id = $2 AND id = $3 FOR UPDATE`;
const NEXT_NUMBER = `UPDATE periods SET last_voucher_number = last_voucher_number + 1
        WHERE org_id = $1 AND ledger_id = $2 AND period = $3 AND status = 'open' RETURNING last_voucher_number AS n`;
const MARK_POSTED = `UPDATE vouchers SET status = 'posted', number = $3, posted_by = $4, posted_at = now() WHERE org_id = $1 AND id = $2`;

async function post(c: pg.PoolClient, t: RawTarget, id: string): Promise<void> {
  const numbered = await c.query<{ n: number }>(NEXT_NUMBER, [t.orgId, t.ledgerId, t.period]);
  const n = numbered.rows[0]?.n;
  if (n === undefined) throw new Error(`period ${t.period} is not open`);
  await c.query(MARK_POSTED, [t.orgId, id, n, t.accountantId]);
}

/** `clients` connections, each looping: one transaction per voucher. */
async function runClients(pool: pg.Pool, clients: number, claim: () => number | null, work: (c: pg.PoolClient, index: number) => Promise<void>) {
  const timings: number[] = [];
  let done = 0;
  const connections = await Promise.all(Array.from({ length: clients }, () => pool.connect()));
  const start = process.hrtime.bigint();
  try {
    await Promise.all(
      connections.map(async (c) => {
        for (let index = claim(); index !== null; index = claim()) {
          const t0 = process.hrtime.bigint();
          await c.query('BEGIN');
          try {
            await work(c, index);
            await c.query('COMMIT');
          } catch (error) {
            await c.query('ROLLBACK');
            throw error;
          }
          timings.push(elapsedMs(t0));
          done++;
        }
      }),
    );
  } finally {
    for (const c of connections) c.release();
  }
  return { done, ms: elapsedMs(start), timings };
}

/** Draft + review + post in one transaction per voucher (5 statements). */
export async function rawFlow(
  pool: pg.Pool,
  t: RawTarget,
  opts: { lineCount: number; clients: number; count?: number; timeBoxMs?: number; seqStart: number },
): Promise<RunResult> {
  const deadline = opts.timeBoxMs === undefined ? null : process.hrtime.bigint() + BigInt(Math.round(opts.timeBoxMs * 1e6));
  let next = 0;
  const claim = () => {
    if (opts.count !== undefined && next >= opts.count) return null;
    if (deadline !== null && process.hrtime.bigint() >= deadline) return null;
    return next++;
  };
  const { done, ms, timings } = await runClients(pool, opts.clients, claim, async (c, index) => {
    const seq = opts.seqStart + index;
    const id = randomUUID();
    await c.query(INSERT_VOUCHER, [t.orgId, id, t.ledgerId, t.period, t.date, `收到厂房租金 ${seq}`, 1, 'manual', null, null, t.accountantId]);
    await c.query(INSERT_LINES, [t.orgId, t.ledgerId, id, JSON.stringify(normalizedLines(voucherLines(opts.lineCount, seq, t.accounts)))]);
    await c.query(MARK_REVIEWED, [t.orgId, id, t.reviewerId]);
    await post(c, t, id);
  });
  return { done, ms, latencyMs: { flow: summarize(timings) } };
}

/** The post step alone for reviewed vouchers: lock the voucher, take the number, mark posted (3 statements). */
export async function rawPost(pool: pg.Pool, t: RawTarget, ids: string[], clients: number): Promise<RunResult> {
  let next = 0;
  const claim = () => (next < ids.length ? next++ : null);
  const { done, ms, timings } = await runClients(pool, clients, claim, async (c, index) => {
    const locked = await c.query<{ status: string }>(LOCK_VOUCHER, [t.orgId, t.ledgerId, ids[index]]);
    if (locked.rows[0]?.status !== 'reviewed') throw new Error(`voucher ${ids[index]} is not reviewed`);
    await post(c, t, ids[index]);
  });
  return { done, ms, latencyMs: { post: summarize(timings) } };
}

/**
 * Untimed setup for the post-only runs: `count` drafted and reviewed vouchers, inserted set-based
 * (same rows the draft and review endpoints write, without their audit entries). Returns their ids.
 */
export async function prepareReviewed(pool: pg.Pool, t: RawTarget, lineCount: number, count: number, seqStart: number): Promise<string[]> {
  const ids: string[] = [];
  const batch = 500;
  for (let from = 0; from < count; from += batch) {
    const vouchers = Array.from({ length: Math.min(batch, count - from) }, (_, i) => ({ id: randomUUID(), seq: seqStart + from + i }));
    const lines = vouchers.flatMap((v) => normalizedLines(voucherLines(lineCount, v.seq, t.accounts)).map((l) => ({ ...l, voucher_id: v.id })));
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      await c.query(
        `INSERT INTO vouchers (org_id, id, ledger_id, period, voucher_date, memo, attachments, status, source, prepared_by)
         SELECT $1, v.id, $2, $3, $4::date, '收到厂房租金 ' || v.seq, 1, 'draft', 'manual', $5 FROM jsonb_to_recordset($6::jsonb) AS v(id uuid, seq int)`,
        [t.orgId, t.ledgerId, t.period, t.date, t.accountantId, JSON.stringify(vouchers)],
      );
      await c.query(
        `INSERT INTO journal_lines (org_id, voucher_id, line_no, ledger_id, account_code, debit, credit, counterparty)
         SELECT $1, l.voucher_id, l.line_no, $2, l.account_code, l.debit::numeric, l.credit::numeric, l.counterparty
           FROM jsonb_to_recordset($3::jsonb) AS l(voucher_id uuid, line_no int, account_code text, debit text, credit text, counterparty text)`,
        [t.orgId, t.ledgerId, JSON.stringify(lines)],
      );
      await c.query(`UPDATE vouchers SET status = 'reviewed', reviewed_by = $3 WHERE org_id = $1 AND id = ANY($2::uuid[])`, [
        t.orgId,
        vouchers.map((v) => v.id),
        t.reviewerId,
      ]);
      await c.query('COMMIT');
    } catch (error) {
      await c.query('ROLLBACK');
      throw error;
    } finally {
      c.release();
    }
    ids.push(...vouchers.map((v) => v.id));
  }
  return ids;
}
