import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * SPEC §3.5 on every date, not only today (issue 11 §2): a back-dated event must not make a holding
 * negative, or its frozen part negative or larger than the holding, on any date from its effective
 * date on. `share_history_problems` replays the effective events day by day (as the as-of queries
 * do: what counts on a date is the sum of every event dated on or before it); the service asks it at
 * application and the register's integrity check asks it for everyone; the trigger refuses the
 * change of status that makes an event effective when the replay breaks.
 */
export class ShareHistory1795726400000 implements MigrationInterface {
    name = 'ShareHistory1795726400000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        // p_event NULL: every holder and class of the organization, every date.
        // p_event given: its holders and classes, from its effective date on, counting it as effective.
        await queryRunner.query(`CREATE FUNCTION share_history_problems(p_org uuid, p_event uuid)
            RETURNS TABLE (code text, shareholder_id uuid, class_code varchar, on_date date, quantity numeric, frozen numeric)
            LANGUAGE sql STABLE AS $$
              WITH touched AS (
                     -- Two guarded branches, not one OR, so that one event's check reads only its holders' legs (by index).
                     SELECT DISTINCT l.shareholder_id, l.class_code FROM share_event_legs l WHERE l.org_id = p_org AND l.event_id = p_event
                     UNION ALL
                     SELECT DISTINCT h.shareholder_id, h.class_code FROM share_event_legs h WHERE h.org_id = p_org AND p_event IS NULL),
                   since AS (
                     SELECT coalesce((SELECT e.effective_date FROM share_events e WHERE e.org_id = p_org AND e.id = p_event), '-infinity'::date) AS d),
                   daily AS (
                     SELECT l.shareholder_id, l.class_code, e.effective_date, sum(l.quantity) AS dq, sum(l.frozen) AS df
                       FROM touched t
                       JOIN share_event_legs l ON l.org_id = p_org AND l.shareholder_id = t.shareholder_id AND l.class_code = t.class_code
                       JOIN share_events e ON e.org_id = l.org_id AND e.id = l.event_id
                      WHERE e.status = 'effective' OR e.id = p_event
                      GROUP BY l.shareholder_id, l.class_code, e.effective_date),
                   running AS (
                     SELECT r.shareholder_id, r.class_code, r.effective_date, sum(r.dq) OVER w AS q, sum(r.df) OVER w AS f
                       FROM daily r WINDOW w AS (PARTITION BY r.shareholder_id, r.class_code ORDER BY r.effective_date))
              SELECT CASE WHEN r.q < 0 THEN 'INSUFFICIENT_SHARES' WHEN r.f < 0 THEN 'SHARE_EVENT_INVALID' ELSE 'SHARES_FROZEN' END,
                     r.shareholder_id, r.class_code, r.effective_date, r.q, r.f
                FROM running r CROSS JOIN since
               WHERE r.effective_date >= since.d AND (r.q < 0 OR r.f < 0 OR r.f > r.q)
            $$`);
        await queryRunner.query(`CREATE FUNCTION share_events_history_holds() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE bad record;
            BEGIN
              SELECT p.*, s.number INTO bad FROM share_history_problems(NEW.org_id, NEW.id) p
                JOIN shareholders s ON s.org_id = NEW.org_id AND s.id = p.shareholder_id
               ORDER BY p.on_date, s.number, p.class_code LIMIT 1;
              IF FOUND THEN
                RAISE EXCEPTION '%: Shareholder % would hold % % shares (% frozen) on %', bad.code, bad.number, bad.quantity, bad.class_code, bad.frozen, bad.on_date;
              END IF;
              RETURN NULL;
            END $$`);
        await queryRunner.query(`CREATE TRIGGER trg_share_events_history_holds AFTER UPDATE OF status ON share_events
            FOR EACH ROW WHEN (NEW.status = 'effective' AND OLD.status IS DISTINCT FROM 'effective') EXECUTE FUNCTION share_events_history_holds()`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP FUNCTION share_events_history_holds() CASCADE`);
        await queryRunner.query(`DROP FUNCTION share_history_problems(uuid, uuid)`);
    }
}
