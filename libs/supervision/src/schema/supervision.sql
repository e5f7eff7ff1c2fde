-- The current database rules of the supervision context: every trigger function, trigger and view
-- on its tables, as a freshly migrated database defines them (pg_get_functiondef, pg_get_triggerdef,
-- pg_get_viewdef). Regenerate with `npm run schema -- dump`; test/schema-sql.e2e.spec.ts fails when
-- this file and the migrations disagree. Migrations never read this file at run time: a new
-- migration freezes what it installs (`npm run schema -- freeze`, see docs/architecture.md).

-- function budget_lines_fixed
CREATE OR REPLACE FUNCTION public.budget_lines_fixed()
 RETURNS trigger
 LANGUAGE plpgsql
 SET plan_cache_mode TO 'force_custom_plan'
AS $function$
DECLARE st text;
BEGIN
  SELECT v.status INTO st FROM budget_versions v
   WHERE v.org_id = COALESCE(NEW.org_id, OLD.org_id) AND v.id = COALESCE(NEW.version_id, OLD.version_id) FOR SHARE;
  IF st IS DISTINCT FROM 'draft' THEN
    RAISE EXCEPTION 'BUDGET_LOCKED: the lines of a % budget version are fixed; adjust it with a new version', st;
  END IF;
  RETURN COALESCE(NEW, OLD);
END
$function$;

-- function disclosure_packs_immutable
CREATE OR REPLACE FUNCTION public.disclosure_packs_immutable()
 RETURNS trigger
 LANGUAGE plpgsql
 SET plan_cache_mode TO 'force_custom_plan'
AS $function$
BEGIN
  RAISE EXCEPTION 'PACK_IMMUTABLE: a published 财务公开 pack is never changed; reopen and close the month to publish a new version';
END
$function$;

-- trigger trg_budget_lines_fixed on budget_lines
CREATE TRIGGER trg_budget_lines_fixed BEFORE INSERT OR DELETE OR UPDATE ON budget_lines
  FOR EACH ROW
  EXECUTE FUNCTION budget_lines_fixed();

-- trigger trg_disclosure_packs_immutable on disclosure_packs
CREATE TRIGGER trg_disclosure_packs_immutable BEFORE DELETE OR UPDATE ON disclosure_packs
  FOR EACH ROW
  EXECUTE FUNCTION disclosure_packs_immutable();
