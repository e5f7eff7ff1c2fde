-- The current database rules of the dividends context: every trigger function, trigger and view
-- on its tables, as a freshly migrated database defines them (pg_get_functiondef, pg_get_triggerdef,
-- pg_get_viewdef). Regenerate with `npm run schema -- dump`; test/schema-sql.e2e.spec.ts fails when
-- this file and the migrations disagree. Migrations never read this file at run time: a new
-- migration freezes what it installs (`npm run schema -- freeze`, see docs/architecture.md).

-- function distribution_allocations_fixed
CREATE OR REPLACE FUNCTION public.distribution_allocations_fixed()
 RETURNS trigger
 LANGUAGE plpgsql
 SET plan_cache_mode TO 'force_custom_plan'
AS $function$
DECLARE st text;
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT p.status INTO st FROM distribution_plans p JOIN (SELECT DISTINCT org_id, plan_id FROM changed_new) c ON p.org_id = c.org_id AND p.id = c.plan_id
     WHERE p.status NOT IN ('draft', 'calculated') LIMIT 1 FOR SHARE OF p;
  ELSE
    SELECT p.status INTO st FROM distribution_plans p JOIN (SELECT DISTINCT org_id, plan_id FROM changed_old) c ON p.org_id = c.org_id AND p.id = c.plan_id
     WHERE p.status NOT IN ('draft', 'calculated') LIMIT 1 FOR SHARE OF p;
  END IF;
  IF st = 'public_notice' THEN
    RAISE EXCEPTION 'PLAN_LOCKED: the allocations of a plan in 公示 are fixed';
  ELSIF st IS NOT NULL THEN
    RAISE EXCEPTION 'PLAN_LOCKED: the allocations of a % plan are fixed', st;
  END IF;
  RETURN NULL;
END
$function$;

-- function distribution_allocations_guard
CREATE OR REPLACE FUNCTION public.distribution_allocations_guard()
 RETURNS trigger
 LANGUAGE plpgsql
 SET plan_cache_mode TO 'force_custom_plan'
AS $function$
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
END
$function$;

-- function distribution_plans_guard
CREATE OR REPLACE FUNCTION public.distribution_plans_guard()
 RETURNS trigger
 LANGUAGE plpgsql
 SET plan_cache_mode TO 'force_custom_plan'
AS $function$
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
END
$function$;

-- trigger trg_distribution_allocations_added on distribution_allocations
CREATE TRIGGER trg_distribution_allocations_added AFTER INSERT ON distribution_allocations
  REFERENCING NEW TABLE AS changed_new
  FOR EACH STATEMENT
  EXECUTE FUNCTION distribution_allocations_fixed();

-- trigger trg_distribution_allocations_guard on distribution_allocations
CREATE TRIGGER trg_distribution_allocations_guard BEFORE UPDATE ON distribution_allocations
  FOR EACH ROW
  EXECUTE FUNCTION distribution_allocations_guard();

-- trigger trg_distribution_allocations_removed on distribution_allocations
CREATE TRIGGER trg_distribution_allocations_removed AFTER DELETE ON distribution_allocations
  REFERENCING OLD TABLE AS changed_old
  FOR EACH STATEMENT
  EXECUTE FUNCTION distribution_allocations_fixed();

-- trigger trg_distribution_plans_guard on distribution_plans
CREATE TRIGGER trg_distribution_plans_guard BEFORE UPDATE ON distribution_plans
  FOR EACH ROW
  EXECUTE FUNCTION distribution_plans_guard();
