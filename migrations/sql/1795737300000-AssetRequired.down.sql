-- Frozen for migration 1795737300000-AssetRequired.down from the living schema files; never edited.

-- function vouchers_posted
CREATE OR REPLACE FUNCTION public.vouchers_posted()
 RETURNS trigger
 LANGUAGE plpgsql
 SET plan_cache_mode TO 'force_custom_plan'
AS $function$
DECLARE closed text;
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
