import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * SPEC §3.5 in the database: the legs of a transfer or a gift add up to zero in every share class,
 * checked at commit whatever wrote them. (Holdings never negative and frozen ≤ held are CHECKs on
 * `holdings`; inheritance may cancel non-inheritable shares, so it is checked in the service.)
 */
export class ShareConservation1795720500000 implements MigrationInterface {
    name = 'ShareConservation1795720500000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE FUNCTION share_event_legs_conserved() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE t text; bad record;
            BEGIN
              SELECT type INTO t FROM share_events WHERE org_id = NEW.org_id AND id = NEW.event_id;
              IF t IN ('transfer', 'gift') THEN
                SELECT class_code, sum(quantity) AS total, sum(frozen) AS frozen INTO bad FROM share_event_legs
                 WHERE org_id = NEW.org_id AND event_id = NEW.event_id GROUP BY class_code HAVING sum(quantity) <> 0 OR sum(frozen) <> 0 LIMIT 1;
                IF FOUND THEN
                  RAISE EXCEPTION 'SHARES_NOT_CONSERVED: the legs of this % add up to % % shares, not 0', t, bad.total, bad.class_code;
                END IF;
              END IF;
              RETURN NULL;
            END $$`);
        await queryRunner.query(`CREATE CONSTRAINT TRIGGER trg_share_event_legs_conserved AFTER INSERT ON share_event_legs
            DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION share_event_legs_conserved()`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP FUNCTION share_event_legs_conserved() CASCADE`);
    }
}
