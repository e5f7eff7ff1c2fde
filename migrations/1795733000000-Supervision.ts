import { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSql } from './schema-sql.js';

/**
 * Issue 17 (SPEC §9): the supervision context — the public ledger's budget (versions and lines), the
 * towns' warning thresholds with their dated history, warnings keyed by rule + subject + period, and
 * the immutable 财务公开 packs with their objections. Triggers frozen in sql/1795733000000-Supervision.sql.
 */

export class Supervision1795733000000 implements MigrationInterface {
    name = 'Supervision1795733000000';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "budget_versions" ("org_id" uuid NOT NULL, "id" uuid NOT NULL, "ledger_id" uuid NOT NULL, "year" integer NOT NULL, "version" integer NOT NULL, "status" character varying(12) NOT NULL, "reason" character varying(500), "created_by" uuid, "approved_by" uuid, "approved_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_budget_versions_year" CHECK (year BETWEEN 2000 AND 2100), CONSTRAINT "ck_budget_versions_status" CHECK (status IN ('draft','approved','superseded')), CONSTRAINT "PK_ed8b7209f1230be3262db5dfbd9" PRIMARY KEY ("org_id", "id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_budget_versions_version" ON "budget_versions"  ("org_id", "ledger_id", "year", "version") `);
        await queryRunner.query(`CREATE TABLE "budget_lines" ("org_id" uuid NOT NULL, "version_id" uuid NOT NULL, "item_code" character varying(20) NOT NULL, "item_name" character varying(100) NOT NULL, "amount" numeric(20,2) NOT NULL, "accounts" text array NOT NULL, CONSTRAINT "ck_budget_lines_amount" CHECK (amount >= 0), CONSTRAINT "PK_5f60bffa8eabe790dd19a349659" PRIMARY KEY ("org_id", "version_id", "item_code"))`);
        await queryRunner.query(`CREATE TABLE "warning_thresholds" ("org_id" uuid NOT NULL, "param" character varying(40) NOT NULL, "effective_from" date NOT NULL, "value" numeric(20,2) NOT NULL, "set_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bbce179653f170fe53999d472c1" PRIMARY KEY ("org_id", "param", "effective_from"))`);
        await queryRunner.query(`CREATE TABLE "warnings" ("org_id" uuid NOT NULL, "id" uuid NOT NULL, "rule_code" character varying(10) NOT NULL, "rule_version" integer NOT NULL, "ledger_id" uuid, "period" character(7) NOT NULL, "subject_type" character varying(20) NOT NULL, "subject_id" character varying(80) NOT NULL, "subject_label" character varying(200) NOT NULL, "measured" numeric(20,2) NOT NULL, "threshold" numeric(20,2) NOT NULL, "colour" character varying(6) NOT NULL, "first_seen" date NOT NULL, "last_seen" date NOT NULL, "state" character varying(12) NOT NULL DEFAULT 'open', "state_reason" character varying(500), "state_by" uuid, "state_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_warnings_closed_reason" CHECK (state NOT IN ('resolved','dismissed') OR state_reason IS NOT NULL), CONSTRAINT "ck_warnings_state" CHECK (state IN ('open','acknowledged','resolved','dismissed')), CONSTRAINT "ck_warnings_colour" CHECK (colour IN ('red','yellow')), CONSTRAINT "PK_1486fbffbaaab8d9ff95980a1c0" PRIMARY KEY ("org_id", "id"))`);
        await queryRunner.query(`CREATE INDEX "ix_warnings_state" ON "warnings"  ("org_id", "state") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_warnings_key" ON "warnings"  ("org_id", "rule_code", "subject_type", "subject_id", "period") `);
        await queryRunner.query(`CREATE TABLE "disclosure_packs" ("org_id" uuid NOT NULL, "id" uuid NOT NULL, "ledger_id" uuid NOT NULL, "period" character(7) NOT NULL, "version" integer NOT NULL, "content" jsonb NOT NULL, "content_hash" character(64) NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_add333ba7a81fa50548d1e5eac0" PRIMARY KEY ("org_id", "id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_disclosure_packs_version" ON "disclosure_packs"  ("org_id", "ledger_id", "period", "version") `);
        await queryRunner.query(`CREATE TABLE "disclosure_objections" ("org_id" uuid NOT NULL, "id" uuid NOT NULL, "pack_id" uuid NOT NULL, "line_ref" character varying(40) NOT NULL, "text" character varying(500) NOT NULL, "filed_by" uuid NOT NULL, "answer" character varying(500), "answered_by" uuid, "answered_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_disclosure_objections_answer" CHECK ((answer IS NULL) = (answered_at IS NULL)), CONSTRAINT "PK_810a72ed2cd856411eef2a1c488" PRIMARY KEY ("org_id", "id"))`);
        await queryRunner.query(`CREATE INDEX "ix_disclosure_objections_pack" ON "disclosure_objections"  ("org_id", "pack_id") `);
        await queryRunner.query(`ALTER TABLE "budget_versions" ADD CONSTRAINT "fk_budget_versions_ledger" FOREIGN KEY ("org_id", "ledger_id") REFERENCES "ledgers"("org_id","id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "budget_lines" ADD CONSTRAINT "fk_budget_lines_version" FOREIGN KEY ("org_id", "version_id") REFERENCES "budget_versions"("org_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "warning_thresholds" ADD CONSTRAINT "fk_warning_thresholds_org" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "warnings" ADD CONSTRAINT "fk_warnings_org" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "disclosure_packs" ADD CONSTRAINT "fk_disclosure_packs_ledger" FOREIGN KEY ("org_id", "ledger_id") REFERENCES "ledgers"("org_id","id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "disclosure_objections" ADD CONSTRAINT "fk_disclosure_objections_pack" FOREIGN KEY ("org_id", "pack_id") REFERENCES "disclosure_packs"("org_id","id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        for (const s of migrationSql('1795733000000-Supervision')) await queryRunner.query(s);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER "trg_disclosure_packs_immutable" ON "disclosure_packs"`);
        await queryRunner.query(`DROP TRIGGER "trg_budget_lines_fixed" ON "budget_lines"`);
        await queryRunner.query(`DROP FUNCTION "disclosure_packs_immutable"()`);
        await queryRunner.query(`DROP FUNCTION "budget_lines_fixed"()`);
        await queryRunner.query(`ALTER TABLE "disclosure_objections" DROP CONSTRAINT "fk_disclosure_objections_pack"`);
        await queryRunner.query(`ALTER TABLE "disclosure_packs" DROP CONSTRAINT "fk_disclosure_packs_ledger"`);
        await queryRunner.query(`ALTER TABLE "warnings" DROP CONSTRAINT "fk_warnings_org"`);
        await queryRunner.query(`ALTER TABLE "warning_thresholds" DROP CONSTRAINT "fk_warning_thresholds_org"`);
        await queryRunner.query(`ALTER TABLE "budget_lines" DROP CONSTRAINT "fk_budget_lines_version"`);
        await queryRunner.query(`ALTER TABLE "budget_versions" DROP CONSTRAINT "fk_budget_versions_ledger"`);
        await queryRunner.query(`DROP INDEX "public"."ix_disclosure_objections_pack"`);
        await queryRunner.query(`DROP TABLE "disclosure_objections"`);
        await queryRunner.query(`DROP INDEX "public"."uq_disclosure_packs_version"`);
        await queryRunner.query(`DROP TABLE "disclosure_packs"`);
        await queryRunner.query(`DROP INDEX "public"."uq_warnings_key"`);
        await queryRunner.query(`DROP INDEX "public"."ix_warnings_state"`);
        await queryRunner.query(`DROP TABLE "warnings"`);
        await queryRunner.query(`DROP TABLE "warning_thresholds"`);
        await queryRunner.query(`DROP TABLE "budget_lines"`);
        await queryRunner.query(`DROP INDEX "public"."uq_budget_versions_version"`);
        await queryRunner.query(`DROP TABLE "budget_versions"`);
    }

}
