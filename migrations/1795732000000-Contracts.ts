import { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSql } from './schema-sql.js';

/**
 * Issue 16 (SPEC §8): contracts (合同) with their parties, objects and rent schedule, the monthly
 * accrual runs (one per organization, ledger and month), receipts applied to bills, deposits, and
 * collective-asset trading (交易) with bidders and bids. A contract's or a trade's object is an
 * asset card or a resource of the same organization (foreign keys to the assets context's
 * fixed_assets and resources, created by the migration before this one).
 * Vouchers of source 'rent' are the accruals, receipts and deposits.
 */
export class Contracts1795732000000 implements MigrationInterface {
  name = 'Contracts1795732000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "vouchers" DROP CONSTRAINT "ck_vouchers_source"`);
    await queryRunner.query(`ALTER TABLE "vouchers" ADD CONSTRAINT "ck_vouchers_source" CHECK (source IN ('manual','reversal','closing','distribution','payment','share_event','import','asset','rent'))`);
    await queryRunner.query(`CREATE TABLE "contracts" (
      "org_id" uuid NOT NULL, "id" uuid NOT NULL, "ledger_id" uuid NOT NULL, "number" varchar(40) NOT NULL, "title" varchar(200) NOT NULL,
      "status" varchar(12) NOT NULL DEFAULT 'draft', "start_date" date NOT NULL, "end_date" date NOT NULL,
      "billing_cycle" varchar(10) NOT NULL, "monthly_rent" numeric(20,2) NOT NULL, "escalation_percent" numeric(7,4) NOT NULL DEFAULT 0,
      "escalation_every_years" integer NOT NULL DEFAULT 1, "deposit" numeric(20,2) NOT NULL DEFAULT 0, "receivable_account" varchar(10) NOT NULL,
      "counterparty" varchar(100) NOT NULL, "renewal_of" uuid, "trade_id" uuid, "signed_on" date, "terminated_on" date, "termination_reason" varchar(500),
      "created_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "pk_contracts" PRIMARY KEY ("org_id", "id"),
      CONSTRAINT "uq_contracts_number" UNIQUE ("org_id", "number"),
      CONSTRAINT "uq_contracts_renewal" UNIQUE ("org_id", "renewal_of"),
      CONSTRAINT "uq_contracts_trade" UNIQUE ("org_id", "trade_id"),
      CONSTRAINT "fk_contracts_org" FOREIGN KEY ("org_id") REFERENCES "organizations"("id"),
      CONSTRAINT "fk_contracts_ledger" FOREIGN KEY ("org_id", "ledger_id") REFERENCES "ledgers"("org_id", "id"),
      CONSTRAINT "fk_contracts_renewal" FOREIGN KEY ("org_id", "renewal_of") REFERENCES "contracts"("org_id", "id"),
      CONSTRAINT "ck_contracts_status" CHECK (status IN ('draft','active','expired','terminated')),
      CONSTRAINT "ck_contracts_cycle" CHECK (billing_cycle IN ('monthly','quarterly','yearly')),
      CONSTRAINT "ck_contracts_term" CHECK (end_date > start_date AND extract(day FROM start_date) = 1 AND end_date = (date_trunc('month', end_date) + interval '1 month - 1 day')::date),
      CONSTRAINT "ck_contracts_amounts" CHECK (monthly_rent > 0 AND deposit >= 0 AND escalation_percent >= 0 AND escalation_percent <= 100 AND escalation_every_years >= 1),
      CONSTRAINT "ck_contracts_account" CHECK (receivable_account IN ('112','113')),
      CONSTRAINT "ck_contracts_signed" CHECK ((status = 'draft') = (signed_on IS NULL)),
      CONSTRAINT "ck_contracts_terminated" CHECK ((status = 'terminated') = (terminated_on IS NOT NULL AND termination_reason IS NOT NULL)))`);
    await queryRunner.query(`CREATE TABLE "contract_parties" (
      "org_id" uuid NOT NULL, "contract_id" uuid NOT NULL, "seq" integer NOT NULL, "kind" varchar(10) NOT NULL, "name" varchar(100) NOT NULL,
      "id_code" varchar(18) NOT NULL, "phone" varchar(30),
      CONSTRAINT "pk_contract_parties" PRIMARY KEY ("org_id", "contract_id", "seq"),
      CONSTRAINT "fk_contract_parties_contract" FOREIGN KEY ("org_id", "contract_id") REFERENCES "contracts"("org_id", "id") ON DELETE CASCADE,
      CONSTRAINT "ck_contract_parties_kind" CHECK (kind IN ('person','company')),
      CONSTRAINT "ck_contract_parties_code" CHECK (id_code ~ '^[0-9A-Z]{18}$'))`);
    await queryRunner.query(`CREATE TABLE "contract_objects" (
      "org_id" uuid NOT NULL, "contract_id" uuid NOT NULL, "seq" integer NOT NULL, "asset_id" uuid, "resource_id" uuid,
      "description" varchar(200) NOT NULL, "area" numeric(14,2),
      CONSTRAINT "pk_contract_objects" PRIMARY KEY ("org_id", "contract_id", "seq"),
      CONSTRAINT "fk_contract_objects_contract" FOREIGN KEY ("org_id", "contract_id") REFERENCES "contracts"("org_id", "id") ON DELETE CASCADE,
      CONSTRAINT "ck_contract_objects_ref" CHECK (asset_id IS NULL OR resource_id IS NULL),
      CONSTRAINT "ck_contract_objects_area" CHECK (area IS NULL OR area > 0))`);
    await queryRunner.query(`CREATE TABLE "rent_accrual_runs" (
      "org_id" uuid NOT NULL, "id" uuid NOT NULL, "ledger_id" uuid NOT NULL, "period" character(7) NOT NULL, "voucher_id" uuid,
      "total" numeric(20,2) NOT NULL, "bill_count" integer NOT NULL, "created_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "pk_rent_accrual_runs" PRIMARY KEY ("org_id", "id"),
      CONSTRAINT "uq_rent_accrual_runs_month" UNIQUE ("org_id", "ledger_id", "period"),
      CONSTRAINT "fk_rent_accrual_runs_ledger" FOREIGN KEY ("org_id", "ledger_id") REFERENCES "ledgers"("org_id", "id"),
      CONSTRAINT "fk_rent_accrual_runs_voucher" FOREIGN KEY ("org_id", "voucher_id") REFERENCES "vouchers"("org_id", "id"),
      CONSTRAINT "ck_rent_accrual_runs_voucher" CHECK ((total > 0) = (voucher_id IS NOT NULL) AND total >= 0))`);
    await queryRunner.query(`CREATE TABLE "rent_schedule" (
      "org_id" uuid NOT NULL, "contract_id" uuid NOT NULL, "seq" integer NOT NULL, "period_start" date NOT NULL, "period_end" date NOT NULL,
      "due_date" date NOT NULL, "accrual_period" character(7) NOT NULL, "contract_year" integer NOT NULL, "months" integer NOT NULL,
      "monthly_amount" numeric(20,2) NOT NULL, "amount" numeric(20,2) NOT NULL, "received" numeric(20,2) NOT NULL DEFAULT 0, "accrual_run_id" uuid,
      CONSTRAINT "pk_rent_schedule" PRIMARY KEY ("org_id", "contract_id", "seq"),
      CONSTRAINT "fk_rent_schedule_contract" FOREIGN KEY ("org_id", "contract_id") REFERENCES "contracts"("org_id", "id") ON DELETE CASCADE,
      CONSTRAINT "fk_rent_schedule_run" FOREIGN KEY ("org_id", "accrual_run_id") REFERENCES "rent_accrual_runs"("org_id", "id"),
      CONSTRAINT "ck_rent_schedule_dates" CHECK (period_end >= period_start AND accrual_period = to_char(due_date, 'YYYY-MM')),
      CONSTRAINT "ck_rent_schedule_amount" CHECK (amount > 0 AND amount = monthly_amount * months AND months BETWEEN 1 AND 12),
      CONSTRAINT "ck_rent_schedule_received" CHECK (received >= 0 AND received <= amount AND (received = 0 OR accrual_run_id IS NOT NULL)))`);
    await queryRunner.query(`CREATE INDEX "ix_rent_schedule_period" ON "rent_schedule" ("org_id", "accrual_period") WHERE accrual_run_id IS NULL`);
    await queryRunner.query(`CREATE TABLE "rent_receipts" (
      "org_id" uuid NOT NULL, "id" uuid NOT NULL, "contract_id" uuid NOT NULL, "received_on" date NOT NULL, "amount" numeric(20,2) NOT NULL,
      "bank_account" varchar(20) NOT NULL, "voucher_id" uuid NOT NULL, "created_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "pk_rent_receipts" PRIMARY KEY ("org_id", "id"),
      CONSTRAINT "fk_rent_receipts_contract" FOREIGN KEY ("org_id", "contract_id") REFERENCES "contracts"("org_id", "id"),
      CONSTRAINT "fk_rent_receipts_voucher" FOREIGN KEY ("org_id", "voucher_id") REFERENCES "vouchers"("org_id", "id"),
      CONSTRAINT "ck_rent_receipts_amount" CHECK (amount > 0))`);
    await queryRunner.query(`CREATE TABLE "rent_receipt_applications" (
      "org_id" uuid NOT NULL, "receipt_id" uuid NOT NULL, "contract_id" uuid NOT NULL, "seq" integer NOT NULL, "amount" numeric(20,2) NOT NULL,
      CONSTRAINT "pk_rent_receipt_applications" PRIMARY KEY ("org_id", "receipt_id", "seq"),
      CONSTRAINT "fk_rent_receipt_applications_receipt" FOREIGN KEY ("org_id", "receipt_id") REFERENCES "rent_receipts"("org_id", "id"),
      CONSTRAINT "fk_rent_receipt_applications_bill" FOREIGN KEY ("org_id", "contract_id", "seq") REFERENCES "rent_schedule"("org_id", "contract_id", "seq"),
      CONSTRAINT "ck_rent_receipt_applications_amount" CHECK (amount > 0))`);
    await queryRunner.query(`CREATE TABLE "contract_deposits" (
      "org_id" uuid NOT NULL, "id" uuid NOT NULL, "contract_id" uuid NOT NULL, "kind" varchar(10) NOT NULL, "on_date" date NOT NULL,
      "amount" numeric(20,2) NOT NULL, "voucher_id" uuid NOT NULL,
      CONSTRAINT "pk_contract_deposits" PRIMARY KEY ("org_id", "id"),
      CONSTRAINT "uq_contract_deposits_kind" UNIQUE ("org_id", "contract_id", "kind"),
      CONSTRAINT "fk_contract_deposits_contract" FOREIGN KEY ("org_id", "contract_id") REFERENCES "contracts"("org_id", "id"),
      CONSTRAINT "fk_contract_deposits_voucher" FOREIGN KEY ("org_id", "voucher_id") REFERENCES "vouchers"("org_id", "id"),
      CONSTRAINT "ck_contract_deposits_kind" CHECK (kind IN ('received','refunded')),
      CONSTRAINT "ck_contract_deposits_amount" CHECK (amount > 0))`);
    await queryRunner.query(`CREATE TABLE "trades" (
      "org_id" uuid NOT NULL, "id" uuid NOT NULL, "number" varchar(40) NOT NULL, "title" varchar(200) NOT NULL, "method" varchar(20) NOT NULL,
      "asset_id" uuid, "resource_id" uuid, "object_description" varchar(200) NOT NULL, "area" numeric(14,2),
      "reserve_price" numeric(20,2) NOT NULL, "increment" numeric(20,2) NOT NULL, "status" varchar(12) NOT NULL DEFAULT 'open',
      "failure_reason" varchar(500), "winner_bidder_id" uuid, "winning_amount" numeric(20,2), "contract_id" uuid, "closed_on" date,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "pk_trades" PRIMARY KEY ("org_id", "id"),
      CONSTRAINT "uq_trades_number" UNIQUE ("org_id", "number"),
      CONSTRAINT "fk_trades_org" FOREIGN KEY ("org_id") REFERENCES "organizations"("id"),
      CONSTRAINT "fk_trades_contract" FOREIGN KEY ("org_id", "contract_id") REFERENCES "contracts"("org_id", "id") DEFERRABLE INITIALLY DEFERRED,
      CONSTRAINT "ck_trades_method" CHECK (method IN ('public_bidding','negotiation')),
      CONSTRAINT "ck_trades_prices" CHECK (reserve_price > 0 AND increment > 0),
      CONSTRAINT "ck_trades_status" CHECK (status IN ('open','completed','failed')),
      CONSTRAINT "ck_trades_result" CHECK (CASE status WHEN 'open' THEN failure_reason IS NULL AND winner_bidder_id IS NULL AND contract_id IS NULL AND closed_on IS NULL
          WHEN 'failed' THEN failure_reason IS NOT NULL AND winner_bidder_id IS NULL AND closed_on IS NOT NULL
          ELSE failure_reason IS NULL AND winner_bidder_id IS NOT NULL AND winning_amount >= reserve_price AND contract_id IS NOT NULL AND closed_on IS NOT NULL END))`);
    await queryRunner.query(`CREATE TABLE "trade_bidders" (
      "org_id" uuid NOT NULL, "trade_id" uuid NOT NULL, "id" uuid NOT NULL, "kind" varchar(10) NOT NULL, "name" varchar(100) NOT NULL,
      "id_code" varchar(18) NOT NULL, "phone" varchar(30),
      CONSTRAINT "pk_trade_bidders" PRIMARY KEY ("org_id", "id"),
      CONSTRAINT "uq_trade_bidders_code" UNIQUE ("org_id", "trade_id", "id_code"),
      CONSTRAINT "uq_trade_bidders_trade" UNIQUE ("org_id", "trade_id", "id"),
      CONSTRAINT "fk_trade_bidders_trade" FOREIGN KEY ("org_id", "trade_id") REFERENCES "trades"("org_id", "id"),
      CONSTRAINT "ck_trade_bidders_kind" CHECK (kind IN ('person','company')))`);
    await queryRunner.query(`CREATE TABLE "trade_bids" (
      "org_id" uuid NOT NULL, "trade_id" uuid NOT NULL, "seq" integer NOT NULL, "bidder_id" uuid NOT NULL, "amount" numeric(20,2) NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "pk_trade_bids" PRIMARY KEY ("org_id", "trade_id", "seq"),
      CONSTRAINT "fk_trade_bids_bidder" FOREIGN KEY ("org_id", "trade_id", "bidder_id") REFERENCES "trade_bidders"("org_id", "trade_id", "id"))`);
    await queryRunner.query(`ALTER TABLE "trades" ADD CONSTRAINT "fk_trades_winner" FOREIGN KEY ("org_id", "id", "winner_bidder_id") REFERENCES "trade_bidders"("org_id", "trade_id", "id")`);
    for (const t of ['contract_objects', 'trades']) {
      await queryRunner.query(`ALTER TABLE "${t}" ADD CONSTRAINT "fk_${t}_asset" FOREIGN KEY ("org_id", "asset_id") REFERENCES "fixed_assets"("org_id", "id")`);
      await queryRunner.query(`ALTER TABLE "${t}" ADD CONSTRAINT "fk_${t}_resource" FOREIGN KEY ("org_id", "resource_id") REFERENCES "resources"("org_id", "id")`);
    }
    for (const s of migrationSql('1795732000000-Contracts')) await queryRunner.query(s);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "trades" DROP CONSTRAINT "fk_trades_winner"`);
    for (const t of ['trade_bids', 'trade_bidders', 'trades', 'contract_deposits', 'rent_receipt_applications', 'rent_receipts', 'rent_schedule', 'rent_accrual_runs', 'contract_objects', 'contract_parties', 'contracts']) {
      await queryRunner.query(`DROP TABLE "${t}"`);
    }
    for (const f of ['contracts_schedule_guard', 'contracts_receipt_balanced', 'contracts_trade_bid_guard', 'contracts_trade_closed']) await queryRunner.query(`DROP FUNCTION ${f}()`);
    await queryRunner.query(`DELETE FROM "vouchers" WHERE source = 'rent'`);
    await queryRunner.query(`ALTER TABLE "vouchers" DROP CONSTRAINT "ck_vouchers_source"`);
    await queryRunner.query(`ALTER TABLE "vouchers" ADD CONSTRAINT "ck_vouchers_source" CHECK (source IN ('manual','reversal','closing','distribution','payment','share_event','import','asset'))`);
  }
}
