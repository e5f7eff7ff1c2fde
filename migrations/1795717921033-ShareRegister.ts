import { MigrationInterface, QueryRunner } from "typeorm";

/** The share register: households, shareholders, share classes, share events and their legs, holdings. Generated from the entities, plus SHARE_TRIGGERS. */

export class ShareRegister1795717921033 implements MigrationInterface {
    name = 'ShareRegister1795717921033'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "households" ("org_id" uuid NOT NULL, "id" uuid NOT NULL, "code" character varying(30) NOT NULL, "address" character varying(200), "head_shareholder_id" uuid, "status" character varying(10) NOT NULL DEFAULT 'active', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_households_status" CHECK (status IN ('active','merged')), CONSTRAINT "PK_88d5ccf974db23041580717f135" PRIMARY KEY ("org_id", "id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_households_code" ON "households"  ("org_id", "code") `);
        await queryRunner.query(`CREATE TABLE "shareholders" ("org_id" uuid NOT NULL, "id" uuid NOT NULL, "number" character varying(30) NOT NULL, "name" character varying(100) NOT NULL, "id_number" character(18), "household_id" uuid, "member" boolean NOT NULL, "collective" boolean NOT NULL DEFAULT false, "status" character varying(10) NOT NULL DEFAULT 'active', "deceased_on" date, "phone" character varying(30), "bank_account" character varying(40), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_shareholders_identity" CHECK (collective OR id_number IS NOT NULL), CONSTRAINT "ck_shareholders_deceased" CHECK ((status = 'deceased') = (deceased_on IS NOT NULL)), CONSTRAINT "ck_shareholders_status" CHECK (status IN ('active','deceased','exited')), CONSTRAINT "PK_b151fcebce93958fc3896bd97bc" PRIMARY KEY ("org_id", "id"))`);
        await queryRunner.query(`CREATE INDEX "ix_shareholders_household" ON "shareholders"  ("org_id", "household_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_shareholders_id_number" ON "shareholders"  ("org_id", "id_number") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_shareholders_number" ON "shareholders"  ("org_id", "number") `);
        await queryRunner.query(`CREATE TABLE "share_classes" ("org_id" uuid NOT NULL, "code" character varying(20) NOT NULL, "name" character varying(50) NOT NULL, "weight" numeric(10,4) NOT NULL, "transferable" boolean NOT NULL, "giftable" boolean NOT NULL, "inheritable" boolean NOT NULL, "redeemable" boolean NOT NULL DEFAULT false, "project" boolean NOT NULL DEFAULT false, "non_inheritable_to" character varying(10) NOT NULL DEFAULT 'collective', CONSTRAINT "ck_share_classes_non_inheritable" CHECK (non_inheritable_to IN ('collective','cancel')), CONSTRAINT "ck_share_classes_weight" CHECK (weight >= 0), CONSTRAINT "PK_dac342c0f72f39c3b768ca3fc96" PRIMARY KEY ("org_id", "code"))`);
        await queryRunner.query(`CREATE TABLE "share_events" ("org_id" uuid NOT NULL, "id" uuid NOT NULL, "type" character varying(20) NOT NULL, "status" character varying(15) NOT NULL, "effective_date" date NOT NULL, "documents" jsonb NOT NULL DEFAULT '[]', "details" jsonb NOT NULL DEFAULT '{}', "objections" jsonb NOT NULL DEFAULT '[]', "corrects_id" uuid, "voucher_id" uuid, "applied_by" uuid, "approved_by" uuid, "notice_ends_on" date, "closed_reason" character varying(500), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "effective_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_share_events_status" CHECK (status IN ('pending','approved','public_notice','effective','rejected','cancelled','withdrawn')), CONSTRAINT "ck_share_events_type" CHECK (type IN ('initial_allocation','transfer','gift','inheritance','purchase','project_investment','redemption','freeze','unfreeze','correction')), CONSTRAINT "PK_de16c25f06684b67ee93e0ba9b1" PRIMARY KEY ("org_id", "id"))`);
        await queryRunner.query(`CREATE INDEX "ix_share_events_status" ON "share_events"  ("org_id", "status") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_share_events_corrects" ON "share_events"  ("org_id", "corrects_id") `);
        await queryRunner.query(`CREATE TABLE "share_event_legs" ("org_id" uuid NOT NULL, "event_id" uuid NOT NULL, "leg_no" integer NOT NULL, "shareholder_id" uuid NOT NULL, "class_code" character varying(20) NOT NULL, "quantity" numeric(18,4) NOT NULL DEFAULT '0', "frozen" numeric(18,4) NOT NULL DEFAULT '0', CONSTRAINT "ck_share_event_legs_change" CHECK (quantity <> 0 OR frozen <> 0), CONSTRAINT "PK_41fddfab6e49dbc793bb5f23180" PRIMARY KEY ("org_id", "event_id", "leg_no"))`);
        await queryRunner.query(`CREATE INDEX "ix_share_event_legs_holder" ON "share_event_legs"  ("org_id", "shareholder_id") `);
        await queryRunner.query(`CREATE TABLE "holdings" ("org_id" uuid NOT NULL, "shareholder_id" uuid NOT NULL, "class_code" character varying(20) NOT NULL, "quantity" numeric(18,4) NOT NULL DEFAULT '0', "frozen" numeric(18,4) NOT NULL DEFAULT '0', CONSTRAINT "ck_holdings_frozen" CHECK (frozen >= 0 AND frozen <= quantity), CONSTRAINT "ck_holdings_not_negative" CHECK (quantity >= 0), CONSTRAINT "PK_9323c6fdaf53037cebc0cc725b9" PRIMARY KEY ("org_id", "shareholder_id", "class_code"))`);
        await queryRunner.query(`ALTER TABLE "households" ADD CONSTRAINT "fk_households_org" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "shareholders" ADD CONSTRAINT "fk_shareholders_household" FOREIGN KEY ("org_id", "household_id") REFERENCES "households"("org_id","id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "shareholders" ADD CONSTRAINT "fk_shareholders_org" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "share_classes" ADD CONSTRAINT "fk_share_classes_org" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "share_event_legs" ADD CONSTRAINT "fk_share_event_legs_event" FOREIGN KEY ("org_id", "event_id") REFERENCES "share_events"("org_id","id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "share_event_legs" ADD CONSTRAINT "fk_share_event_legs_shareholder" FOREIGN KEY ("org_id", "shareholder_id") REFERENCES "shareholders"("org_id","id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "share_event_legs" ADD CONSTRAINT "fk_share_event_legs_class" FOREIGN KEY ("org_id", "class_code") REFERENCES "share_classes"("org_id","code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "holdings" ADD CONSTRAINT "fk_holdings_shareholder" FOREIGN KEY ("org_id", "shareholder_id") REFERENCES "shareholders"("org_id","id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "holdings" ADD CONSTRAINT "fk_holdings_class" FOREIGN KEY ("org_id", "class_code") REFERENCES "share_classes"("org_id","code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        for (const statement of SHARE_TRIGGERS) await queryRunner.query(statement);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP FUNCTION IF EXISTS share_events_guard() CASCADE`);
        await queryRunner.query(`DROP FUNCTION IF EXISTS share_event_legs_guard() CASCADE`);
        await queryRunner.query(`ALTER TABLE "holdings" DROP CONSTRAINT "fk_holdings_class"`);
        await queryRunner.query(`ALTER TABLE "holdings" DROP CONSTRAINT "fk_holdings_shareholder"`);
        await queryRunner.query(`ALTER TABLE "share_event_legs" DROP CONSTRAINT "fk_share_event_legs_class"`);
        await queryRunner.query(`ALTER TABLE "share_event_legs" DROP CONSTRAINT "fk_share_event_legs_shareholder"`);
        await queryRunner.query(`ALTER TABLE "share_event_legs" DROP CONSTRAINT "fk_share_event_legs_event"`);
        await queryRunner.query(`ALTER TABLE "share_classes" DROP CONSTRAINT "fk_share_classes_org"`);
        await queryRunner.query(`ALTER TABLE "shareholders" DROP CONSTRAINT "fk_shareholders_org"`);
        await queryRunner.query(`ALTER TABLE "shareholders" DROP CONSTRAINT "fk_shareholders_household"`);
        await queryRunner.query(`ALTER TABLE "households" DROP CONSTRAINT "fk_households_org"`);
        await queryRunner.query(`DROP TABLE "holdings"`);
        await queryRunner.query(`DROP INDEX "public"."ix_share_event_legs_holder"`);
        await queryRunner.query(`DROP TABLE "share_event_legs"`);
        await queryRunner.query(`DROP INDEX "public"."uq_share_events_corrects"`);
        await queryRunner.query(`DROP INDEX "public"."ix_share_events_status"`);
        await queryRunner.query(`DROP TABLE "share_events"`);
        await queryRunner.query(`DROP TABLE "share_classes"`);
        await queryRunner.query(`DROP INDEX "public"."uq_shareholders_number"`);
        await queryRunner.query(`DROP INDEX "public"."uq_shareholders_id_number"`);
        await queryRunner.query(`DROP INDEX "public"."ix_shareholders_household"`);
        await queryRunner.query(`DROP TABLE "shareholders"`);
        await queryRunner.query(`DROP INDEX "public"."uq_households_code"`);
        await queryRunner.query(`DROP TABLE "households"`);
    }

}

/** Events never change once they have ended (effective, rejected, cancelled, withdrawn); legs never change; nothing is deleted. */
const SHARE_TRIGGERS = [
    `CREATE FUNCTION share_events_guard() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF TG_OP = 'DELETE' THEN
         RAISE EXCEPTION 'SHARE_EVENT_IMMUTABLE: share events are never deleted';
       END IF;
       IF OLD.status IN ('effective', 'rejected', 'cancelled', 'withdrawn') THEN
         RAISE EXCEPTION 'SHARE_EVENT_IMMUTABLE: a % share event cannot be changed', OLD.status;
       END IF;
       IF (NEW.type, NEW.effective_date, NEW.details, NEW.corrects_id) IS DISTINCT FROM (OLD.type, OLD.effective_date, OLD.details, OLD.corrects_id) THEN
         RAISE EXCEPTION 'SHARE_EVENT_IMMUTABLE: the request of a share event cannot be changed';
       END IF;
       RETURN NEW;
     END $$`,
    `CREATE TRIGGER trg_share_events_guard BEFORE UPDATE OR DELETE ON share_events FOR EACH ROW EXECUTE FUNCTION share_events_guard()`,
    `CREATE FUNCTION share_event_legs_guard() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       RAISE EXCEPTION 'SHARE_EVENT_IMMUTABLE: the legs of a share event cannot be changed';
     END $$`,
    `CREATE TRIGGER trg_share_event_legs_guard BEFORE UPDATE OR DELETE ON share_event_legs FOR EACH ROW EXECUTE FUNCTION share_event_legs_guard()`,
];
