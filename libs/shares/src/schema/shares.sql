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
