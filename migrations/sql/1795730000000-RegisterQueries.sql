-- Frozen for migration 1795730000000-RegisterQueries from the living schema files; never edited.

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

-- function register_households
CREATE OR REPLACE FUNCTION public.register_households(p_org uuid)
 RETURNS TABLE(id uuid, code character varying, address character varying, head_shareholder_id uuid)
 LANGUAGE sql
 STABLE
AS $function$
-- The organization's households, for other contexts to join.
SELECT h.id, h.code, h.address, h.head_shareholder_id FROM households h WHERE h.org_id = p_org
$function$;

-- function register_frozen_holders
CREATE OR REPLACE FUNCTION public.register_frozen_holders(p_org uuid)
 RETURNS TABLE(shareholder_id uuid)
 LANGUAGE sql
 STABLE
AS $function$
-- Shareholders with shares frozen now (any class).
SELECT DISTINCT h.shareholder_id FROM holdings h WHERE h.org_id = p_org AND h.frozen > 0
$function$;
