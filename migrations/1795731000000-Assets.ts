import { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSql } from './schema-sql.js';

/**
 * Issue 16 (SPEC §8): fixed-asset cards, their state history, monthly depreciation runs (one per
 * organization, ledger and month: unique key) and their per-card lines, the resources register; the
 * card as a journal-line dimension (`asset_id`, FK with org_id) and the accounts' `needs_asset` flag
 * (151/152/154). The guards on cards and lines are frozen in migrations/sql/1795731000000-Assets.sql.
 */
export class Assets1795731000000 implements MigrationInterface {
  name = 'Assets1795731000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "fixed_assets" (
      "org_id" uuid NOT NULL, "id" uuid NOT NULL, "ledger_id" uuid NOT NULL,
      "card_no" character varying(40) NOT NULL, "name" character varying(100) NOT NULL, "category" character varying(40) NOT NULL,
      "spec" character varying(100), "location" character varying(200), "custodian" character varying(50),
      "purpose" character varying(20) NOT NULL, "acquisition_type" character varying(20) NOT NULL, "source_voucher_id" uuid,
      "cost" numeric(20,2) NOT NULL, "salvage_rate" numeric(7,4) NOT NULL, "salvage" numeric(20,2) NOT NULL,
      "in_service_date" date NOT NULL, "method" character varying(20) NOT NULL, "useful_life_months" integer NOT NULL,
      "total_units" numeric(20,4), "opening_accumulated" numeric(20,2) NOT NULL DEFAULT 0, "opening_through" character(7),
      "accumulated" numeric(20,2) NOT NULL DEFAULT 0, "units_used" numeric(20,4) NOT NULL DEFAULT 0,
      "state" character varying(20) NOT NULL DEFAULT 'in_use', "disposed_on" date, "disposal_voucher_id" uuid,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "pk_fixed_assets" PRIMARY KEY ("org_id", "id"),
      CONSTRAINT "uq_fixed_assets_card_no" UNIQUE ("org_id", "card_no"),
      CONSTRAINT "fk_fixed_assets_ledger" FOREIGN KEY ("org_id", "ledger_id") REFERENCES "ledgers"("org_id", "id") ON DELETE RESTRICT,
      CONSTRAINT "fk_fixed_assets_source_voucher" FOREIGN KEY ("org_id", "source_voucher_id") REFERENCES "vouchers"("org_id", "id") ON DELETE RESTRICT,
      CONSTRAINT "fk_fixed_assets_disposal_voucher" FOREIGN KEY ("org_id", "disposal_voucher_id") REFERENCES "vouchers"("org_id", "id") ON DELETE RESTRICT,
      CONSTRAINT "ck_fixed_assets_purpose" CHECK (purpose IN ('production','operating','leased','management','public_welfare')),
      CONSTRAINT "ck_fixed_assets_acquisition" CHECK (acquisition_type IN ('purchase','self_built','donated','transfer_in','opening')),
      CONSTRAINT "ck_fixed_assets_method" CHECK (method IN ('straight_line','units')),
      CONSTRAINT "ck_fixed_assets_units" CHECK ((method = 'units') = (total_units IS NOT NULL) AND (total_units IS NULL OR total_units > 0)),
      CONSTRAINT "ck_fixed_assets_state" CHECK (state IN ('in_use','idle','leased_out','under_repair','disposed')),
      CONSTRAINT "ck_fixed_assets_disposed" CHECK ((state = 'disposed') = (disposed_on IS NOT NULL)),
      CONSTRAINT "ck_fixed_assets_amounts" CHECK (cost > 0 AND salvage >= 0 AND salvage <= cost AND salvage_rate >= 0 AND salvage_rate < 1 AND useful_life_months > 0),
      CONSTRAINT "ck_fixed_assets_accumulated" CHECK (opening_accumulated >= 0 AND accumulated >= opening_accumulated AND accumulated <= cost - salvage),
      CONSTRAINT "ck_fixed_assets_opening" CHECK ((opening_accumulated = 0) OR opening_through IS NOT NULL)
    )`);
    await queryRunner.query(`CREATE TABLE "fixed_asset_states" (
      "org_id" uuid NOT NULL, "asset_id" uuid NOT NULL, "seq" integer NOT NULL, "state" character varying(20) NOT NULL,
      "since" date NOT NULL, "note" character varying(200), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "pk_fixed_asset_states" PRIMARY KEY ("org_id", "asset_id", "seq"),
      CONSTRAINT "fk_fixed_asset_states_asset" FOREIGN KEY ("org_id", "asset_id") REFERENCES "fixed_assets"("org_id", "id") ON DELETE CASCADE
    )`);
    await queryRunner.query(`CREATE TABLE "depreciation_runs" (
      "org_id" uuid NOT NULL, "id" uuid NOT NULL, "ledger_id" uuid NOT NULL, "period" character(7) NOT NULL,
      "voucher_id" uuid, "total" numeric(20,2) NOT NULL, "cards" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "pk_depreciation_runs" PRIMARY KEY ("org_id", "id"),
      CONSTRAINT "uq_depreciation_runs_month" UNIQUE ("org_id", "ledger_id", "period"),
      CONSTRAINT "fk_depreciation_runs_ledger" FOREIGN KEY ("org_id", "ledger_id") REFERENCES "ledgers"("org_id", "id") ON DELETE RESTRICT,
      CONSTRAINT "fk_depreciation_runs_voucher" FOREIGN KEY ("org_id", "voucher_id") REFERENCES "vouchers"("org_id", "id") ON DELETE RESTRICT,
      CONSTRAINT "ck_depreciation_runs_period" CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      CONSTRAINT "ck_depreciation_runs_voucher" CHECK ((total = 0) = (voucher_id IS NULL))
    )`);
    await queryRunner.query(`CREATE TABLE "depreciation_lines" (
      "org_id" uuid NOT NULL, "asset_id" uuid NOT NULL, "period" character(7) NOT NULL, "run_id" uuid, "voucher_id" uuid NOT NULL,
      "amount" numeric(20,2) NOT NULL, "units" numeric(20,4), "accumulated_after" numeric(20,2) NOT NULL,
      CONSTRAINT "pk_depreciation_lines" PRIMARY KEY ("org_id", "asset_id", "period"),
      CONSTRAINT "fk_depreciation_lines_asset" FOREIGN KEY ("org_id", "asset_id") REFERENCES "fixed_assets"("org_id", "id") ON DELETE RESTRICT,
      CONSTRAINT "fk_depreciation_lines_run" FOREIGN KEY ("org_id", "run_id") REFERENCES "depreciation_runs"("org_id", "id") ON DELETE RESTRICT,
      CONSTRAINT "fk_depreciation_lines_voucher" FOREIGN KEY ("org_id", "voucher_id") REFERENCES "vouchers"("org_id", "id") ON DELETE RESTRICT,
      CONSTRAINT "ck_depreciation_lines_amount" CHECK (amount > 0 AND accumulated_after >= amount)
    )`);
    await queryRunner.query(`CREATE INDEX "ix_depreciation_lines_run" ON "depreciation_lines" ("org_id", "run_id")`);
    await queryRunner.query(`CREATE TABLE "resources" (
      "org_id" uuid NOT NULL, "id" uuid NOT NULL, "number" character varying(40) NOT NULL, "type" character varying(20) NOT NULL,
      "name" character varying(100) NOT NULL, "location" character varying(200), "boundaries" character varying(400),
      "area_mu" numeric(14,4) NOT NULL, "area_m2" numeric(16,2) NOT NULL, "certificate_no" character varying(60),
      "current_use" character varying(20) NOT NULL, "note" character varying(400), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "pk_resources" PRIMARY KEY ("org_id", "id"),
      CONSTRAINT "uq_resources_number" UNIQUE ("org_id", "number"),
      CONSTRAINT "fk_resources_org" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE RESTRICT,
      CONSTRAINT "ck_resources_type" CHECK (type IN ('耕地','林地','园地','草地','水面','滩涂','四荒地','集体建设用地','经济发展用地','其他')),
      CONSTRAINT "ck_resources_use" CHECK (current_use IN ('self_run','contracted_out','leased','idle','requisitioned')),
      CONSTRAINT "ck_resources_area" CHECK (area_mu > 0 AND area_m2 > 0)
    )`);
    await queryRunner.query(`ALTER TABLE "journal_lines" ADD "asset_id" uuid`);
    await queryRunner.query(
      `ALTER TABLE "journal_lines" ADD CONSTRAINT "fk_journal_lines_asset" FOREIGN KEY ("org_id", "asset_id") REFERENCES "fixed_assets"("org_id","id") ON DELETE RESTRICT`,
    );
    await queryRunner.query(`CREATE INDEX "ix_journal_lines_asset" ON "journal_lines" ("org_id", "asset_id") WHERE asset_id IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE "accounts" ADD "needs_asset" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`UPDATE "accounts" SET needs_asset = true WHERE code ~ '^15[124]'`);
    await queryRunner.query(`ALTER TABLE "vouchers" DROP CONSTRAINT "ck_vouchers_source"`);
    await queryRunner.query(
      `ALTER TABLE "vouchers" ADD CONSTRAINT "ck_vouchers_source" CHECK (source IN ('manual','reversal','closing','distribution','payment','share_event','import','asset'))`,
    );
    for (const s of migrationSql('1795731000000-Assets')) await queryRunner.query(s);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "vouchers" DROP CONSTRAINT "ck_vouchers_source"`);
    await queryRunner.query(`ALTER TABLE "vouchers" ADD CONSTRAINT "ck_vouchers_source" CHECK (source IN ('manual','reversal','closing','distribution','payment','share_event','import'))`);
    await queryRunner.query(`ALTER TABLE "accounts" DROP COLUMN "needs_asset"`);
    await queryRunner.query(`ALTER TABLE "journal_lines" DROP CONSTRAINT "fk_journal_lines_asset"`);
    await queryRunner.query(`ALTER TABLE "journal_lines" DROP COLUMN "asset_id"`);
    await queryRunner.query(`DROP TABLE "resources"`);
    await queryRunner.query(`DROP TABLE "depreciation_lines"`);
    await queryRunner.query(`DROP TABLE "depreciation_runs"`);
    await queryRunner.query(`DROP TABLE "fixed_asset_states"`);
    await queryRunner.query(`DROP TABLE "fixed_assets"`);
    await queryRunner.query(`DROP FUNCTION fixed_assets_guard()`);
    await queryRunner.query(`DROP FUNCTION depreciation_lines_guard()`);
  }
}
