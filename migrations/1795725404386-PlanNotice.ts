import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The distribution plan's own 公示 (SPEC §2.5): `public_notice` between `calculated` and `approved`,
 * its end date, the objections raised during it, and the reason when the board skips it. Generated
 * from the entities (the status column is widened in place: TypeORM would drop and re-add it), plus
 * PLAN_NOTICE_TRIGGERS.
 */
export class PlanNotice1795725404386 implements MigrationInterface {
    name = 'PlanNotice1795725404386'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "distribution_plans" ADD "notice_ends_on" date`);
        await queryRunner.query(`ALTER TABLE "distribution_plans" ADD "objections" jsonb NOT NULL DEFAULT '[]'`);
        await queryRunner.query(`ALTER TABLE "distribution_plans" ADD "notice_skip_reason" character varying(500)`);
        await queryRunner.query(`ALTER TABLE "distribution_plans" DROP CONSTRAINT "ck_distribution_plans_status"`);
        await queryRunner.query(`ALTER TABLE "distribution_plans" ALTER COLUMN "status" TYPE character varying(15)`);
        await queryRunner.query(`ALTER TABLE "distribution_plans" ADD CONSTRAINT "ck_distribution_plans_status" CHECK (status IN ('draft','calculated','public_notice','approved','posted','partly_paid','paid'))`);
        for (const statement of PLAN_NOTICE_TRIGGERS) await queryRunner.query(statement);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        for (const statement of PREVIOUS_TRIGGERS) await queryRunner.query(statement);
        await queryRunner.query(`ALTER TABLE "distribution_plans" DROP CONSTRAINT "ck_distribution_plans_status"`);
        await queryRunner.query(`ALTER TABLE "distribution_plans" ALTER COLUMN "status" TYPE character varying(12)`);
        await queryRunner.query(`ALTER TABLE "distribution_plans" ADD CONSTRAINT "ck_distribution_plans_status" CHECK (status IN ('draft','calculated','approved','posted','partly_paid','paid'))`);
        await queryRunner.query(`ALTER TABLE "distribution_plans" DROP COLUMN "notice_skip_reason"`);
        await queryRunner.query(`ALTER TABLE "distribution_plans" DROP COLUMN "objections"`);
        await queryRunner.query(`ALTER TABLE "distribution_plans" DROP COLUMN "notice_ends_on"`);
    }

}

/**
 * SPEC §2.5 and §3.6 in the database, with the 公示: a status follows only the lifecycle; a plan is
 * approved from its 公示 or, skipping it, only with a recorded reason; a plan is calculated,
 * published or approved only while its allocations add up to its totals; the allocations of a plan
 * in 公示 are fixed (what was published is what the board approves), and once approved they change
 * only by payment or release. CREATE OR REPLACE resets a function's settings, so each keeps the
 * custom-plan setting of TriggerPlans1795721000000.
 */
const PLAN_NOTICE_TRIGGERS = [
    `CREATE OR REPLACE FUNCTION distribution_plans_guard() RETURNS trigger LANGUAGE plpgsql SET plan_cache_mode = force_custom_plan AS $$
     DECLARE g numeric; n integer;
     BEGIN
       IF NEW.status IS DISTINCT FROM OLD.status AND (OLD.status, NEW.status) NOT IN (
            ('draft', 'calculated'), ('calculated', 'public_notice'), ('public_notice', 'calculated'), ('public_notice', 'approved'), ('calculated', 'approved'),
            ('approved', 'posted'), ('posted', 'partly_paid'), ('posted', 'paid'), ('partly_paid', 'paid')) THEN
         RAISE EXCEPTION 'PLAN_STATE: a % plan does not become %', OLD.status, NEW.status;
       END IF;
       IF NEW.status = 'public_notice' AND NEW.notice_ends_on IS NULL THEN
         RAISE EXCEPTION 'PLAN_STATE: a plan in 公示 has the date its notice ends';
       END IF;
       IF NEW.status = 'approved' AND OLD.status = 'calculated' AND NEW.notice_skip_reason IS NULL THEN
         RAISE EXCEPTION 'PLAN_NOT_PUBLISHED: a plan is approved after its 公示, or with a reason for skipping it';
       END IF;
       IF NEW.status IN ('calculated', 'public_notice', 'approved')
          AND (NEW.status IS DISTINCT FROM OLD.status OR NEW.gross_total IS DISTINCT FROM OLD.gross_total
               OR NEW.allocation_count IS DISTINCT FROM OLD.allocation_count OR NEW.calculated_at IS DISTINCT FROM OLD.calculated_at) THEN
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
    `CREATE OR REPLACE FUNCTION distribution_allocations_guard() RETURNS trigger LANGUAGE plpgsql SET plan_cache_mode = force_custom_plan AS $$
     DECLARE st text;
     BEGIN
       SELECT status INTO st FROM distribution_plans WHERE org_id = coalesce(NEW.org_id, OLD.org_id) AND id = coalesce(NEW.plan_id, OLD.plan_id);
       IF st IS NULL OR st IN ('draft', 'calculated') THEN
         RETURN coalesce(NEW, OLD);
       END IF;
       IF st = 'public_notice' THEN
         RAISE EXCEPTION 'PLAN_LOCKED: the allocations of a plan in 公示 are fixed';
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
];

/** The functions as Distribution1795718905973 created them (with TriggerPlans1795721000000's setting). */
const PREVIOUS_TRIGGERS = [
    `CREATE OR REPLACE FUNCTION distribution_plans_guard() RETURNS trigger LANGUAGE plpgsql SET plan_cache_mode = force_custom_plan AS $$
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
    `CREATE OR REPLACE FUNCTION distribution_allocations_guard() RETURNS trigger LANGUAGE plpgsql SET plan_cache_mode = force_custom_plan AS $$
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
];
