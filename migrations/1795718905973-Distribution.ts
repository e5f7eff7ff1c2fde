import { MigrationInterface, QueryRunner } from "typeorm";

/** Distribution plans, allocations and payment batches. Generated from the entities, plus DISTRIBUTION_TRIGGERS. */

export class Distribution1795718905973 implements MigrationInterface {
    name = 'Distribution1795718905973'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "distribution_plans" ("org_id" uuid NOT NULL, "id" uuid NOT NULL, "ledger_id" uuid NOT NULL, "fiscal_year" integer NOT NULL, "record_date" date NOT NULL, "reserve_percent" numeric(5,2) NOT NULL, "total_amount" numeric(20,2), "amount_per_unit" numeric(20,4), "class_weights" jsonb NOT NULL, "prorate_by_days" boolean NOT NULL DEFAULT false, "tax_rate" numeric(6,4) NOT NULL DEFAULT '0', "payable_account" character varying(20) NOT NULL, "status" character varying(12) NOT NULL, "profit" numeric(20,2) NOT NULL, "opening_undistributed" numeric(20,2) NOT NULL, "reserve_amount" numeric(20,2) NOT NULL, "override_reason" character varying(500), "warnings" jsonb NOT NULL DEFAULT '[]', "units_total" numeric(30,8), "gross_total" numeric(20,2), "tax_total" numeric(20,2), "collective_gross" numeric(20,2), "allocation_count" integer, "created_by" uuid, "approved_by" uuid, "voucher_ids" jsonb NOT NULL DEFAULT '[]', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "calculated_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_distribution_plans_tax" CHECK (tax_rate >= 0 AND tax_rate < 1), CONSTRAINT "ck_distribution_plans_reserve" CHECK (reserve_percent >= 0 AND reserve_percent <= 100), CONSTRAINT "ck_distribution_plans_amount" CHECK ((total_amount IS NULL) <> (amount_per_unit IS NULL)), CONSTRAINT "ck_distribution_plans_status" CHECK (status IN ('draft','calculated','approved','posted','partly_paid','paid')), CONSTRAINT "PK_dbe85c64858682e5bc6aeee397f" PRIMARY KEY ("org_id", "id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_distribution_plans_year" ON "distribution_plans"  ("org_id", "ledger_id", "fiscal_year") `);
        await queryRunner.query(`CREATE TABLE "distribution_allocations" ("org_id" uuid NOT NULL, "plan_id" uuid NOT NULL, "shareholder_id" uuid NOT NULL, "shareholder_number" character varying(30) NOT NULL, "collective" boolean NOT NULL, "units" numeric(30,8) NOT NULL, "frozen_units" numeric(30,8) NOT NULL, "gross" numeric(20,2) NOT NULL, "tax" numeric(20,2) NOT NULL, "net" numeric(20,2) NOT NULL, "withheld" numeric(20,2) NOT NULL, "paid" numeric(20,2) NOT NULL DEFAULT '0', "paid_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_distribution_allocations_paid" CHECK (paid >= 0 AND paid <= net), CONSTRAINT "ck_distribution_allocations_amounts" CHECK (gross >= 0 AND tax >= 0 AND net = gross - tax AND withheld >= 0 AND withheld <= net), CONSTRAINT "PK_b4b878176d1f7950a3eef12cf32" PRIMARY KEY ("org_id", "plan_id", "shareholder_id"))`);
        await queryRunner.query(`CREATE TABLE "payment_batches" ("org_id" uuid NOT NULL, "id" uuid NOT NULL, "plan_id" uuid NOT NULL, "status" character varying(10) NOT NULL, "total" numeric(20,2) NOT NULL, "rows" jsonb NOT NULL, "voucher_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "confirmed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_payment_batches_status" CHECK (status IN ('prepared','confirmed')), CONSTRAINT "PK_9d0c7231bb3332724004db4542e" PRIMARY KEY ("org_id", "id"))`);
        await queryRunner.query(`ALTER TABLE "distribution_plans" ADD CONSTRAINT "fk_distribution_plans_ledger" FOREIGN KEY ("org_id", "ledger_id") REFERENCES "ledgers"("org_id","id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "distribution_allocations" ADD CONSTRAINT "fk_distribution_allocations_plan" FOREIGN KEY ("org_id", "plan_id") REFERENCES "distribution_plans"("org_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "payment_batches" ADD CONSTRAINT "fk_payment_batches_plan" FOREIGN KEY ("org_id", "plan_id") REFERENCES "distribution_plans"("org_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        for (const statement of DISTRIBUTION_TRIGGERS) await queryRunner.query(statement);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP FUNCTION IF EXISTS distribution_plans_guard() CASCADE`);
        await queryRunner.query(`DROP FUNCTION IF EXISTS distribution_allocations_guard() CASCADE`);
        await queryRunner.query(`ALTER TABLE "payment_batches" DROP CONSTRAINT "fk_payment_batches_plan"`);
        await queryRunner.query(`ALTER TABLE "distribution_allocations" DROP CONSTRAINT "fk_distribution_allocations_plan"`);
        await queryRunner.query(`ALTER TABLE "distribution_plans" DROP CONSTRAINT "fk_distribution_plans_ledger"`);
        await queryRunner.query(`DROP TABLE "payment_batches"`);
        await queryRunner.query(`DROP TABLE "distribution_allocations"`);
        await queryRunner.query(`DROP INDEX "public"."uq_distribution_plans_year"`);
        await queryRunner.query(`DROP TABLE "distribution_plans"`);
    }

}

/**
 * SPEC §3.6 in the database: a plan becomes `calculated` only if its allocations add up to its
 * totals (and, with a total amount, to that amount exactly); once approved, allocations change only
 * by payment (paid, paid_at) or by release of a withheld amount; nothing is paid twice or over.
 */
const DISTRIBUTION_TRIGGERS = [
    `CREATE FUNCTION distribution_plans_guard() RETURNS trigger LANGUAGE plpgsql AS $$
     DECLARE g numeric; n integer;
     BEGIN
       IF NEW.status = 'calculated' AND OLD.status IS DISTINCT FROM 'calculated' OR (NEW.status = 'calculated' AND NEW.gross_total IS DISTINCT FROM OLD.gross_total) THEN
         SELECT coalesce(sum(gross), 0), count(*) INTO g, n FROM distribution_allocations WHERE org_id = NEW.org_id AND plan_id = NEW.id;
         IF g <> NEW.gross_total OR n <> NEW.allocation_count THEN
           RAISE EXCEPTION 'ALLOCATION_MISMATCH: allocations add up to % over % rows, the plan says % over %', g, n, NEW.gross_total, NEW.allocation_count;
         END IF;
         IF NEW.total_amount IS NOT NULL AND g <> NEW.total_amount THEN
           RAISE EXCEPTION 'ALLOCATION_MISMATCH: allocations add up to %, not the plan total %', g, NEW.total_amount;
         END IF;
       END IF;
       RETURN NEW;
     END $$`,
    `CREATE TRIGGER trg_distribution_plans_guard BEFORE UPDATE ON distribution_plans FOR EACH ROW EXECUTE FUNCTION distribution_plans_guard()`,
    `CREATE FUNCTION distribution_allocations_guard() RETURNS trigger LANGUAGE plpgsql AS $$
     DECLARE st text;
     BEGIN
       SELECT status INTO st FROM distribution_plans WHERE org_id = coalesce(NEW.org_id, OLD.org_id) AND id = coalesce(NEW.plan_id, OLD.plan_id);
       IF st IS NULL OR st IN ('draft', 'calculated') THEN
         RETURN coalesce(NEW, OLD);
       END IF;
       IF TG_OP <> 'UPDATE' THEN
         RAISE EXCEPTION 'PLAN_LOCKED: the allocations of a % plan are fixed', st;
       END IF;
       IF (NEW.units, NEW.frozen_units, NEW.gross, NEW.tax, NEW.net, NEW.shareholder_id) IS DISTINCT FROM (OLD.units, OLD.frozen_units, OLD.gross, OLD.tax, OLD.net, OLD.shareholder_id)
          OR NEW.withheld > OLD.withheld OR NEW.paid < OLD.paid THEN
         RAISE EXCEPTION 'PLAN_LOCKED: an allocation of a % plan changes only by payment or release', st;
       END IF;
       RETURN NEW;
     END $$`,
    `CREATE TRIGGER trg_distribution_allocations_guard BEFORE INSERT OR UPDATE OR DELETE ON distribution_allocations FOR EACH ROW EXECUTE FUNCTION distribution_allocations_guard()`,
];
