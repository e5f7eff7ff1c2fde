-- The current database rules of the shares context: every trigger function, trigger and view
-- on its tables, as a freshly migrated database defines them (pg_get_functiondef, pg_get_triggerdef,
-- pg_get_viewdef). Regenerate with `npm run schema -- dump`; test/schema-sql.e2e.spec.ts fails when
-- this file and the migrations disagree. Migrations never read this file at run time: a new
-- migration freezes what it installs (`npm run schema -- freeze`, see docs/architecture.md).

-- function share_event_legs_conserved
CREATE OR REPLACE FUNCTION public.share_event_legs_conserved()
 RETURNS trigger
 LANGUAGE plpgsql
 SET plan_cache_mode TO 'force_custom_plan'
AS $function$
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
END
$function$;

-- function share_event_legs_guard
CREATE OR REPLACE FUNCTION public.share_event_legs_guard()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  RAISE EXCEPTION 'SHARE_EVENT_IMMUTABLE: the legs of a share event cannot be changed';
END
$function$;

-- function share_events_guard
CREATE OR REPLACE FUNCTION public.share_events_guard()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
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
END
$function$;

-- function share_events_history_holds
CREATE OR REPLACE FUNCTION public.share_events_history_holds()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE bad record;
BEGIN
  SELECT p.*, s.number INTO bad FROM share_history_problems(NEW.org_id, NEW.id) p
    JOIN shareholders s ON s.org_id = NEW.org_id AND s.id = p.shareholder_id
   ORDER BY p.on_date, s.number, p.class_code LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION '%: Shareholder % would hold % % shares (% frozen) on %', bad.code, bad.number, bad.quantity, bad.class_code, bad.frozen, bad.on_date;
  END IF;
  RETURN NULL;
END
$function$;

-- function share_history_problems
CREATE OR REPLACE FUNCTION public.share_history_problems(p_org uuid, p_event uuid)
 RETURNS TABLE(code text, shareholder_id uuid, class_code character varying, on_date date, quantity numeric, frozen numeric)
 LANGUAGE sql
 STABLE
AS $function$
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
$function$;

-- trigger trg_share_event_legs_conserved on share_event_legs
CREATE CONSTRAINT TRIGGER trg_share_event_legs_conserved AFTER INSERT ON share_event_legs
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW
  EXECUTE FUNCTION share_event_legs_conserved();

-- trigger trg_share_event_legs_guard on share_event_legs
CREATE TRIGGER trg_share_event_legs_guard BEFORE DELETE OR UPDATE ON share_event_legs
  FOR EACH ROW
  EXECUTE FUNCTION share_event_legs_guard();

-- trigger trg_share_events_guard on share_events
CREATE TRIGGER trg_share_events_guard BEFORE DELETE OR UPDATE ON share_events
  FOR EACH ROW
  EXECUTE FUNCTION share_events_guard();

-- trigger trg_share_events_history_holds on share_events
CREATE TRIGGER trg_share_events_history_holds AFTER UPDATE OF status ON share_events
  FOR EACH ROW
  WHEN (new.status::text = 'effective'::text AND old.status::text IS DISTINCT FROM 'effective'::text)
  EXECUTE FUNCTION share_events_history_holds();
