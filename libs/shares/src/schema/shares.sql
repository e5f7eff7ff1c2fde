-- The current database rules of the shares context: every trigger function, trigger and view
-- on its tables, as a freshly migrated database defines them (pg_get_functiondef, pg_get_triggerdef,
-- pg_get_viewdef). Regenerate with `npm run schema -- dump`; test/schema-sql.e2e.spec.ts fails when
-- this file and the migrations disagree. Migrations never read this file at run time: a new
-- migration freezes what it installs (`npm run schema -- freeze`, see docs/architecture.md).

-- function register_frozen_holders
CREATE OR REPLACE FUNCTION public.register_frozen_holders(p_org uuid)
 RETURNS TABLE(shareholder_id uuid)
 LANGUAGE sql
 STABLE
AS $function$
-- Shareholders with shares frozen now (any class).
SELECT DISTINCT h.shareholder_id FROM holdings h WHERE h.org_id = p_org AND h.frozen > 0
$function$;

-- function register_holders
CREATE OR REPLACE FUNCTION public.register_holders(p_org uuid)
 RETURNS TABLE(id uuid, number character varying, name character varying, id_number character, collective boolean, bank_account character varying, household_id uuid, head_shareholder_id uuid)
 LANGUAGE sql
 STABLE
AS $function$
-- The organization's shareholders with their household's head, for other contexts to join.
SELECT s.id, s.number, s.name, s.id_number, s.collective, s.bank_account, s.household_id, h.head_shareholder_id
  FROM shareholders s LEFT JOIN households h ON h.org_id = s.org_id AND h.id = s.household_id
 WHERE s.org_id = p_org
$function$;

-- function register_holdings_on
CREATE OR REPLACE FUNCTION public.register_holdings_on(p_org uuid, p_on date)
 RETURNS TABLE(shareholder_id uuid, class_code character varying, quantity numeric, frozen numeric)
 LANGUAGE sql
 STABLE
AS $function$
-- Holdings on a date per shareholder and class (rows that net to nothing left out).
SELECT l.shareholder_id, l.class_code, sum(l.quantity), sum(l.frozen)
  FROM register_legs_on(p_org, p_on) l
 GROUP BY l.shareholder_id, l.class_code HAVING sum(l.quantity) <> 0 OR sum(l.frozen) <> 0
$function$;

-- function register_households
CREATE OR REPLACE FUNCTION public.register_households(p_org uuid)
 RETURNS TABLE(id uuid, code character varying, address character varying, head_shareholder_id uuid)
 LANGUAGE sql
 STABLE
AS $function$
-- The organization's households, for other contexts to join.
SELECT h.id, h.code, h.address, h.head_shareholder_id FROM households h WHERE h.org_id = p_org
$function$;

-- function register_legs_on
CREATE OR REPLACE FUNCTION public.register_legs_on(p_org uuid, p_on date)
 RETURNS TABLE(shareholder_id uuid, class_code character varying, quantity numeric, frozen numeric, effective_date date)
 LANGUAGE sql
 STABLE
AS $function$
-- The register's rule for what counts on a date: the legs of effective events dated on or before
-- it. Published for other contexts (the distribution); LANGUAGE sql STABLE so it is inlined.
SELECT l.shareholder_id, l.class_code, l.quantity, l.frozen, e.effective_date
  FROM share_event_legs l JOIN share_events e ON e.org_id = l.org_id AND e.id = l.event_id
 WHERE l.org_id = p_org AND e.status = 'effective' AND e.effective_date <= p_on
$function$;

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
 SET plan_cache_mode TO 'force_custom_plan'
AS $function$
BEGIN
  RAISE EXCEPTION 'SHARE_EVENT_IMMUTABLE: the legs of a share event cannot be changed';
END
$function$;

-- function share_events_guard
CREATE OR REPLACE FUNCTION public.share_events_guard()
 RETURNS trigger
 LANGUAGE plpgsql
 SET plan_cache_mode TO 'force_custom_plan'
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
 SET plan_cache_mode TO 'force_custom_plan'
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
