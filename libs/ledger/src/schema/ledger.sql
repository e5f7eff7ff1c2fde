-- The current database rules of the ledger context: every trigger function, trigger and view
-- on its tables, as a freshly migrated database defines them (pg_get_functiondef, pg_get_triggerdef,
-- pg_get_viewdef). Regenerate with `npm run schema -- dump`; test/schema-sql.e2e.spec.ts fails when
-- this file and the migrations disagree. Migrations never read this file at run time: a new
-- migration freezes what it installs (`npm run schema -- freeze`, see docs/architecture.md).

-- function books_bulk_mode
CREATE OR REPLACE FUNCTION public.books_bulk_mode()
 RETURNS boolean
 LANGUAGE sql
 STABLE
AS $function$ SELECT coalesce(current_setting('cl.books_bulk', true), '') = 'on' $function$;

-- function journal_lines_balanced
CREATE OR REPLACE FUNCTION public.journal_lines_balanced()
 RETURNS trigger
 LANGUAGE plpgsql
 SET plan_cache_mode TO 'force_custom_plan'
AS $function$
DECLARE o uuid; vid uuid; d numeric; c numeric; n integer;
BEGIN
  IF TG_OP = 'DELETE' THEN o := OLD.org_id; vid := OLD.voucher_id; ELSE o := NEW.org_id; vid := NEW.voucher_id; END IF;
  IF NOT EXISTS (SELECT 1 FROM vouchers WHERE org_id = o AND id = vid) THEN RETURN NULL; END IF;
  SELECT coalesce(sum(debit), 0), coalesce(sum(credit), 0), count(*) INTO d, c, n
    FROM journal_lines WHERE org_id = o AND voucher_id = vid;
  IF d <> c THEN
    RAISE EXCEPTION 'VOUCHER_UNBALANCED: debits % and credits % differ', d, c;
  END IF;
  IF n < 2 THEN
    RAISE EXCEPTION 'VOUCHER_TOO_FEW_LINES: a voucher needs at least two lines';
  END IF;
  RETURN NULL;
END
$function$;

-- function journal_lines_bulk_added
CREATE OR REPLACE FUNCTION public.journal_lines_bulk_added()
 RETURNS trigger
 LANGUAGE plpgsql
 SET plan_cache_mode TO 'force_custom_plan'
AS $function$
DECLARE bad record;
BEGIN
  IF NOT books_bulk_mode() THEN RETURN NULL; END IF;
  WITH touched AS MATERIALIZED (
    SELECT t.org_id, t.voucher_id, v.status, v.reverses_id, v.ledger_id, s.debit, s.credit, s.n
      FROM (SELECT DISTINCT org_id, voucher_id FROM added_lines) t
      LEFT JOIN LATERAL (SELECT status, reverses_id, ledger_id FROM vouchers WHERE org_id = t.org_id AND id = t.voucher_id OFFSET 0) v ON true
      CROSS JOIN LATERAL (SELECT sum(debit) AS debit, sum(credit) AS credit, count(*) AS n FROM journal_lines WHERE org_id = t.org_id AND voucher_id = t.voucher_id) s),
  accounts_used AS MATERIALIZED (
    SELECT c.org_id, c.ledger_id, c.account_code, a.is_leaf
      FROM (SELECT DISTINCT org_id, ledger_id, account_code FROM added_lines) c
      LEFT JOIN LATERAL (SELECT is_leaf FROM accounts WHERE org_id = c.org_id AND ledger_id = c.ledger_id AND code = c.account_code OFFSET 0) a ON true)
  SELECT * INTO bad FROM (
    SELECT 1 AS rank, l.account_code, t.status, t.reverses_id IS NOT NULL AS reversal, l.ledger_id <> t.ledger_id AS other_ledger, a.is_leaf, NULL::numeric AS debit, NULL::numeric AS credit
      FROM added_lines l
      JOIN touched t ON t.org_id = l.org_id AND t.voucher_id = l.voucher_id
      JOIN accounts_used a ON a.org_id = l.org_id AND a.ledger_id = l.ledger_id AND a.account_code = l.account_code
     WHERE t.status <> 'draft' OR l.ledger_id <> t.ledger_id OR NOT a.is_leaf
        OR (t.reverses_id IS NULL AND (l.debit < 0 OR l.credit < 0)) OR (t.reverses_id IS NOT NULL AND (l.debit > 0 OR l.credit > 0))
    UNION ALL
    SELECT 2, NULL, t.status, NULL, NULL, NULL, t.debit, t.credit FROM touched t WHERE t.status IS NOT NULL AND (t.debit <> t.credit OR t.n < 2)
  ) problems ORDER BY rank LIMIT 1;
  IF NOT FOUND THEN RETURN NULL; END IF;
  IF bad.rank = 2 THEN
    IF bad.debit <> bad.credit THEN RAISE EXCEPTION 'VOUCHER_UNBALANCED: debits % and credits % differ', bad.debit, bad.credit; END IF;
    RAISE EXCEPTION 'VOUCHER_TOO_FEW_LINES: a voucher needs at least two lines';
  END IF;
  IF bad.status <> 'draft' THEN RAISE EXCEPTION 'VOUCHER_IMMUTABLE: lines of a % voucher cannot be changed', bad.status; END IF;
  IF bad.other_ledger THEN RAISE EXCEPTION 'ACCOUNT_NOT_FOUND: line account belongs to another ledger'; END IF;
  IF NOT bad.is_leaf THEN RAISE EXCEPTION 'ACCOUNT_NOT_LEAF: account % has sub-accounts; post to a sub-account', bad.account_code; END IF;
  IF bad.reversal THEN RAISE EXCEPTION 'AMOUNT_NOT_RED: the lines of a reversal voucher are negative (红字)'; END IF;
  RAISE EXCEPTION 'AMOUNT_NEGATIVE: amounts are positive except on a reversal voucher';
END
$function$;

-- function journal_lines_guard
CREATE OR REPLACE FUNCTION public.journal_lines_guard()
 RETURNS trigger
 LANGUAGE plpgsql
 SET plan_cache_mode TO 'force_custom_plan'
AS $function$
DECLARE v record; a record;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    SELECT status INTO v FROM vouchers WHERE org_id = OLD.org_id AND id = OLD.voucher_id;
    IF FOUND AND v.status <> 'draft' THEN
      RAISE EXCEPTION 'VOUCHER_IMMUTABLE: lines of a % voucher cannot be changed', v.status;
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  END IF;
  SELECT status, reverses_id, ledger_id INTO v FROM vouchers WHERE org_id = NEW.org_id AND id = NEW.voucher_id;
  IF v.status <> 'draft' THEN
    RAISE EXCEPTION 'VOUCHER_IMMUTABLE: lines of a % voucher cannot be changed', v.status;
  END IF;
  IF NEW.ledger_id <> v.ledger_id THEN
    RAISE EXCEPTION 'ACCOUNT_NOT_FOUND: line account belongs to another ledger';
  END IF;
  SELECT is_leaf INTO a FROM accounts WHERE org_id = NEW.org_id AND ledger_id = NEW.ledger_id AND code = NEW.account_code;
  IF FOUND AND NOT a.is_leaf THEN
    RAISE EXCEPTION 'ACCOUNT_NOT_LEAF: account % has sub-accounts; post to a sub-account', NEW.account_code;
  END IF;
  IF v.reverses_id IS NULL AND (NEW.debit < 0 OR NEW.credit < 0) THEN
    RAISE EXCEPTION 'AMOUNT_NEGATIVE: amounts are positive except on a reversal voucher';
  END IF;
  IF v.reverses_id IS NOT NULL AND (NEW.debit > 0 OR NEW.credit > 0) THEN
    RAISE EXCEPTION 'AMOUNT_NOT_RED: the lines of a reversal voucher are negative (红字)';
  END IF;
  RETURN NEW;
END
$function$;

-- function opening_balances_balanced
CREATE OR REPLACE FUNCTION public.opening_balances_balanced()
 RETURNS trigger
 LANGUAGE plpgsql
 SET plan_cache_mode TO 'force_custom_plan'
AS $function$
DECLARE o uuid; l uuid; d numeric; c numeric;
BEGIN
  IF TG_OP = 'DELETE' THEN o := OLD.org_id; l := OLD.ledger_id; ELSE o := NEW.org_id; l := NEW.ledger_id; END IF;
  SELECT coalesce(sum(debit), 0), coalesce(sum(credit), 0) INTO d, c FROM opening_balances WHERE org_id = o AND ledger_id = l;
  IF d <> c THEN
    RAISE EXCEPTION 'OPENING_UNBALANCED: opening debits % and credits % differ', d, c;
  END IF;
  RETURN NULL;
END
$function$;

-- function vouchers_bulk_added
CREATE OR REPLACE FUNCTION public.vouchers_bulk_added()
 RETURNS trigger
 LANGUAGE plpgsql
 SET plan_cache_mode TO 'force_custom_plan'
AS $function$
BEGIN
  IF NOT books_bulk_mode() THEN RETURN NULL; END IF;
  IF EXISTS (SELECT 1 FROM added_vouchers v
               CROSS JOIN LATERAL (SELECT count(*) AS n FROM journal_lines l WHERE l.org_id = v.org_id AND l.voucher_id = v.id) s
              WHERE s.n < 2) THEN
    RAISE EXCEPTION 'VOUCHER_TOO_FEW_LINES: a voucher needs at least two lines (in bulk mode, inserted by the statement that inserts the voucher)';
  END IF;
  RETURN NULL;
END
$function$;

-- function vouchers_guard
CREATE OR REPLACE FUNCTION public.vouchers_guard()
 RETURNS trigger
 LANGUAGE plpgsql
 SET plan_cache_mode TO 'force_custom_plan'
AS $function$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status <> 'draft' THEN
      RAISE EXCEPTION 'VOUCHER_IMMUTABLE: a % voucher cannot be deleted', OLD.status;
    END IF;
    RETURN OLD;
  END IF;
  IF TG_OP = 'INSERT' THEN
    IF NEW.status <> 'draft' THEN
      RAISE EXCEPTION 'VOUCHER_INVALID_STATE: vouchers are created as drafts';
    END IF;
    RETURN NEW;
  END IF;
  IF OLD.status = 'posted' THEN
    RAISE EXCEPTION 'VOUCHER_IMMUTABLE: a posted voucher cannot be changed';
  END IF;
  IF OLD.status = 'reviewed' AND NEW.status <> 'posted' THEN
    RAISE EXCEPTION 'VOUCHER_IMMUTABLE: a reviewed voucher cannot be changed';
  END IF;
  IF NEW.status <> OLD.status AND (NEW.org_id, NEW.ledger_id, NEW.period, NEW.voucher_date, NEW.memo, NEW.attachments, NEW.source, NEW.reverses_id, NEW.prepared_by)
       IS DISTINCT FROM (OLD.org_id, OLD.ledger_id, OLD.period, OLD.voucher_date, OLD.memo, OLD.attachments, OLD.source, OLD.reverses_id, OLD.prepared_by) THEN
    RAISE EXCEPTION 'VOUCHER_IMMUTABLE: only the status changes on review or posting';
  END IF;
  IF NEW.status = 'reviewed' AND (NEW.reviewed_by IS NULL OR NEW.reviewed_by = NEW.prepared_by) THEN
    RAISE EXCEPTION 'REVIEWER_IS_PREPARER: a voucher is reviewed by someone other than its preparer';
  END IF;
  IF NEW.status = 'posted' AND NEW.source = 'manual' AND OLD.status <> 'reviewed' THEN
    RAISE EXCEPTION 'VOUCHER_NOT_REVIEWED: a voucher is reviewed before it is posted';
  END IF;
  RETURN NEW;
END
$function$;

-- function vouchers_have_lines
CREATE OR REPLACE FUNCTION public.vouchers_have_lines()
 RETURNS trigger
 LANGUAGE plpgsql
 SET plan_cache_mode TO 'force_custom_plan'
AS $function$
BEGIN
  IF EXISTS (SELECT 1 FROM vouchers WHERE org_id = NEW.org_id AND id = NEW.id)
     AND (SELECT count(*) FROM journal_lines WHERE org_id = NEW.org_id AND voucher_id = NEW.id) < 2 THEN
    RAISE EXCEPTION 'VOUCHER_TOO_FEW_LINES: a voucher needs at least two lines';
  END IF;
  RETURN NULL;
END
$function$;

-- function vouchers_posted
CREATE OR REPLACE FUNCTION public.vouchers_posted()
 RETURNS trigger
 LANGUAGE plpgsql
 SET plan_cache_mode TO 'force_custom_plan'
AS $function$
DECLARE closed text; missing record;
BEGIN
  PERFORM 1 FROM periods p JOIN (SELECT DISTINCT org_id, ledger_id, period FROM (SELECT a.org_id, a.id, a.ledger_id, a.period FROM posted_after a JOIN posted_before b ON b.org_id = a.org_id AND b.id = a.id
                  WHERE a.status = 'posted' AND b.status <> 'posted') n) m
              ON p.org_id = m.org_id AND p.ledger_id = m.ledger_id AND p.period = m.period
   ORDER BY p.org_id, p.ledger_id, p.period FOR SHARE OF p;
  SELECT m.period INTO closed FROM (SELECT DISTINCT org_id, ledger_id, period FROM (SELECT a.org_id, a.id, a.ledger_id, a.period FROM posted_after a JOIN posted_before b ON b.org_id = a.org_id AND b.id = a.id
                  WHERE a.status = 'posted' AND b.status <> 'posted') n) m
   WHERE NOT EXISTS (SELECT 1 FROM periods p WHERE p.org_id = m.org_id AND p.ledger_id = m.ledger_id AND p.period = m.period AND p.status = 'open')
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'PERIOD_CLOSED: period % is closed', closed;
  END IF;
  -- ASSET_REQUIRED (SPEC §8): a line on an account flagged needs_asset carries a fixed-asset card.
  -- Not for imported historical books (source 'import': kept as they were, without cards), nor for
  -- a reversal's line whose original line had no card either (a 红字 reversal copies the original's
  -- cards; its original may be imported or older than this rule).
  SELECT n.id, l.line_no, l.account_code INTO missing
    FROM (SELECT a.org_id, a.id, a.ledger_id, a.reverses_id FROM posted_after a JOIN posted_before b ON b.org_id = a.org_id AND b.id = a.id
           WHERE a.status = 'posted' AND b.status <> 'posted' AND a.source <> 'import') n
    CROSS JOIN LATERAL (SELECT line_no, account_code FROM journal_lines WHERE org_id = n.org_id AND voucher_id = n.id AND asset_id IS NULL OFFSET 0) l
    JOIN accounts c ON c.org_id = n.org_id AND c.ledger_id = n.ledger_id AND c.code = l.account_code AND c.needs_asset
   WHERE n.reverses_id IS NULL
      OR EXISTS (SELECT 1 FROM journal_lines o WHERE o.org_id = n.org_id AND o.voucher_id = n.reverses_id AND o.line_no = l.line_no AND o.asset_id IS NOT NULL)
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'ASSET_REQUIRED: line % (account %) of voucher % has no fixed-asset card', missing.line_no, missing.account_code, missing.id;
  END IF;
  -- Each posted voucher's lines by key (LATERAL), as in journal_lines_bulk_added.
  INSERT INTO account_balances (org_id, ledger_id, account_code, period, debit, credit)
    SELECT l.org_id, l.ledger_id, l.account_code, n.period, sum(l.debit), sum(l.credit)
      FROM (SELECT a.org_id, a.id, a.ledger_id, a.period FROM posted_after a JOIN posted_before b ON b.org_id = a.org_id AND b.id = a.id
                  WHERE a.status = 'posted' AND b.status <> 'posted') n
      CROSS JOIN LATERAL (SELECT org_id, ledger_id, account_code, debit, credit FROM journal_lines WHERE org_id = n.org_id AND voucher_id = n.id OFFSET 0) l
     GROUP BY l.org_id, l.ledger_id, l.account_code, n.period
     ORDER BY l.org_id, l.ledger_id, l.account_code, n.period
  ON CONFLICT (org_id, ledger_id, account_code, period)
    DO UPDATE SET debit = account_balances.debit + EXCLUDED.debit, credit = account_balances.credit + EXCLUDED.credit;
  RETURN NULL;
END
$function$;

-- trigger trg_journal_lines_balanced on journal_lines
CREATE CONSTRAINT TRIGGER trg_journal_lines_balanced AFTER DELETE OR UPDATE ON journal_lines
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW
  EXECUTE FUNCTION journal_lines_balanced();

-- trigger trg_journal_lines_balanced_insert on journal_lines
CREATE CONSTRAINT TRIGGER trg_journal_lines_balanced_insert AFTER INSERT ON journal_lines
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW
  WHEN (NOT books_bulk_mode())
  EXECUTE FUNCTION journal_lines_balanced();

-- trigger trg_journal_lines_bulk_added on journal_lines
CREATE TRIGGER trg_journal_lines_bulk_added AFTER INSERT ON journal_lines
  REFERENCING NEW TABLE AS added_lines
  FOR EACH STATEMENT
  EXECUTE FUNCTION journal_lines_bulk_added();

-- trigger trg_journal_lines_guard on journal_lines
CREATE TRIGGER trg_journal_lines_guard BEFORE DELETE OR UPDATE ON journal_lines
  FOR EACH ROW
  EXECUTE FUNCTION journal_lines_guard();

-- trigger trg_journal_lines_guard_insert on journal_lines
CREATE TRIGGER trg_journal_lines_guard_insert BEFORE INSERT ON journal_lines
  FOR EACH ROW
  WHEN (NOT books_bulk_mode())
  EXECUTE FUNCTION journal_lines_guard();

-- trigger trg_opening_balances_balanced on opening_balances
CREATE CONSTRAINT TRIGGER trg_opening_balances_balanced AFTER INSERT OR DELETE OR UPDATE ON opening_balances
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW
  EXECUTE FUNCTION opening_balances_balanced();

-- trigger trg_vouchers_bulk_added on vouchers
CREATE TRIGGER trg_vouchers_bulk_added AFTER INSERT ON vouchers
  REFERENCING NEW TABLE AS added_vouchers
  FOR EACH STATEMENT
  EXECUTE FUNCTION vouchers_bulk_added();

-- trigger trg_vouchers_guard on vouchers
CREATE TRIGGER trg_vouchers_guard BEFORE INSERT OR DELETE OR UPDATE ON vouchers
  FOR EACH ROW
  EXECUTE FUNCTION vouchers_guard();

-- trigger trg_vouchers_have_lines on vouchers
CREATE CONSTRAINT TRIGGER trg_vouchers_have_lines AFTER INSERT ON vouchers
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW
  WHEN (NOT books_bulk_mode())
  EXECUTE FUNCTION vouchers_have_lines();

-- trigger trg_vouchers_posted on vouchers
CREATE TRIGGER trg_vouchers_posted AFTER UPDATE ON vouchers
  REFERENCING OLD TABLE AS posted_before NEW TABLE AS posted_after
  FOR EACH STATEMENT
  EXECUTE FUNCTION vouchers_posted();
