-- The current database rules of the assets context: every trigger function, trigger and view
-- on its tables, as a freshly migrated database defines them (pg_get_functiondef, pg_get_triggerdef,
-- pg_get_viewdef). Regenerate with `npm run schema -- dump`; test/schema-sql.e2e.spec.ts fails when
-- this file and the migrations disagree. Migrations never read this file at run time: a new
-- migration freezes what it installs (`npm run schema -- freeze`, see docs/architecture.md).

-- function depreciation_lines_guard
CREATE OR REPLACE FUNCTION public.depreciation_lines_guard()
 RETURNS trigger
 LANGUAGE plpgsql
 SET plan_cache_mode TO 'force_custom_plan'
AS $function$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF EXISTS (SELECT 1 FROM depreciation_lines d WHERE d.org_id = NEW.org_id AND d.asset_id = NEW.asset_id AND d.period > NEW.period) THEN
      RAISE EXCEPTION 'DEPRECIATION_BACKDATED: card % already has depreciation after %', NEW.asset_id, NEW.period;
    END IF;
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'DEPRECIATION_IMMUTABLE: posted depreciation lines are never changed; reverse the voucher instead';
END
$function$;

-- function fixed_assets_guard
CREATE OR REPLACE FUNCTION public.fixed_assets_guard()
 RETURNS trigger
 LANGUAGE plpgsql
 SET plan_cache_mode TO 'force_custom_plan'
AS $function$
DECLARE
  last_posted character(7);
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF EXISTS (SELECT 1 FROM depreciation_lines d WHERE d.org_id = OLD.org_id AND d.asset_id = OLD.id) THEN
      RAISE EXCEPTION 'ASSET_MONTH_POSTED: card % has posted depreciation and is never deleted', OLD.card_no;
    END IF;
    RETURN OLD;
  END IF;
  SELECT max(d.period) INTO last_posted FROM depreciation_lines d WHERE d.org_id = OLD.org_id AND d.asset_id = OLD.id;
  IF last_posted IS NOT NULL AND (NEW.org_id, NEW.ledger_id, NEW.cost, NEW.salvage, NEW.method, NEW.useful_life_months, NEW.total_units, NEW.in_service_date, NEW.opening_accumulated, NEW.opening_through, NEW.purpose)
       IS DISTINCT FROM (OLD.org_id, OLD.ledger_id, OLD.cost, OLD.salvage, OLD.method, OLD.useful_life_months, OLD.total_units, OLD.in_service_date, OLD.opening_accumulated, OLD.opening_through, OLD.purpose) THEN
    RAISE EXCEPTION 'ASSET_MONTH_POSTED: card % has depreciation posted through %; its cost, salvage, life, method, purpose and dates no longer change', OLD.card_no, last_posted;
  END IF;
  IF NEW.disposed_on IS DISTINCT FROM OLD.disposed_on AND last_posted IS NOT NULL
       AND (OLD.disposed_on IS NOT NULL OR to_char(NEW.disposed_on, 'YYYY-MM') < last_posted) THEN
    RAISE EXCEPTION 'ASSET_MONTH_POSTED: card % has depreciation posted through %; a disposal before it would rewrite a posted month', OLD.card_no, last_posted;
  END IF;
  RETURN NEW;
END
$function$;

-- trigger trg_depreciation_lines_guard on depreciation_lines
CREATE TRIGGER trg_depreciation_lines_guard BEFORE INSERT OR DELETE OR UPDATE ON depreciation_lines
  FOR EACH ROW
  EXECUTE FUNCTION depreciation_lines_guard();

-- trigger trg_fixed_assets_guard on fixed_assets
CREATE TRIGGER trg_fixed_assets_guard BEFORE DELETE OR UPDATE ON fixed_assets
  FOR EACH ROW
  EXECUTE FUNCTION fixed_assets_guard();
