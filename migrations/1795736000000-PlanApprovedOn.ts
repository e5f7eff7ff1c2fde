import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The day the board approved a distribution plan (the organization's business date, Asia/Shanghai),
 * printed on the shareholder's statement. Plans approved before this column are filled from their
 * `distribution.approved` audit entry.
 */
export class PlanApprovedOn1795736000000 implements MigrationInterface {
    name = 'PlanApprovedOn1795736000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "distribution_plans" ADD "approved_on" date`);
        await queryRunner.query(
            `UPDATE distribution_plans p SET approved_on = a.on_date
               FROM (SELECT org_id, entity_id, max((at AT TIME ZONE 'Asia/Shanghai')::date) AS on_date FROM audit_log
                      WHERE entity = 'distribution_plan' AND action = 'distribution.approved' GROUP BY org_id, entity_id) a
              WHERE a.org_id = p.org_id AND a.entity_id = p.id::text AND p.status IN ('approved', 'posted', 'partly_paid', 'paid')`,
        );
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "distribution_plans" DROP COLUMN "approved_on"`);
    }

}
