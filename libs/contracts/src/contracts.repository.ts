import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '@app/core';
import type { KeysetPage } from '@app/core';
import type { Bill } from './schedule.js';

export interface ContractRow {
  id: string;
  ledger_id: string;
  number: string;
  title: string;
  status: string;
  start_date: string;
  end_date: string;
  billing_cycle: string;
  monthly_rent: string;
  escalation_percent: string;
  escalation_every_years: number;
  deposit: string;
  receivable_account: string;
  counterparty: string;
  renewal_of: string | null;
  renewed_by: string | null;
  trade_id: string | null;
  signed_on: string | null;
  terminated_on: string | null;
  termination_reason: string | null;
  total_rent: string;
  outstanding: string;
  overdue: string;
  deposit_received: boolean;
  deposit_refunded: boolean;
  parties: { kind: string; name: string; id_code: string; phone: string | null }[];
  objects: { asset_id: string | null; resource_id: string | null; description: string; area: string | null }[];
}

export interface BillRow {
  seq: number;
  period_start: string;
  period_end: string;
  due_date: string;
  accrual_period: string;
  contract_year: number;
  months: number;
  monthly_amount: string;
  amount: string;
  received: string;
  accrued: boolean;
}

export interface NewContract {
  org_id: string;
  id: string;
  ledger_id: string;
  number: string;
  title: string;
  start_date: string;
  end_date: string;
  billing_cycle: string;
  monthly_rent: string;
  escalation_percent: string;
  escalation_every_years: number;
  deposit: string;
  receivable_account: string;
  counterparty: string;
  renewal_of: string | null;
  trade_id: string | null;
}

export interface PartyInput {
  kind: string;
  name: string;
  idCode: string;
  phone?: string | null;
}

export interface ObjectInput {
  assetId?: string | null;
  resourceId?: string | null;
  description: string;
  area?: string | null;
}

export interface OutstandingRow {
  contract_id: string;
  contract_number: string;
  counterparty: string;
  receivable_account: string;
  seq: number;
  due_date: string;
  amount: string;
  received: string;
  outstanding: string;
}

export interface TradeRow {
  id: string;
  number: string;
  title: string;
  method: string;
  asset_id: string | null;
  resource_id: string | null;
  object_description: string;
  area: string | null;
  reserve_price: string;
  increment: string;
  status: string;
  failure_reason: string | null;
  winner_bidder_id: string | null;
  winning_amount: string | null;
  contract_id: string | null;
  closed_on: string | null;
  last_bid: string | null;
  bidders: { id: string; kind: string; name: string; id_code: string; phone: string | null }[];
  bids: { seq: number; bidder_id: string; bidder_name: string; amount: string; at: string }[];
}

export interface ContractFactRow {
  id: string;
  ledger_id: string;
  number: string;
  title: string;
  status: string;
  start_date: string;
  end_date: string;
  signed_on: string | null;
  terminated_on: string | null;
  monthly_rent: string;
  trade_id: string | null;
  renewal_of: string | null;
  successor_id: string | null;
  trade_number: string | null;
  reserve_price: string | null;
  previous_rent: string | null;
  objects: { asset_id: string | null; resource_id: string | null; description: string }[];
  overdue_bills: { seq: number; due_date: string; accrual_period: string; amount: string; outstanding: string }[];
}

export interface ContractAsOfRow {
  id: string;
  number: string;
  title: string;
  counterparty: string;
  receivable_account: string;
  start_date: string;
  end_date: string;
  status: string;
  terminated_on: string | null;
  monthly_rent: string;
  parties: { kind: string; name: string; id_code: string; phone: string | null }[];
  objects: string;
  due: string;
  received: string;
  due_month: string;
  received_month: string;
  overdue: string;
}

const CONTRACT_COLUMNS = `c.id, c.ledger_id, c.number, c.title, c.status, to_char(c.start_date, 'YYYY-MM-DD') AS start_date, to_char(c.end_date, 'YYYY-MM-DD') AS end_date,
  c.billing_cycle, c.monthly_rent::text, c.escalation_percent::text, c.escalation_every_years, c.deposit::text, c.receivable_account, c.counterparty,
  c.renewal_of, (SELECT r.id FROM contracts r WHERE r.org_id = c.org_id AND r.renewal_of = c.id) AS renewed_by, c.trade_id,
  to_char(c.signed_on, 'YYYY-MM-DD') AS signed_on, to_char(c.terminated_on, 'YYYY-MM-DD') AS terminated_on, c.termination_reason,
  (SELECT coalesce(sum(s.amount), 0)::text FROM rent_schedule s WHERE s.org_id = c.org_id AND s.contract_id = c.id) AS total_rent,
  (SELECT coalesce(sum(s.amount - s.received), 0)::text FROM rent_schedule s WHERE s.org_id = c.org_id AND s.contract_id = c.id AND s.accrual_run_id IS NOT NULL) AS outstanding,
  (SELECT coalesce(sum(s.amount - s.received), 0)::text FROM rent_schedule s WHERE s.org_id = c.org_id AND s.contract_id = c.id AND s.accrual_run_id IS NOT NULL AND s.due_date < $2::date) AS overdue,
  EXISTS (SELECT 1 FROM contract_deposits d WHERE d.org_id = c.org_id AND d.contract_id = c.id AND d.kind = 'received') AS deposit_received,
  EXISTS (SELECT 1 FROM contract_deposits d WHERE d.org_id = c.org_id AND d.contract_id = c.id AND d.kind = 'refunded') AS deposit_refunded,
  (SELECT coalesce(jsonb_agg(jsonb_build_object('kind', p.kind, 'name', p.name, 'id_code', p.id_code, 'phone', p.phone) ORDER BY p.seq), '[]') FROM contract_parties p WHERE p.org_id = c.org_id AND p.contract_id = c.id) AS parties,
  (SELECT coalesce(jsonb_agg(jsonb_build_object('asset_id', o.asset_id, 'resource_id', o.resource_id, 'description', o.description, 'area', o.area::text) ORDER BY o.seq), '[]') FROM contract_objects o WHERE o.org_id = c.org_id AND o.contract_id = c.id) AS objects`;

const TRADE_COLUMNS = `t.id, t.number, t.title, t.method, t.asset_id, t.resource_id, t.object_description, t.area::text, t.reserve_price::text, t.increment::text, t.status,
  t.failure_reason, t.winner_bidder_id, t.winning_amount::text, t.contract_id, to_char(t.closed_on, 'YYYY-MM-DD') AS closed_on,
  (SELECT max(b.amount)::text FROM trade_bids b WHERE b.org_id = t.org_id AND b.trade_id = t.id) AS last_bid,
  (SELECT coalesce(jsonb_agg(jsonb_build_object('id', d.id, 'kind', d.kind, 'name', d.name, 'id_code', d.id_code, 'phone', d.phone) ORDER BY d.name, d.id), '[]') FROM trade_bidders d WHERE d.org_id = t.org_id AND d.trade_id = t.id) AS bidders,
  (SELECT coalesce(jsonb_agg(jsonb_build_object('seq', b.seq, 'bidder_id', b.bidder_id, 'bidder_name', d.name, 'amount', b.amount::text, 'at', b.created_at) ORDER BY b.seq), '[]')
     FROM trade_bids b JOIN trade_bidders d ON d.org_id = b.org_id AND d.id = b.bidder_id WHERE b.org_id = t.org_id AND b.trade_id = t.id) AS bids`;

/** The contracts context's SQL: contracts, schedule, accrual runs, receipts, deposits, trades. */
@Injectable()
export class ContractsRepository {
  constructor(private readonly tx: TransactionRunner) {}

  private q<T = unknown>(sql: string, params: unknown[]): Promise<T[]> {
    return this.tx.manager.query(sql, params);
  }

  async insertContract(c: NewContract, parties: PartyInput[], objects: ObjectInput[], bills: Bill[]): Promise<void> {
    await this.q(
      `INSERT INTO contracts (org_id, id, ledger_id, number, title, start_date, end_date, billing_cycle, monthly_rent, escalation_percent, escalation_every_years, deposit, receivable_account, counterparty, renewal_of, trade_id)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16)`,
      [c.org_id, c.id, c.ledger_id, c.number, c.title, c.start_date, c.end_date, c.billing_cycle, c.monthly_rent, c.escalation_percent, c.escalation_every_years, c.deposit, c.receivable_account, c.counterparty, c.renewal_of, c.trade_id],
    );
    await this.q(
      `INSERT INTO contract_parties (org_id, contract_id, seq, kind, name, id_code, phone)
       SELECT $1, $2, e.ord, e.v->>'kind', e.v->>'name', e.v->>'idCode', e.v->>'phone' FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS e(v, ord)`,
      [c.org_id, c.id, JSON.stringify(parties)],
    );
    await this.q(
      `INSERT INTO contract_objects (org_id, contract_id, seq, asset_id, resource_id, description, area)
       SELECT $1, $2, e.ord, (e.v->>'assetId')::uuid, (e.v->>'resourceId')::uuid, e.v->>'description', (e.v->>'area')::numeric FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS e(v, ord)`,
      [c.org_id, c.id, JSON.stringify(objects)],
    );
    await this.q(
      `INSERT INTO rent_schedule (org_id, contract_id, seq, period_start, period_end, due_date, accrual_period, contract_year, months, monthly_amount, amount)
       SELECT $1, $2, b.seq, b."periodStart", b."periodEnd", b."dueDate", b."accrualPeriod", b."contractYear", b.months, b."monthlyAmount"::numeric, b.amount::numeric
         FROM jsonb_to_recordset($3::jsonb) AS b(seq int, "periodStart" date, "periodEnd" date, "dueDate" date, "accrualPeriod" text, "contractYear" int, months int, "monthlyAmount" text, amount text)`,
      [c.org_id, c.id, JSON.stringify(bills)],
    );
  }

  async contract(orgId: string, id: string, today: string, lock = false): Promise<ContractRow | null> {
    if (lock) await this.q(`SELECT 1 FROM contracts WHERE org_id = $1 AND id = $2 FOR UPDATE`, [orgId, id]);
    const [row] = await this.q<ContractRow>(`SELECT ${CONTRACT_COLUMNS} FROM contracts c WHERE c.org_id = $1 AND c.id = $3`, [orgId, today, id]);
    return row ?? null;
  }

  /** 合同台账 in number order; `status` filters on the stored status ('expired' = active past its end). */
  async contracts(orgId: string, today: string, status: string | undefined, page?: KeysetPage<[string]>): Promise<ContractRow[]> {
    const params: unknown[] = [orgId, today];
    let where = '';
    if (status === 'expired') where += ` AND (c.status = 'expired' OR (c.status = 'active' AND c.end_date < $2::date))`;
    else if (status === 'active') where += ` AND c.status = 'active' AND c.end_date >= $2::date`;
    else if (status) {
      params.push(status);
      where += ` AND c.status = $${params.length}`;
    }
    if (page?.after) {
      params.push(page.after[0]);
      where += ` AND c.number > $${params.length}`;
    }
    const limit = page ? ` LIMIT ${page.take}` : '';
    return this.q<ContractRow>(`SELECT ${CONTRACT_COLUMNS} FROM contracts c WHERE c.org_id = $1${where} ORDER BY c.number${limit}`, params);
  }

  async bills(orgId: string, contractId: string): Promise<BillRow[]> {
    return this.q<BillRow>(
      `SELECT seq, to_char(period_start, 'YYYY-MM-DD') AS period_start, to_char(period_end, 'YYYY-MM-DD') AS period_end, to_char(due_date, 'YYYY-MM-DD') AS due_date,
              accrual_period, contract_year, months, monthly_amount::text, amount::text, received::text, accrual_run_id IS NOT NULL AS accrued
         FROM rent_schedule WHERE org_id = $1 AND contract_id = $2 ORDER BY seq`,
      [orgId, contractId],
    );
  }

  async setStatus(orgId: string, id: string, status: string, fields: { signed_on?: string; terminated_on?: string; termination_reason?: string }): Promise<void> {
    await this.q(
      `UPDATE contracts SET status = $3, signed_on = coalesce($4::date, signed_on), terminated_on = coalesce($5::date, terminated_on), termination_reason = coalesce($6, termination_reason)
        WHERE org_id = $1 AND id = $2`,
      [orgId, id, status, fields.signed_on ?? null, fields.terminated_on ?? null, fields.termination_reason ?? null],
    );
  }

  /** Termination: bills not accrued that start after the end are dropped. */
  async dropBillsAfter(orgId: string, contractId: string, date: string): Promise<void> {
    await this.q(`DELETE FROM rent_schedule WHERE org_id = $1 AND contract_id = $2 AND accrual_run_id IS NULL AND period_start > $3::date`, [orgId, contractId, date]);
  }

  async parties(orgId: string, contractId: string): Promise<PartyInput[]> {
    return this.q<PartyInput>(`SELECT kind, name, id_code AS "idCode", phone FROM contract_parties WHERE org_id = $1 AND contract_id = $2 ORDER BY seq`, [orgId, contractId]);
  }

  async objects(orgId: string, contractId: string): Promise<ObjectInput[]> {
    return this.q<ObjectInput>(
      `SELECT asset_id AS "assetId", resource_id AS "resourceId", description, area::text AS area FROM contract_objects WHERE org_id = $1 AND contract_id = $2 ORDER BY seq`,
      [orgId, contractId],
    );
  }

  // Accrual.

  /** Claims the month's run: null when it already exists (then `run` reads it). Concurrent claims wait on the unique key. */
  async claimRun(orgId: string, id: string, ledgerId: string, period: string): Promise<boolean> {
    const rows = await this.q(
      `INSERT INTO rent_accrual_runs (org_id, id, ledger_id, period, total, bill_count) VALUES ($1, $2, $3, $4, 0, 0)
       ON CONFLICT (org_id, ledger_id, period) DO NOTHING RETURNING id`,
      [orgId, id, ledgerId, period],
    );
    return rows.length === 1;
  }

  async run(orgId: string, ledgerId: string, period: string): Promise<{ id: string; voucher_id: string | null; total: string; bill_count: number } | null> {
    const [row] = await this.q<{ id: string; voucher_id: string | null; total: string; bill_count: number }>(
      `SELECT id, voucher_id, total::text, bill_count FROM rent_accrual_runs WHERE org_id = $1 AND ledger_id = $2 AND period = $3`,
      [orgId, ledgerId, period],
    );
    return row ?? null;
  }

  /** The month's bills of signed contracts on the ledger, not accrued yet, locked; one row per contract. */
  async billsToAccrue(orgId: string, ledgerId: string, period: string): Promise<{ contract_id: string; number: string; counterparty: string; receivable_account: string; amount: string }[]> {
    return this.q(
      `WITH b AS (SELECT s.contract_id, s.seq, s.amount FROM rent_schedule s JOIN contracts c ON c.org_id = s.org_id AND c.id = s.contract_id
                   WHERE s.org_id = $1 AND s.accrual_period = $3 AND s.accrual_run_id IS NULL AND c.ledger_id = $2 AND c.status IN ('active','expired','terminated')
                   FOR UPDATE OF s)
       SELECT b.contract_id, c.number, c.counterparty, c.receivable_account, sum(b.amount)::text AS amount
         FROM b JOIN contracts c ON c.org_id = $1 AND c.id = b.contract_id GROUP BY b.contract_id, c.number, c.counterparty, c.receivable_account ORDER BY c.number`,
      [orgId, ledgerId, period],
    );
  }

  async markAccrued(orgId: string, runId: string, ledgerId: string, period: string, voucherId: string | null, total: string, count: number): Promise<void> {
    await this.q(
      `UPDATE rent_schedule s SET accrual_run_id = $2 FROM contracts c
        WHERE s.org_id = $1 AND c.org_id = $1 AND c.id = s.contract_id AND c.ledger_id = $3 AND s.accrual_period = $4 AND s.accrual_run_id IS NULL AND c.status IN ('active','expired','terminated')`,
      [orgId, runId, ledgerId, period],
    );
    await this.q(`UPDATE rent_accrual_runs SET voucher_id = $3, total = $4, bill_count = $5 WHERE org_id = $1 AND id = $2`, [orgId, runId, voucherId, total, count]);
  }

  // Receipts and deposits.

  async lockOutstanding(orgId: string, contractId: string): Promise<{ seq: number; due_date: string; outstanding: string }[]> {
    return this.q(
      `SELECT seq, to_char(due_date, 'YYYY-MM-DD') AS due_date, (amount - received)::text AS outstanding FROM rent_schedule
        WHERE org_id = $1 AND contract_id = $2 AND accrual_run_id IS NOT NULL AND received < amount ORDER BY due_date, seq FOR UPDATE`,
      [orgId, contractId],
    );
  }

  async insertReceipt(orgId: string, id: string, contractId: string, date: string, amount: string, bank: string, voucherId: string, applied: { seq: number; amount: string }[]): Promise<void> {
    await this.q(`INSERT INTO rent_receipts (org_id, id, contract_id, received_on, amount, bank_account, voucher_id) VALUES ($1,$2,$3,$4,$5,$6,$7)`, [orgId, id, contractId, date, amount, bank, voucherId]);
    await this.q(
      `INSERT INTO rent_receipt_applications (org_id, receipt_id, contract_id, seq, amount) SELECT $1, $2, $3, a.seq, a.amount::numeric FROM jsonb_to_recordset($4::jsonb) AS a(seq int, amount text)`,
      [orgId, id, contractId, JSON.stringify(applied)],
    );
    await this.q(
      `UPDATE rent_schedule s SET received = s.received + a.amount::numeric FROM jsonb_to_recordset($3::jsonb) AS a(seq int, amount text)
        WHERE s.org_id = $1 AND s.contract_id = $2 AND s.seq = a.seq`,
      [orgId, contractId, JSON.stringify(applied)],
    );
  }

  async receipts(orgId: string, contractId: string): Promise<{ id: string; received_on: string; amount: string; voucher_id: string; applied: { seq: number; due_date: string; amount: string }[] }[]> {
    return this.q(
      `SELECT r.id, to_char(r.received_on, 'YYYY-MM-DD') AS received_on, r.amount::text, r.voucher_id,
              (SELECT jsonb_agg(jsonb_build_object('seq', a.seq, 'due_date', to_char(s.due_date, 'YYYY-MM-DD'), 'amount', a.amount::text) ORDER BY s.due_date, a.seq)
                 FROM rent_receipt_applications a JOIN rent_schedule s ON s.org_id = a.org_id AND s.contract_id = a.contract_id AND s.seq = a.seq
                WHERE a.org_id = r.org_id AND a.receipt_id = r.id) AS applied
         FROM rent_receipts r WHERE r.org_id = $1 AND r.contract_id = $2 ORDER BY r.received_on, r.created_at, r.id`,
      [orgId, contractId],
    );
  }

  async insertDeposit(orgId: string, id: string, contractId: string, kind: string, date: string, amount: string, voucherId: string): Promise<void> {
    await this.q(`INSERT INTO contract_deposits (org_id, id, contract_id, kind, on_date, amount, voucher_id) VALUES ($1,$2,$3,$4,$5,$6,$7)`, [orgId, id, contractId, kind, date, amount, voucherId]);
  }

  // Reports.

  /** Accrued bills not fully received (应收租金明细), by contract number and due date; on one ledger or all. */
  async outstanding(orgId: string, ledgerId: string | null, page?: KeysetPage<[string, number]>): Promise<OutstandingRow[]> {
    const params: unknown[] = [orgId, ledgerId];
    let after = '';
    if (page?.after) {
      params.push(page.after[0], page.after[1]);
      after = ` AND (c.number, s.seq) > ($3, $4)`;
    }
    return this.q<OutstandingRow>(
      `SELECT c.id AS contract_id, c.number AS contract_number, c.counterparty, c.receivable_account, s.seq, to_char(s.due_date, 'YYYY-MM-DD') AS due_date,
              s.amount::text, s.received::text, (s.amount - s.received)::text AS outstanding
         FROM rent_schedule s JOIN contracts c ON c.org_id = s.org_id AND c.id = s.contract_id
        WHERE s.org_id = $1 AND ($2::uuid IS NULL OR c.ledger_id = $2) AND s.accrual_run_id IS NOT NULL AND s.received < s.amount${after}
        ORDER BY c.number, s.seq${page ? ` LIMIT ${page.take}` : ''}`,
      params,
    );
  }

  /** Σ accrued − received per receivable account and counterparty, on one ledger. */
  async balancesByCounterparty(orgId: string, ledgerId: string): Promise<{ account_code: string; counterparty: string; balance: string }[]> {
    return this.q(
      `SELECT c.receivable_account AS account_code, c.counterparty, sum(s.amount - s.received)::text AS balance
         FROM rent_schedule s JOIN contracts c ON c.org_id = s.org_id AND c.id = s.contract_id
        WHERE s.org_id = $1 AND c.ledger_id = $2 AND s.accrual_run_id IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2`,
      [orgId, ledgerId],
    );
  }

  // Published reads (supervision's warnings and 财务公开 pack read the register only through these).

  /**
   * Every signed contract with what the warning rules look at, as of a day: its signed successor, the
   * trade's 底价, the previous contract's last monthly rent, its objects, its accrued bills past due
   * and not fully received.
   */
  async supervisionFacts(orgId: string, asOf: string): Promise<ContractFactRow[]> {
    return this.q<ContractFactRow>(
      `SELECT c.id, c.ledger_id, c.number, c.title, c.status, to_char(c.start_date, 'YYYY-MM-DD') AS start_date, to_char(c.end_date, 'YYYY-MM-DD') AS end_date,
              to_char(c.signed_on, 'YYYY-MM-DD') AS signed_on, to_char(c.terminated_on, 'YYYY-MM-DD') AS terminated_on, c.monthly_rent::text, c.trade_id, c.renewal_of,
              (SELECT r.id FROM contracts r WHERE r.org_id = c.org_id AND r.renewal_of = c.id AND r.status <> 'draft') AS successor_id,
              t.number AS trade_number, t.reserve_price::text AS reserve_price,
              (SELECT s.monthly_amount::text FROM rent_schedule s WHERE s.org_id = c.org_id AND s.contract_id = c.renewal_of ORDER BY s.seq DESC LIMIT 1) AS previous_rent,
              (SELECT coalesce(jsonb_agg(jsonb_build_object('asset_id', o.asset_id, 'resource_id', o.resource_id, 'description', o.description) ORDER BY o.seq), '[]')
                 FROM contract_objects o WHERE o.org_id = c.org_id AND o.contract_id = c.id) AS objects,
              (SELECT coalesce(jsonb_agg(jsonb_build_object('seq', s.seq, 'due_date', to_char(s.due_date, 'YYYY-MM-DD'), 'accrual_period', s.accrual_period,
                        'amount', s.amount::text, 'outstanding', (s.amount - s.received)::text) ORDER BY s.seq), '[]')
                 FROM rent_schedule s WHERE s.org_id = c.org_id AND s.contract_id = c.id AND s.accrual_run_id IS NOT NULL AND s.received < s.amount AND s.due_date < $2::date) AS overdue_bills
         FROM contracts c LEFT JOIN trades t ON t.org_id = c.org_id AND t.id = c.trade_id
        WHERE c.org_id = $1 AND c.status <> 'draft' ORDER BY c.number`,
      [orgId, asOf],
    );
  }

  /**
   * 合同台账 of a ledger as of a day (the 财务公开 pack): per signed contract begun by then, rent accrued
   * by that month, received by that day (receipts dated on or before it), outstanding and overdue, and
   * the month's own accrual and receipts.
   */
  async registerAsOf(orgId: string, ledgerId: string, asOf: string): Promise<ContractAsOfRow[]> {
    return this.q<ContractAsOfRow>(
      `WITH b AS (
         SELECT s.contract_id, s.amount, s.due_date, s.accrual_period,
                coalesce((SELECT sum(a.amount) FROM rent_receipt_applications a JOIN rent_receipts r ON r.org_id = a.org_id AND r.id = a.receipt_id
                           WHERE a.org_id = s.org_id AND a.contract_id = s.contract_id AND a.seq = s.seq AND r.received_on <= $3::date), 0) AS received,
                coalesce((SELECT sum(a.amount) FROM rent_receipt_applications a JOIN rent_receipts r ON r.org_id = a.org_id AND r.id = a.receipt_id
                           WHERE a.org_id = s.org_id AND a.contract_id = s.contract_id AND a.seq = s.seq AND r.received_on <= $3::date
                             AND to_char(r.received_on, 'YYYY-MM') = to_char($3::date, 'YYYY-MM')), 0) AS received_month
           FROM rent_schedule s
          WHERE s.org_id = $1 AND s.accrual_run_id IS NOT NULL AND s.accrual_period <= to_char($3::date, 'YYYY-MM'))
       SELECT c.id, c.number, c.title, c.counterparty, c.receivable_account, to_char(c.start_date, 'YYYY-MM-DD') AS start_date, to_char(c.end_date, 'YYYY-MM-DD') AS end_date,
              c.status, to_char(c.terminated_on, 'YYYY-MM-DD') AS terminated_on, c.monthly_rent::text,
              (SELECT coalesce(jsonb_agg(jsonb_build_object('kind', p.kind, 'name', p.name, 'id_code', p.id_code, 'phone', p.phone) ORDER BY p.seq), '[]')
                 FROM contract_parties p WHERE p.org_id = c.org_id AND p.contract_id = c.id) AS parties,
              (SELECT coalesce(string_agg(o.description, '、' ORDER BY o.seq), '') FROM contract_objects o WHERE o.org_id = c.org_id AND o.contract_id = c.id) AS objects,
              coalesce(sum(b.amount), 0)::text AS due, coalesce(sum(b.received), 0)::text AS received,
              coalesce(sum(b.amount) FILTER (WHERE b.accrual_period = to_char($3::date, 'YYYY-MM')), 0)::text AS due_month,
              coalesce(sum(b.received_month), 0)::text AS received_month,
              coalesce(sum(b.amount - b.received) FILTER (WHERE b.due_date < $3::date), 0)::text AS overdue
         FROM contracts c LEFT JOIN b ON b.contract_id = c.id
        WHERE c.org_id = $1 AND c.ledger_id = $2 AND c.status <> 'draft' AND c.start_date <= $3::date
        GROUP BY c.org_id, c.id ORDER BY c.number`,
      [orgId, ledgerId, asOf],
    );
  }

  /** Trades closed (成交 or 流标) between two days, by closing day and number. */
  async tradesClosed(orgId: string, from: string, to: string): Promise<TradeRow[]> {
    return this.q<TradeRow>(`SELECT ${TRADE_COLUMNS} FROM trades t WHERE t.org_id = $1 AND t.closed_on BETWEEN $2::date AND $3::date ORDER BY t.closed_on, t.number`, [orgId, from, to]);
  }

  // Trades.

  async insertTrade(orgId: string, id: string, t: { number: string; title: string; method: string; assetId: string | null; resourceId: string | null; description: string; area: string | null; reservePrice: string; increment: string }): Promise<void> {
    await this.q(
      `INSERT INTO trades (org_id, id, number, title, method, asset_id, resource_id, object_description, area, reserve_price, increment) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`,
      [orgId, id, t.number, t.title, t.method, t.assetId, t.resourceId, t.description, t.area, t.reservePrice, t.increment],
    );
  }

  async trade(orgId: string, id: string, lock = false): Promise<TradeRow | null> {
    if (lock) await this.q(`SELECT 1 FROM trades WHERE org_id = $1 AND id = $2 FOR UPDATE`, [orgId, id]);
    const [row] = await this.q<TradeRow>(`SELECT ${TRADE_COLUMNS} FROM trades t WHERE t.org_id = $1 AND t.id = $2`, [orgId, id]);
    return row ?? null;
  }

  async trades(orgId: string, page: KeysetPage<[string]>): Promise<TradeRow[]> {
    const params: unknown[] = [orgId];
    let after = '';
    if (page.after) {
      params.push(page.after[0]);
      after = ` AND t.number > $2`;
    }
    return this.q<TradeRow>(`SELECT ${TRADE_COLUMNS} FROM trades t WHERE t.org_id = $1${after} ORDER BY t.number LIMIT ${page.take}`, params);
  }

  async insertBidder(orgId: string, tradeId: string, id: string, b: PartyInput): Promise<void> {
    await this.q(`INSERT INTO trade_bidders (org_id, trade_id, id, kind, name, id_code, phone) VALUES ($1,$2,$3,$4,$5,$6,$7)`, [orgId, tradeId, id, b.kind, b.name, b.idCode, b.phone ?? null]);
  }

  async bidder(orgId: string, tradeId: string, id: string): Promise<PartyInput | null> {
    const [row] = await this.q<PartyInput>(`SELECT kind, name, id_code AS "idCode", phone FROM trade_bidders WHERE org_id = $1 AND trade_id = $2 AND id = $3`, [orgId, tradeId, id]);
    return row ?? null;
  }

  async insertBid(orgId: string, tradeId: string, bidderId: string, amount: string): Promise<void> {
    await this.q(
      `INSERT INTO trade_bids (org_id, trade_id, seq, bidder_id, amount)
       VALUES ($1, $2, (SELECT coalesce(max(seq), 0) + 1 FROM trade_bids WHERE org_id = $1 AND trade_id = $2), $3, $4)`,
      [orgId, tradeId, bidderId, amount],
    );
  }

  async closeTrade(orgId: string, id: string, r: { status: 'completed' | 'failed'; date: string; reason?: string; winner?: string; amount?: string; contractId?: string }): Promise<void> {
    await this.q(
      `UPDATE trades SET status = $3, closed_on = $4, failure_reason = $5, winner_bidder_id = $6, winning_amount = $7, contract_id = $8 WHERE org_id = $1 AND id = $2`,
      [orgId, id, r.status, r.date, r.reason ?? null, r.winner ?? null, r.amount ?? null, r.contractId ?? null],
    );
  }
}
