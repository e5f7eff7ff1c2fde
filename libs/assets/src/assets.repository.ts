import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '@app/core';
import type { KeysetPage } from '@app/core';

export interface AssetRow {
  id: string;
  ledger_id: string;
  card_no: string;
  name: string;
  category: string;
  spec: string | null;
  location: string | null;
  custodian: string | null;
  purpose: string;
  acquisition_type: string;
  source_voucher_id: string | null;
  cost: string;
  salvage_rate: string;
  salvage: string;
  in_service_date: string;
  method: 'straight_line' | 'units';
  useful_life_months: number;
  total_units: string | null;
  opening_accumulated: string;
  opening_through: string | null;
  accumulated: string;
  units_used: string;
  state: string;
  disposed_on: string | null;
  disposal_voucher_id: string | null;
}

export interface DepreciationLineRow {
  asset_id: string;
  card_no: string;
  name: string;
  period: string;
  run_id: string | null;
  voucher_id: string;
  amount: string;
  units: string | null;
  accumulated_after: string;
}

export interface RunRow {
  id: string;
  ledger_id: string;
  period: string;
  voucher_id: string | null;
  total: string;
  cards: number;
}

export interface ResourceRow {
  id: string;
  number: string;
  type: string;
  name: string;
  location: string | null;
  boundaries: string | null;
  area_mu: string;
  area_m2: string;
  certificate_no: string | null;
  current_use: string;
  note: string | null;
}

const ASSET_COLUMNS = `id, ledger_id, card_no, name, category, spec, location, custodian, purpose, acquisition_type, source_voucher_id,
  cost::text, salvage_rate::text, salvage::text, to_char(in_service_date, 'YYYY-MM-DD') AS in_service_date, method, useful_life_months,
  total_units::text, opening_accumulated::text, opening_through, accumulated::text, units_used::text, state,
  to_char(disposed_on, 'YYYY-MM-DD') AS disposed_on, disposal_voucher_id`;

const RESOURCE_COLUMNS = `id, number, type, name, location, boundaries, area_mu::text, area_m2::text, certificate_no, current_use, note`;

/** All SQL of the fixed assets and resources (SPEC §8). */
@Injectable()
export class AssetsRepository {
  constructor(private readonly tx: TransactionRunner) {}

  private get m() {
    return this.tx.manager;
  }

  async insertAsset(orgId: string, a: Omit<AssetRow, 'accumulated' | 'units_used' | 'state' | 'disposed_on' | 'disposal_voucher_id'>): Promise<void> {
    await this.m.query(
      `INSERT INTO fixed_assets (org_id, id, ledger_id, card_no, name, category, spec, location, custodian, purpose, acquisition_type, source_voucher_id,
         cost, salvage_rate, salvage, in_service_date, method, useful_life_months, total_units, opening_accumulated, opening_through, accumulated)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$20)`,
      [
        orgId, a.id, a.ledger_id, a.card_no, a.name, a.category, a.spec, a.location, a.custodian, a.purpose, a.acquisition_type, a.source_voucher_id,
        a.cost, a.salvage_rate, a.salvage, a.in_service_date, a.method, a.useful_life_months, a.total_units, a.opening_accumulated, a.opening_through,
      ],
    );
  }

  async addState(orgId: string, assetId: string, state: string, since: string, note: string | null): Promise<void> {
    await this.m.query(
      `INSERT INTO fixed_asset_states (org_id, asset_id, seq, state, since, note)
       SELECT $1, $2, coalesce(max(seq), 0) + 1, $3, $4, $5 FROM fixed_asset_states WHERE org_id = $1 AND asset_id = $2`,
      [orgId, assetId, state, since, note],
    );
  }

  async states(orgId: string, assetId: string): Promise<{ seq: number; state: string; since: string; note: string | null }[]> {
    return this.m.query(`SELECT seq, state, to_char(since, 'YYYY-MM-DD') AS since, note FROM fixed_asset_states WHERE org_id = $1 AND asset_id = $2 ORDER BY seq`, [orgId, assetId]);
  }

  async cardNoTaken(orgId: string, cardNo: string): Promise<boolean> {
    return (await this.m.query(`SELECT 1 FROM fixed_assets WHERE org_id = $1 AND card_no = $2`, [orgId, cardNo])).length > 0;
  }

  async asset(orgId: string, id: string, lock = false): Promise<AssetRow | undefined> {
    const rows = await this.m.query(`SELECT ${ASSET_COLUMNS} FROM fixed_assets WHERE org_id = $1 AND id = $2 ${lock ? 'FOR UPDATE' : ''}`, [orgId, id]);
    return rows[0];
  }

  async assets(orgId: string, ledgerId: string, filter: { category?: string; state?: string }, page: KeysetPage): Promise<AssetRow[]> {
    return this.m.query(
      `SELECT ${ASSET_COLUMNS} FROM fixed_assets
        WHERE org_id = $1 AND ledger_id = $2 AND ($3::text IS NULL OR card_no > $3) AND ($5::text IS NULL OR category = $5) AND ($6::text IS NULL OR state = $6)
        ORDER BY card_no LIMIT $4`,
      [orgId, ledgerId, page.after?.[0] ?? null, page.take, filter.category ?? null, filter.state ?? null],
    );
  }

  async updateAsset(orgId: string, id: string, fields: Partial<Pick<AssetRow, 'name' | 'spec' | 'location' | 'custodian' | 'category' | 'state' | 'purpose' | 'useful_life_months' | 'salvage' | 'salvage_rate'>>): Promise<void> {
    const keys = Object.keys(fields) as (keyof typeof fields)[];
    if (keys.length === 0) return;
    await this.m.query(`UPDATE fixed_assets SET ${keys.map((k, i) => `${k} = $${i + 3}`).join(', ')} WHERE org_id = $1 AND id = $2`, [orgId, id, ...keys.map((k) => fields[k])]);
  }

  /** The cards of a ledger that a run for `period` depreciates (in service before it, not disposed before it, no line for it yet), locked unless `lock` is false (a preview). */
  async depreciable(orgId: string, ledgerId: string, period: string, lock = true): Promise<AssetRow[]> {
    return this.m.query(
      `SELECT ${ASSET_COLUMNS} FROM fixed_assets a
        WHERE org_id = $1 AND ledger_id = $2 AND to_char(in_service_date, 'YYYY-MM') < $3
          AND (opening_through IS NULL OR opening_through < $3)
          AND (disposed_on IS NULL OR to_char(disposed_on, 'YYYY-MM') >= $3)
          AND NOT EXISTS (SELECT 1 FROM depreciation_lines d WHERE d.org_id = a.org_id AND d.asset_id = a.id AND d.period = $3)
        ORDER BY card_no ${lock ? 'FOR UPDATE' : ''}`,
      [orgId, ledgerId, period],
    );
  }

  async addDepreciation(orgId: string, rows: { assetId: string; amount: string; units: string | null }[]): Promise<void> {
    if (rows.length === 0) return;
    await this.m.query(
      `UPDATE fixed_assets a SET accumulated = a.accumulated + r.amount::numeric, units_used = a.units_used + coalesce(r.units::numeric, 0)
         FROM jsonb_to_recordset($2::jsonb) AS r(asset_id uuid, amount text, units text)
        WHERE a.org_id = $1 AND a.id = r.asset_id`,
      [orgId, JSON.stringify(rows.map((r) => ({ asset_id: r.assetId, amount: r.amount, units: r.units })))],
    );
  }

  async setSourceVoucher(orgId: string, id: string, voucherId: string): Promise<void> {
    await this.m.query(`UPDATE fixed_assets SET source_voucher_id = $3 WHERE org_id = $1 AND id = $2`, [orgId, id, voucherId]);
  }

  async dispose(orgId: string, id: string, date: string, voucherId: string): Promise<void> {
    await this.m.query(`UPDATE fixed_assets SET state = 'disposed', disposed_on = $3, disposal_voucher_id = $4 WHERE org_id = $1 AND id = $2`, [orgId, id, date, voucherId]);
  }

  /** Claims the month: the unique key (org, ledger, period) makes a concurrent second claim wait, then find the first. */
  async claimRun(orgId: string, run: { id: string; ledgerId: string; period: string }): Promise<boolean> {
    const rows = await this.m.query(
      `INSERT INTO depreciation_runs (org_id, id, ledger_id, period, total, cards) VALUES ($1, $2, $3, $4, 0, 0) ON CONFLICT (org_id, ledger_id, period) DO NOTHING RETURNING id`,
      [orgId, run.id, run.ledgerId, run.period],
    );
    return rows.length === 1;
  }

  async finishRun(orgId: string, id: string, voucherId: string | null, total: string, cards: number): Promise<void> {
    await this.m.query(`UPDATE depreciation_runs SET voucher_id = $3, total = $4, cards = $5 WHERE org_id = $1 AND id = $2`, [orgId, id, voucherId, total, cards]);
  }

  async run(orgId: string, ledgerId: string, period: string): Promise<RunRow | undefined> {
    const rows = await this.m.query(`SELECT id, ledger_id, period, voucher_id, total::text, cards FROM depreciation_runs WHERE org_id = $1 AND ledger_id = $2 AND period = $3`, [orgId, ledgerId, period]);
    return rows[0];
  }

  async runs(orgId: string, ledgerId: string, page: KeysetPage): Promise<RunRow[]> {
    return this.m.query(
      `SELECT id, ledger_id, period, voucher_id, total::text, cards FROM depreciation_runs WHERE org_id = $1 AND ledger_id = $2 AND ($3::text IS NULL OR period < $3) ORDER BY period DESC LIMIT $4`,
      [orgId, ledgerId, page.after?.[0] ?? null, page.take],
    );
  }

  async latestRunPeriod(orgId: string, ledgerId: string): Promise<string | null> {
    const rows = await this.m.query(`SELECT max(period) AS p FROM depreciation_runs WHERE org_id = $1 AND ledger_id = $2`, [orgId, ledgerId]);
    return rows[0]?.p ?? null;
  }

  async insertLines(orgId: string, lines: { assetId: string; period: string; runId: string | null; voucherId: string; amount: string; units: string | null; accumulatedAfter: string }[]): Promise<void> {
    if (lines.length === 0) return;
    await this.m.query(
      `INSERT INTO depreciation_lines (org_id, asset_id, period, run_id, voucher_id, amount, units, accumulated_after)
       SELECT $1, l.asset_id, l.period, l.run_id, l.voucher_id, l.amount::numeric, l.units::numeric, l.accumulated_after::numeric
         FROM jsonb_to_recordset($2::jsonb) AS l(asset_id uuid, period text, run_id uuid, voucher_id uuid, amount text, units text, accumulated_after text)`,
      [orgId, JSON.stringify(lines.map((l) => ({ asset_id: l.assetId, period: l.period, run_id: l.runId, voucher_id: l.voucherId, amount: l.amount, units: l.units, accumulated_after: l.accumulatedAfter })))],
    );
  }

  /** 折旧明细表: the depreciation lines of a ledger for a range of months, keyset (period, card_no). */
  async depreciationLines(orgId: string, ledgerId: string, filter: { from: string; to: string; assetId?: string }, page: KeysetPage): Promise<DepreciationLineRow[]> {
    const after = page.after as [string, string] | null;
    return this.m.query(
      `SELECT d.asset_id, a.card_no, a.name, d.period, d.run_id, d.voucher_id, d.amount::text, d.units::text, d.accumulated_after::text
         FROM depreciation_lines d JOIN fixed_assets a ON a.org_id = d.org_id AND a.id = d.asset_id
        WHERE d.org_id = $1 AND a.ledger_id = $2 AND d.period BETWEEN $3 AND $4 AND ($5::uuid IS NULL OR d.asset_id = $5)
          AND ($6::text IS NULL OR (d.period, a.card_no) > ($6, $7))
        ORDER BY d.period, a.card_no LIMIT $8`,
      [orgId, ledgerId, filter.from, filter.to, filter.assetId ?? null, after?.[0] ?? null, after?.[1] ?? null, page.take],
    );
  }

  /** The card's accumulated depreciation at the end of a month: opening plus the lines through it. */
  async register(orgId: string, ledgerId: string, asOf: string, page: KeysetPage): Promise<(AssetRow & { accumulated_as_of: string })[]> {
    return this.m.query(
      `SELECT x.*, (x.opening_accumulated::numeric + coalesce((SELECT sum(d.amount) FROM depreciation_lines d WHERE d.org_id = $1 AND d.asset_id = x.id AND d.period <= $3), 0))::text AS accumulated_as_of
         FROM (SELECT ${ASSET_COLUMNS} FROM fixed_assets
                WHERE org_id = $1 AND ledger_id = $2 AND to_char(in_service_date, 'YYYY-MM') <= $3 AND ($4::text IS NULL OR card_no > $4)
                ORDER BY card_no LIMIT $5) x
        ORDER BY x.card_no`,
      [orgId, ledgerId, asOf, page.after?.[0] ?? null, page.take],
    );
  }

  /** Σ cards' accumulated depreciation (opening + lines), live, and the cards not disposed. */
  async totals(orgId: string, ledgerId: string): Promise<{ accumulated: string; cost: string; cards: number }> {
    const rows = await this.m.query(
      `SELECT coalesce(sum(accumulated) FILTER (WHERE state <> 'disposed'), 0)::text AS accumulated, coalesce(sum(cost) FILTER (WHERE state <> 'disposed'), 0)::text AS cost, count(*)::int AS cards
         FROM fixed_assets WHERE org_id = $1 AND ledger_id = $2`,
      [orgId, ledgerId],
    );
    return rows[0];
  }

  // Resources
  async insertResource(orgId: string, r: ResourceRow): Promise<void> {
    await this.m.query(
      `INSERT INTO resources (org_id, id, number, type, name, location, boundaries, area_mu, area_m2, certificate_no, current_use, note) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)`,
      [orgId, r.id, r.number, r.type, r.name, r.location, r.boundaries, r.area_mu, r.area_m2, r.certificate_no, r.current_use, r.note],
    );
  }

  async resourceNumberTaken(orgId: string, number: string): Promise<boolean> {
    return (await this.m.query(`SELECT 1 FROM resources WHERE org_id = $1 AND number = $2`, [orgId, number])).length > 0;
  }

  async resource(orgId: string, id: string, lock = false): Promise<ResourceRow | undefined> {
    return (await this.m.query(`SELECT ${RESOURCE_COLUMNS} FROM resources WHERE org_id = $1 AND id = $2 ${lock ? 'FOR UPDATE' : ''}`, [orgId, id]))[0];
  }

  async resources(orgId: string, page: KeysetPage): Promise<ResourceRow[]> {
    return this.m.query(`SELECT ${RESOURCE_COLUMNS} FROM resources WHERE org_id = $1 AND ($2::text IS NULL OR number > $2) ORDER BY number LIMIT $3`, [orgId, page.after?.[0] ?? null, page.take]);
  }

  async updateResource(orgId: string, id: string, fields: Partial<Omit<ResourceRow, 'id' | 'number'>>): Promise<void> {
    const keys = Object.keys(fields) as (keyof typeof fields)[];
    if (keys.length === 0) return;
    await this.m.query(`UPDATE resources SET ${keys.map((k, i) => `${k} = $${i + 3}`).join(', ')} WHERE org_id = $1 AND id = $2`, [orgId, id, ...keys.map((k) => fields[k])]);
  }
}
