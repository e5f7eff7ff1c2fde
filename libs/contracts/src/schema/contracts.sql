-- The current database rules of the contracts context: every trigger function, trigger and view
-- on its tables, as a freshly migrated database defines them (pg_get_functiondef, pg_get_triggerdef,
-- pg_get_viewdef). Regenerate with `npm run schema -- dump`; test/schema-sql.e2e.spec.ts fails when
-- this file and the migrations disagree. Migrations never read this file at run time: a new
-- migration freezes what it installs (`npm run schema -- freeze`, see docs/architecture.md).

-- function contracts_receipt_balanced
CREATE OR REPLACE FUNCTION public.contracts_receipt_balanced()
 RETURNS trigger
 LANGUAGE plpgsql
 SET plan_cache_mode TO 'force_custom_plan'
AS $function$
BEGIN
  IF NEW.amount <> (SELECT coalesce(sum(a.amount), 0) FROM rent_receipt_applications a WHERE a.org_id = NEW.org_id AND a.receipt_id = NEW.id) THEN
    RAISE EXCEPTION 'RECEIPT_UNBALANCED: a receipt is applied to bills in full';
  END IF;
  RETURN NULL;
END
$function$;

-- function contracts_schedule_guard
CREATE OR REPLACE FUNCTION public.contracts_schedule_guard()
 RETURNS trigger
 LANGUAGE plpgsql
 SET plan_cache_mode TO 'force_custom_plan'
AS $function$
BEGIN
  -- A bill once accrued is in the books: its amount, dates and contract never change, it is never deleted.
  IF TG_OP = 'DELETE' THEN
    IF OLD.accrual_run_id IS NOT NULL THEN
      RAISE EXCEPTION 'RENT_BILL_ACCRUED: an accrued rent bill is not deleted';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.accrual_run_id IS NOT NULL AND (NEW.accrual_run_id IS DISTINCT FROM OLD.accrual_run_id OR NEW.amount <> OLD.amount
       OR NEW.period_start <> OLD.period_start OR NEW.due_date <> OLD.due_date OR NEW.accrual_period <> OLD.accrual_period OR NEW.contract_id <> OLD.contract_id) THEN
    RAISE EXCEPTION 'RENT_BILL_ACCRUED: an accrued rent bill is not changed';
  END IF;
  IF NEW.received <> OLD.received AND NEW.received <> (SELECT coalesce(sum(a.amount), 0) FROM rent_receipt_applications a
       WHERE a.org_id = NEW.org_id AND a.contract_id = NEW.contract_id AND a.seq = NEW.seq) THEN
    RAISE EXCEPTION 'RENT_RECEIVED_MISMATCH: a bill''s received amount is the sum of the receipts applied to it';
  END IF;
  RETURN NEW;
END
$function$;

-- function contracts_trade_bid_guard
CREATE OR REPLACE FUNCTION public.contracts_trade_bid_guard()
 RETURNS trigger
 LANGUAGE plpgsql
 SET plan_cache_mode TO 'force_custom_plan'
AS $function$
DECLARE
  t trades%ROWTYPE;
  last_bid numeric;
BEGIN
  -- The trade's row lock serializes bids: each is compared with the last one committed before it.
  SELECT * INTO t FROM trades WHERE org_id = NEW.org_id AND id = NEW.trade_id FOR UPDATE;
  IF t.status <> 'open' THEN
    RAISE EXCEPTION 'TRADE_CLOSED: the trade is %; it takes no more bids', t.status;
  END IF;
  IF NEW.amount < t.reserve_price THEN
    RAISE EXCEPTION 'BID_BELOW_RESERVE: a bid of % is below the reserve price %', NEW.amount, t.reserve_price;
  END IF;
  SELECT max(b.amount) INTO last_bid FROM trade_bids b WHERE b.org_id = NEW.org_id AND b.trade_id = NEW.trade_id;
  IF last_bid IS NOT NULL AND NEW.amount < last_bid + t.increment THEN
    RAISE EXCEPTION 'BID_TOO_LOW: a bid of % is below the last bid % plus the increment %', NEW.amount, last_bid, t.increment;
  END IF;
  RETURN NEW;
END
$function$;

-- function contracts_trade_closed
CREATE OR REPLACE FUNCTION public.contracts_trade_closed()
 RETURNS trigger
 LANGUAGE plpgsql
 SET plan_cache_mode TO 'force_custom_plan'
AS $function$
DECLARE
  s text;
BEGIN
  IF TG_TABLE_NAME = 'trades' THEN
    IF TG_OP = 'DELETE' THEN s := OLD.status; ELSE s := OLD.status; END IF;
  ELSE
    SELECT t.status INTO s FROM trades t WHERE t.org_id = coalesce(NEW.org_id, OLD.org_id) AND t.id = coalesce(NEW.trade_id, OLD.trade_id);
  END IF;
  IF s <> 'open' THEN
    RAISE EXCEPTION 'TRADE_CLOSED: a closed trade is not changed';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END
$function$;

-- trigger trg_rent_receipt_balanced on rent_receipts
CREATE CONSTRAINT TRIGGER trg_rent_receipt_balanced AFTER INSERT OR UPDATE ON rent_receipts
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW
  EXECUTE FUNCTION contracts_receipt_balanced();

-- trigger trg_rent_schedule_guard on rent_schedule
CREATE TRIGGER trg_rent_schedule_guard BEFORE DELETE OR UPDATE ON rent_schedule
  FOR EACH ROW
  EXECUTE FUNCTION contracts_schedule_guard();

-- trigger trg_trade_bidder_closed on trade_bidders
CREATE TRIGGER trg_trade_bidder_closed BEFORE INSERT OR DELETE OR UPDATE ON trade_bidders
  FOR EACH ROW
  EXECUTE FUNCTION contracts_trade_closed();

-- trigger trg_trade_bid_closed on trade_bids
CREATE TRIGGER trg_trade_bid_closed BEFORE DELETE OR UPDATE ON trade_bids
  FOR EACH ROW
  EXECUTE FUNCTION contracts_trade_closed();

-- trigger trg_trade_bid_guard on trade_bids
CREATE TRIGGER trg_trade_bid_guard BEFORE INSERT ON trade_bids
  FOR EACH ROW
  EXECUTE FUNCTION contracts_trade_bid_guard();

-- trigger trg_trade_closed on trades
CREATE TRIGGER trg_trade_closed BEFORE DELETE OR UPDATE ON trades
  FOR EACH ROW
  EXECUTE FUNCTION contracts_trade_closed();
