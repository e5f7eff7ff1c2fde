import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '@app/core';
import type { KeysetPage } from '@app/core';

export interface PlanRow {
  id: string;
  ledger_id: string;
  fiscal_year: number;
  record_date: string;
  reserve_percent: string;
  total_amount: string | null;
  amount_per_unit: string | null;
  class_weights: Record<string, string>;
  prorate_by_days: boolean;
  tax_rate: string;
  payable_account: string;
  status: string;
  profit: string;
  opening_undistributed: string;
  reserve_amount: string;
  override_reason: string | null;
  warnings: string[];
  units_total: string | null;
  gross_total: string | null;
  tax_total: string | null;
  collective_gross: string | null;
  allocation_count: number | null;
  created_by: string | null;
  approved_by: string | null;
  approved_on: string | null;
  voucher_ids: string[];
  calculated_at: Date | null;
  notice_ends_on: string | null;
  objections: PlanObjection[];
  notice_skip_reason: string | null;
}

export interface PlanObjection {
  at: string;
  by: string;
  reason: string;
}

export interface AllocationRow {
  shareholder_id: string;
  shareholder_number: string;
  collective: boolean;
  units: string;
  frozen_units: string;
  gross: string;
  tax: string;
  net: string;
  withheld: string;
  paid: string;
  paid_at: Date | null;
}

const PLAN_COLUMNS = `id, ledger_id, fiscal_year, to_char(record_date, 'YYYY-MM-DD') AS record_date, reserve_percent::text, total_amount::text, amount_per_unit::text,
  class_weights, prorate_by_days, tax_rate::text, payable_account, status, profit::text, opening_undistributed::text, reserve_amount::text, override_reason, warnings,
  units_total::text, gross_total::text, tax_total::text, collective_gross::text, allocation_count, created_by, approved_by, to_char(approved_on, 'YYYY-MM-DD') AS approved_on, voucher_ids, calculated_at,
  to_char(notice_ends_on, 'YYYY-MM-DD') AS notice_ends_on, objections, notice_skip_reason`;
const ALLOCATION_COLUMNS = `shareholder_id, shareholder_number, collective, units::text, frozen_units::text, gross::text, tax::text, net::text, withheld::text, paid::text, paid_at`;

/**
 * The allocation in one statement (SPEC §2.5): weighted units from the legs of effective share
 * events dated on or before the record date (× days held / days in the year when pro-rated),
 * rounded to 8 places; then either the total split by largest remainder — ⌊D·uᵢ/Σu⌋ cents by exact
 * numeric div/mod, the leftover cents one each to the largest remainders, ties to the lower
 * shareholder number — or a per-unit amount rounded half-up; tax half-up per shareholder (none on
 * 集体股); the withheld part is the net on frozen shares, half-up. The register is read through
 * the functions the shares context publishes (`register_legs_on`: the legs that count on a date,
 * the same rule as its holdings on a date; `register_holders`), inlined by the planner. The totals
 * come from the inserted rows (RETURNING), not from reading a million allocations back.
 */
const CALCULATE_SQL = `
WITH p AS (SELECT * FROM distribution_plans WHERE org_id = $1 AND id = $2),
yr AS (SELECT make_date(p.fiscal_year, 1, 1) AS y0, (make_date(p.fiscal_year + 1, 1, 1) - make_date(p.fiscal_year, 1, 1)) AS ndays FROM p),
w AS (SELECT key AS code, value::numeric AS weight FROM p, jsonb_each_text(p.class_weights)),
legs AS (
  SELECT l.shareholder_id, l.quantity * w.weight AS wq, l.frozen * w.weight AS wf,
         CASE WHEN p.prorate_by_days THEN (p.record_date - greatest(l.effective_date, yr.y0) + 1)::numeric / yr.ndays ELSE 1 END AS share_of_year
    FROM p CROSS JOIN yr
   CROSS JOIN LATERAL register_legs_on($1, p.record_date) l
    JOIN w ON w.code = l.class_code),
u AS (
  SELECT shareholder_id, round(sum(wq * share_of_year), 8) AS units, round(sum(wf * share_of_year), 8) AS frozen_units
    FROM legs GROUP BY shareholder_id),
pos AS (
  SELECT u.shareholder_id, u.units, least(greatest(u.frozen_units, 0), u.units) AS frozen_units, s.number, s.collective
    FROM u JOIN register_holders($1) s ON s.id = u.shareholder_id WHERE u.units > 0),
tot AS MATERIALIZED (SELECT sum(units) AS total FROM pos),
split AS (
  SELECT pos.*, div(p.total_amount * 100 * pos.units, tot.total) AS base, mod(p.total_amount * 100 * pos.units, tot.total) AS rem
    FROM pos CROSS JOIN tot CROSS JOIN p),
ranked AS (
  SELECT split.*, row_number() OVER (ORDER BY rem DESC, number ASC) AS rk, sum(base) OVER () AS base_total FROM split),
gross AS (
  SELECT ranked.shareholder_id, ranked.number, ranked.collective, ranked.units, ranked.frozen_units,
         CASE WHEN p.total_amount IS NOT NULL
              THEN (ranked.base + CASE WHEN ranked.rk <= p.total_amount * 100 - ranked.base_total THEN 1 ELSE 0 END) / 100
              ELSE round(p.amount_per_unit * ranked.units, 2) END AS g
    FROM ranked CROSS JOIN p),
taxed AS (
  SELECT gross.*, CASE WHEN collective THEN 0 ELSE round(g * p.tax_rate, 2) END AS t FROM gross CROSS JOIN p),
ins AS (
INSERT INTO distribution_allocations (org_id, plan_id, shareholder_id, shareholder_number, collective, units, frozen_units, gross, tax, net, withheld, paid)
SELECT $1, $2, shareholder_id, number, collective, units, frozen_units, g, t, g - t,
       CASE WHEN frozen_units = 0 THEN 0 ELSE round((g - t) * frozen_units / units, 2) END, 0
  FROM taxed
RETURNING units, gross, tax, collective)
SELECT count(*)::int AS n, sum(units)::text AS units, sum(gross)::text AS gross, sum(tax)::text AS tax, coalesce(sum(gross) FILTER (WHERE collective), 0)::text AS collective
  FROM ins`;

@Injectable()
export class DistributionsRepository {
  constructor(private readonly tx: TransactionRunner) {}

  private get m() {
    return this.tx.manager;
  }

  async insertPlan(
    orgId: string,
    p: Omit<PlanRow, 'status' | 'warnings' | 'units_total' | 'gross_total' | 'tax_total' | 'collective_gross' | 'allocation_count' | 'approved_by' | 'approved_on' | 'voucher_ids' | 'calculated_at' | 'notice_ends_on' | 'objections' | 'notice_skip_reason'> & { warnings: string[] },
  ): Promise<void> {
    await this.m.query(
      `INSERT INTO distribution_plans (org_id, id, ledger_id, fiscal_year, record_date, reserve_percent, total_amount, amount_per_unit, class_weights, prorate_by_days,
         tax_rate, payable_account, status, profit, opening_undistributed, reserve_amount, override_reason, warnings, created_by)
       VALUES ($1, $2, $3, $4, $5, $6::numeric, $7::numeric, $8::numeric, $9::jsonb, $10, $11::numeric, $12, 'draft', $13::numeric, $14::numeric, $15::numeric, $16, $17::jsonb, $18)`,
      [
        orgId,
        p.id,
        p.ledger_id,
        p.fiscal_year,
        p.record_date,
        p.reserve_percent,
        p.total_amount,
        p.amount_per_unit,
        JSON.stringify(p.class_weights),
        p.prorate_by_days,
        p.tax_rate,
        p.payable_account,
        p.profit,
        p.opening_undistributed,
        p.reserve_amount,
        p.override_reason,
        JSON.stringify(p.warnings),
        p.created_by,
      ],
    );
  }

  async plan(orgId: string, id: string, lock = false): Promise<PlanRow | null> {
    const rows: PlanRow[] = await this.m.query(`SELECT ${PLAN_COLUMNS} FROM distribution_plans WHERE org_id = $1 AND id = $2 ${lock ? 'FOR UPDATE' : ''}`, [orgId, id]);
    return rows[0] ?? null;
  }

  /** Keyset (fiscal_year, created_at as text, id); every plan without a page. */
  async plans(orgId: string, onlyWithWarnings = false, page?: KeysetPage): Promise<(PlanRow & { created_key: string })[]> {
    const [year, created, id] = page?.after ?? [null, null, null];
    return this.m.query(
      `SELECT ${PLAN_COLUMNS}, created_at::text AS created_key FROM distribution_plans
        WHERE org_id = $1 AND ($2::boolean = false OR jsonb_array_length(warnings) > 0)
          AND ($3::int IS NULL OR (fiscal_year, created_at, id) > ($3::int, $4::timestamptz, $5::uuid))
        ORDER BY fiscal_year, created_at, id LIMIT $6`,
      [orgId, onlyWithWarnings, year, created, id, page?.take ?? null],
    );
  }

  async planExists(orgId: string, ledgerId: string, year: number): Promise<boolean> {
    return (await this.m.query(`SELECT 1 FROM distribution_plans WHERE org_id = $1 AND ledger_id = $2 AND fiscal_year = $3`, [orgId, ledgerId, year])).length > 0;
  }

  /**
   * Writes the plan's allocations in one statement and returns their totals. `replace` deletes the
   * previous calculation's rows first; a draft has none (its calculation commits with the status
   * change), so it skips the DELETE and its statement trigger.
   */
  async calculate(orgId: string, planId: string, replace: boolean): Promise<{ n: number; units: string | null; gross: string | null; tax: string | null; collective: string | null }> {
    if (replace) await this.m.query(`DELETE FROM distribution_allocations WHERE org_id = $1 AND plan_id = $2`, [orgId, planId]);
    // The aggregation and the two sorts (largest remainder, then number) stay in memory up to a
    // million holders instead of spilling to disk; for this transaction only.
    await this.m.query(`SET LOCAL work_mem = '256MB'`);
    const [totals] = await this.m.query(CALCULATE_SQL, [orgId, planId]);
    return totals;
  }

  /** The plan as calculated. The plan's writes answer with the row as updated (RETURNING), not another SELECT. */
  async setCalculated(orgId: string, planId: string, t: { n: number; units: string; gross: string; tax: string; collective: string }): Promise<PlanRow> {
    const [rows]: [PlanRow[], number] = await this.m.query(
      `UPDATE distribution_plans SET status = 'calculated', allocation_count = $3, units_total = $4::numeric, gross_total = $5::numeric, tax_total = $6::numeric,
              collective_gross = $7::numeric, calculated_at = now() WHERE org_id = $1 AND id = $2
       RETURNING ${PLAN_COLUMNS}`,
      [orgId, planId, t.n, t.units, t.gross, t.tax, t.collective],
    );
    return rows[0];
  }

  async setStatus(
    orgId: string,
    planId: string,
    status: string,
    extra: { approvedBy?: string; approvedOn?: string; voucherIds?: string[]; warnings?: string[]; overrideReason?: string; noticeSkipReason?: string } = {},
  ): Promise<PlanRow> {
    const [rows]: [PlanRow[], number] = await this.m.query(
      `UPDATE distribution_plans SET status = $3, approved_by = coalesce($4, approved_by), voucher_ids = coalesce($5::jsonb, voucher_ids),
              warnings = coalesce($6::jsonb, warnings), override_reason = coalesce($7, override_reason), notice_skip_reason = coalesce($8, notice_skip_reason),
              approved_on = coalesce($9::date, approved_on)
        WHERE org_id = $1 AND id = $2
       RETURNING ${PLAN_COLUMNS}`,
      [
        orgId,
        planId,
        status,
        extra.approvedBy ?? null,
        extra.voucherIds ? JSON.stringify(extra.voucherIds) : null,
        extra.warnings ? JSON.stringify(extra.warnings) : null,
        extra.overrideReason ?? null,
        extra.noticeSkipReason ?? null,
        extra.approvedOn ?? null,
      ],
    );
    return rows[0];
  }

  /** Into or out of the 公示: the status, the notice's end (null when an objection ends it) and, on objection, the list. */
  async setNotice(orgId: string, planId: string, change: { status: 'public_notice' | 'calculated'; noticeEndsOn: string | null; objections?: PlanObjection[] }): Promise<PlanRow> {
    const [rows]: [PlanRow[], number] = await this.m.query(
      `UPDATE distribution_plans SET status = $3, notice_ends_on = $4::date, objections = coalesce($5::jsonb, objections) WHERE org_id = $1 AND id = $2 RETURNING ${PLAN_COLUMNS}`,
      [orgId, planId, change.status, change.noticeEndsOn, change.objections ? JSON.stringify(change.objections) : null],
    );
    return rows[0];
  }

  async allocations(orgId: string, planId: string, filter: { shareholderId?: string; after?: string; limit?: number } = {}): Promise<AllocationRow[]> {
    return this.m.query(
      `SELECT ${ALLOCATION_COLUMNS} FROM distribution_allocations WHERE org_id = $1 AND plan_id = $2
          AND ($3::uuid IS NULL OR shareholder_id = $3) AND ($4::text IS NULL OR shareholder_number > $4)
        ORDER BY shareholder_number LIMIT $5`,
      [orgId, planId, filter.shareholderId ?? null, filter.after ?? null, filter.limit ?? 1_000_000],
    );
  }

  /** Releases withheld amounts of holders whose shares are no longer frozen. */
  async releaseWithheld(orgId: string, planId: string): Promise<number> {
    const [, count]: [unknown, number] = await this.m.query(
      `UPDATE distribution_allocations a SET withheld = 0
        WHERE a.org_id = $1 AND a.plan_id = $2 AND a.withheld > 0
          AND NOT EXISTS (SELECT 1 FROM register_frozen_holders($1) f WHERE f.shareholder_id = a.shareholder_id)`,
      [orgId, planId],
    );
    return count;
  }

  /** What each unpaid member allocation can be paid now, excluding rows held by another prepared batch; locked. */
  async payable(orgId: string, planId: string): Promise<{ shareholder_id: string; amount: string; name: string; id_number: string | null; bank_account: string | null; household_id: string | null; head_id: string | null }[]> {
    return this.m.query(
      `SELECT a.shareholder_id, (a.net - a.withheld - a.paid)::text AS amount, s.name, s.id_number, s.bank_account, s.household_id, s.head_shareholder_id AS head_id
         FROM distribution_allocations a
         JOIN register_holders($1) s ON s.id = a.shareholder_id
        WHERE a.org_id = $1 AND a.plan_id = $2 AND NOT a.collective AND a.net - a.withheld - a.paid > 0
          AND NOT EXISTS (SELECT 1 FROM payment_batches b, jsonb_array_elements(b.rows) r
                           WHERE b.org_id = a.org_id AND b.plan_id = a.plan_id AND b.status = 'prepared' AND r->>'shareholderId' = a.shareholder_id::text)
        ORDER BY a.shareholder_number
        FOR UPDATE OF a`,
      [orgId, planId],
    );
  }

  /** Payees by shareholder id (household heads), from the register. */
  async holders(orgId: string, ids: string[]): Promise<{ shareholder_id: string; name: string; id_number: string | null; bank_account: string | null }[]> {
    return this.m.query(`SELECT id AS shareholder_id, name, id_number, bank_account FROM register_holders($1) WHERE id = ANY($2::uuid[])`, [orgId, ids]);
  }

  async insertBatch(orgId: string, b: { id: string; planId: string; total: string; rows: unknown }): Promise<void> {
    await this.m.query(`INSERT INTO payment_batches (org_id, id, plan_id, status, total, rows) VALUES ($1, $2, $3, 'prepared', $4::numeric, $5::jsonb)`, [
      orgId,
      b.id,
      b.planId,
      b.total,
      JSON.stringify(b.rows),
    ]);
  }

  async batch(orgId: string, planId: string, id: string, lock = false): Promise<{ id: string; status: string; total: string; rows: { shareholderId: string; payeeId: string; amount: string; name: string; idNumber: string | null; bankAccount: string | null }[]; voucher_id: string | null } | null> {
    const rows = await this.m.query(`SELECT id, status, total::text, rows, voucher_id FROM payment_batches WHERE org_id = $1 AND plan_id = $2 AND id = $3 ${lock ? 'FOR UPDATE' : ''}`, [orgId, planId, id]);
    return rows[0] ?? null;
  }

  /** A plan's payment batches, oldest first, without their rows (the 代发 file has them). */
  async batches(orgId: string, planId: string): Promise<{ id: string; status: string; total: string; row_count: number; voucher_id: string | null; created_at: Date; confirmed_at: Date | null }[]> {
    return this.m.query(
      `SELECT id, status, total::text, jsonb_array_length(rows)::int AS row_count, voucher_id, created_at, confirmed_at
         FROM payment_batches WHERE org_id = $1 AND plan_id = $2 ORDER BY created_at, id`,
      [orgId, planId],
    );
  }

  /** Pays one allocation row; false when it no longer has that much unpaid (nothing is paid twice). */
  async pay(orgId: string, planId: string, shareholderId: string, amount: string): Promise<boolean> {
    const [, count]: [unknown, number] = await this.m.query(
      `UPDATE distribution_allocations SET paid = paid + $4::numeric, paid_at = now()
        WHERE org_id = $1 AND plan_id = $2 AND shareholder_id = $3 AND net - withheld - paid >= $4::numeric`,
      [orgId, planId, shareholderId, amount],
    );
    return count === 1;
  }

  async confirmBatch(orgId: string, id: string, voucherId: string): Promise<void> {
    await this.m.query(`UPDATE payment_batches SET status = 'confirmed', voucher_id = $3, confirmed_at = now() WHERE org_id = $1 AND id = $2`, [orgId, id, voucherId]);
  }

  async unpaidCount(orgId: string, planId: string): Promise<number> {
    const [row] = await this.m.query(`SELECT count(*)::int AS n FROM distribution_allocations WHERE org_id = $1 AND plan_id = $2 AND NOT collective AND paid < net`, [orgId, planId]);
    return row.n;
  }
}
