import { MigrationInterface, QueryRunner } from "typeorm";

/** Organizations, users and grants, the audit chain, idempotency keys. Generated from the entities, plus the triggers below. */

export class Foundation1795715881988 implements MigrationInterface {
    name = 'Foundation1795715881988'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "idempotency_keys" ("scope_id" uuid NOT NULL, "key" character varying(200) NOT NULL, "user_id" uuid NOT NULL, "request_hash" character(64) NOT NULL, "status_code" integer, "response_body" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d28e6a72bab241e08e2bc4bff3a" PRIMARY KEY ("scope_id", "key"))`);
        await queryRunner.query(`CREATE TABLE "audit_log" ("org_id" uuid NOT NULL, "seq" bigint NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_id" uuid, "actor_name" character varying(100) NOT NULL, "action" character varying(100) NOT NULL, "entity" character varying(60) NOT NULL, "entity_id" character varying(100) NOT NULL, "payload" jsonb NOT NULL, "request_id" character varying(128), "state_hash" character(64), "prev_hash" character(64) NOT NULL, "hash" character(64) NOT NULL, CONSTRAINT "PK_1d9df8b20a4b0fec35130538098" PRIMARY KEY ("org_id", "seq"))`);
        await queryRunner.query(`CREATE INDEX "ix_audit_log_actor" ON "audit_log"  ("org_id", "actor_id") `);
        await queryRunner.query(`CREATE INDEX "ix_audit_log_entity" ON "audit_log"  ("org_id", "entity", "entity_id") `);
        await queryRunner.query(`CREATE TABLE "audit_heads" ("org_id" uuid NOT NULL, "seq" bigint NOT NULL, "hash" character(64) NOT NULL, CONSTRAINT "PK_d68c5f41a59a153f265ac9fe23e" PRIMARY KEY ("org_id"))`);
        await queryRunner.query(`CREATE TABLE "users" ("id" uuid NOT NULL, "username" character varying(50) NOT NULL, "password_hash" text NOT NULL, "is_admin" boolean NOT NULL DEFAULT false, "shareholder_id" uuid, "disabled" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_users_username" CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,49}$'), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_users_username" ON "users"  ("username") `);
        await queryRunner.query(`CREATE TABLE "role_grants" ("user_id" uuid NOT NULL, "org_id" uuid NOT NULL, "role" character varying(20) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_role_grants_role" CHECK (role IN ('accountant','reviewer','cashier','board','supervisor','auditor','shareholder')), CONSTRAINT "PK_4af77be96bde97029daa4317681" PRIMARY KEY ("user_id", "org_id", "role"))`);
        await queryRunner.query(`CREATE INDEX "ix_role_grants_org" ON "role_grants"  ("org_id") `);
        await queryRunner.query(`CREATE TABLE "organizations" ("id" uuid NOT NULL, "code" character(18) NOT NULL, "name" character varying(200) NOT NULL, "kind" character varying(20) NOT NULL, "parent_id" uuid, "ancestor_ids" uuid array NOT NULL DEFAULT '{}', "notice_days" integer NOT NULL DEFAULT '7', "min_reserve_percent" numeric(5,2) NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_organizations_min_reserve" CHECK (min_reserve_percent >= 0 AND min_reserve_percent <= 100), CONSTRAINT "ck_organizations_notice_days" CHECK (notice_days BETWEEN 0 AND 90), CONSTRAINT "ck_organizations_parent" CHECK ((kind = 'town') = (parent_id IS NULL)), CONSTRAINT "ck_organizations_kind" CHECK (kind IN ('town','union','cooperative')), CONSTRAINT "PK_6b031fcd0863e3f6b44230163f9" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_organizations_parent" ON "organizations"  ("parent_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_organizations_code" ON "organizations"  ("code") `);
        await queryRunner.query(`ALTER TABLE "role_grants" ADD CONSTRAINT "fk_role_grants_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "role_grants" ADD CONSTRAINT "fk_role_grants_org" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "organizations" ADD CONSTRAINT "fk_organizations_parent" FOREIGN KEY ("parent_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        // Hand-written (TypeORM does not model triggers): the audit log is append-only. A superuser can still
        // bypass this (session_replication_role = replica); the hash chain is what exposes that.
        await queryRunner.query(`CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'AUDIT_LOG_APPEND_ONLY: audit log rows cannot be changed or deleted';
            END $$`);
        await queryRunner.query(`CREATE TRIGGER trg_audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
        await queryRunner.query(`CREATE TRIGGER trg_audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER trg_audit_log_no_truncate ON audit_log`);
        await queryRunner.query(`DROP TRIGGER trg_audit_log_append_only ON audit_log`);
        await queryRunner.query(`DROP FUNCTION audit_log_append_only()`);
        await queryRunner.query(`ALTER TABLE "organizations" DROP CONSTRAINT "fk_organizations_parent"`);
        await queryRunner.query(`ALTER TABLE "role_grants" DROP CONSTRAINT "fk_role_grants_org"`);
        await queryRunner.query(`ALTER TABLE "role_grants" DROP CONSTRAINT "fk_role_grants_user"`);
        await queryRunner.query(`DROP INDEX "public"."uq_organizations_code"`);
        await queryRunner.query(`DROP INDEX "public"."ix_organizations_parent"`);
        await queryRunner.query(`DROP TABLE "organizations"`);
        await queryRunner.query(`DROP INDEX "public"."ix_role_grants_org"`);
        await queryRunner.query(`DROP TABLE "role_grants"`);
        await queryRunner.query(`DROP INDEX "public"."uq_users_username"`);
        await queryRunner.query(`DROP TABLE "users"`);
        await queryRunner.query(`DROP TABLE "audit_heads"`);
        await queryRunner.query(`DROP INDEX "public"."ix_audit_log_entity"`);
        await queryRunner.query(`DROP INDEX "public"."ix_audit_log_actor"`);
        await queryRunner.query(`DROP TABLE "audit_log"`);
        await queryRunner.query(`DROP TABLE "idempotency_keys"`);
    }

}
