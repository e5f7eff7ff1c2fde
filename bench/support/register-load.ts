/**
 * Set-based, deterministic fill of share registers for the register and distribution scenarios.
 *
 * Per organization of N shareholders: ⌈N / 3.3⌉ households; N member shareholders numbered
 * 0000001…; one 集体 holder (the organization itself); three classes — BASIC 基本股 (weight 1,
 * transferable, inheritable), LABOR 劳龄股 (weight 0.5, not transferable, inheritable) and COLL
 * 集体股 (weight 1, held by the organization); one effective `initial_allocation` on
 * (year − 5)-01-01 (every member 1–10 BASIC, every third member 1–5 LABOR, the 集体 holder 10 % of
 * the BASIC total as COLL); ⌊N / 50⌋ effective transfers of 1 BASIC during the fiscal year, each
 * from a different member (2k → 2k+1); ⌊N / 1000⌋ effective freezes of 1 BASIC (of odd-numbered members, who never send); the holdings
 * projection computed from the legs (what applying them one by one maintains).
 *
 * Loaded with session_replication_role = replica (triggers and foreign-key checks off, CHECK
 * constraints still on), as bench/support/bulk-load.ts does for vouchers: the point is to measure
 * what reads and calculates on a register of this size, not to time its creation event by event.
 */
import pg from 'pg';

export interface RegisterTarget {
  orgId: string;
  shareholders: number;
  /** The fiscal year the transfers fall in (the distribution's year). */
  year: number;
}

export const CLASSES = [
  { code: 'BASIC', name: '基本股', weight: '1', transferable: true, inheritable: true },
  { code: 'LABOR', name: '劳龄股', weight: '0.5', transferable: false, inheritable: true },
  { code: 'COLL', name: '集体股', weight: '1', transferable: false, inheritable: false },
];

/** A deterministic version-4-shaped uuid from the md5 of a text (the API validates ids as v4 uuids). */
export const uuidSql = (text: string) => `overlay(overlay(md5(${text}) placing '4' from 13) placing '8' from 17)::uuid`;
/** The uuid of entity `kind` number `n` of an organization. */
const uuidOf = (kind: string, n: string) => uuidSql(`o.org_id::text || '${kind}' || ${n}`);

/** Loads the registers of many organizations in a handful of statements (one per table), in one transaction. */
export async function loadRegisters(c: pg.Client, targets: RegisterTarget[]): Promise<{ ms: number; legs: number }> {
  const t0 = process.hrtime.bigint();
  const orgs = JSON.stringify(targets.map((t) => ({ org_id: t.orgId, n: t.shareholders, year: t.year })));
  const O = `(SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(org_id uuid, n int, year int)) o`;
  await c.query('BEGIN');
  try {
    await c.query(`SET LOCAL session_replication_role = replica`);
    await c.query(`SET LOCAL synchronous_commit = off`);
    await c.query(`SET LOCAL work_mem = '256MB'`);
    for (const k of CLASSES) {
      await c.query(
        `INSERT INTO share_classes (org_id, code, name, weight, transferable, giftable, inheritable, non_inheritable_to)
         SELECT o.org_id, $2, $3, $4::numeric, $5, $5, $6, 'collective' FROM ${O}`,
        [orgs, k.code, k.name, k.weight, k.transferable, k.inheritable],
      );
    }
    await c.query(
      `INSERT INTO households (org_id, id, code, address)
       SELECT o.org_id, ${uuidOf('h', 'h')}, 'H' || lpad(h::text, 6, '0'), '第' || (h % 40 + 1) || '村民小组'
         FROM ${O}, generate_series(1, floor((o.n - 1) / 3.3)::int + 1) h`,
      [orgs],
    );
    // 身份证: region 441900, a birth date, a sequence and the GB 11643 check character, computed here.
    await c.query(
      `INSERT INTO shareholders (org_id, id, number, name, id_number, household_id, member, collective, phone, bank_account)
       SELECT o.org_id, ${uuidOf('s', 'i')}, lpad(i::text, 7, '0'), '股东' || i, id17 || substr('10X98765432', (
                (SELECT sum(substr(id17, k, 1)::int * ((2 ^ (18 - k))::bigint % 11)) FROM generate_series(1, 17) k) % 11)::int + 1, 1),
              ${uuidOf('h', '(floor((i - 1) / 3.3)::int + 1)')}, true, false, '138' || lpad(i::text, 8, '0'), '6222' || lpad(i::text, 15, '0')
         FROM ${O}, generate_series(1, o.n) i,
              LATERAL (SELECT '441900' || to_char(date '1950-01-01' + i % 20000, 'YYYYMMDD') || lpad((i / 20000 % 1000)::text, 3, '0') AS id17) d`,
      [orgs],
    );
    await c.query(
      `INSERT INTO shareholders (org_id, id, number, name, member, collective) SELECT o.org_id, ${uuidOf('s', '0')}, '0000000', '集体', false, true FROM ${O}`,
      [orgs],
    );
    await c.query(
      `UPDATE households h SET head_shareholder_id = ${uuidSql(`h.org_id::text || 's' || (ceil((substr(h.code, 2)::int - 1) * 3.3)::int + 1)`)} WHERE h.org_id = ANY($1::uuid[])`,
      [targets.map((t) => t.orgId)],
    );
    // Events: 0 = the initial allocation; 1..⌊N/50⌋ transfers; then the freezes.
    await c.query(
      `INSERT INTO share_events (org_id, id, type, status, effective_date, details, created_at, effective_at)
       SELECT o.org_id, ${uuidOf('e', '0')}, 'initial_allocation', 'effective', make_date(o.year - 5, 1, 1), '{}'::jsonb, now(), now() FROM ${O}
       UNION ALL
       SELECT o.org_id, ${uuidOf('e', 'k')}, 'transfer', 'effective', make_date(o.year, 1, 1) + (k * 37) % 360, '{}'::jsonb, now(), now()
         FROM ${O}, generate_series(1, o.n / 50) k
       UNION ALL
       SELECT o.org_id, ${uuidOf('e', '(o.n / 50 + f)')}, 'freeze', 'effective', make_date(o.year, 6, 1), '{"reason":"纠纷"}'::jsonb, now(), now()
         FROM ${O}, generate_series(1, o.n / 1000) f`,
      [orgs],
    );
    const legs = await c.query(
      `INSERT INTO share_event_legs (org_id, event_id, leg_no, shareholder_id, class_code, quantity, frozen)
       SELECT o.org_id, ${uuidOf('e', '0')}, i, ${uuidOf('s', 'i')}, 'BASIC', 1 + (i * 31) % 10, 0 FROM ${O}, generate_series(1, o.n) i
       UNION ALL
       SELECT o.org_id, ${uuidOf('e', '0')}, o.n + i, ${uuidOf('s', 'i')}, 'LABOR', 1 + (i * 17) % 5, 0 FROM ${O}, generate_series(3, o.n, 3) i
       UNION ALL
       SELECT o.org_id, ${uuidOf('e', '0')}, 2 * o.n + 1, ${uuidOf('s', '0')}, 'COLL', greatest(1, round(o.n * 5.5 * 0.1)), 0 FROM ${O}
       UNION ALL
       SELECT o.org_id, ${uuidOf('e', 'k')}, 1, ${uuidOf('s', '(2 * k)')}, 'BASIC', -1, 0 FROM ${O}, generate_series(1, o.n / 50) k
       UNION ALL
       SELECT o.org_id, ${uuidOf('e', 'k')}, 2, ${uuidOf('s', '(2 * k + 1)')}, 'BASIC', 1, 0 FROM ${O}, generate_series(1, o.n / 50) k
       UNION ALL
       SELECT o.org_id, ${uuidOf('e', '(o.n / 50 + f)')}, 1, ${uuidOf('s', '(2 * ((f * 997) % (o.n / 2)) + 1)')}, 'BASIC', 0, 1 FROM ${O}, generate_series(1, o.n / 1000) f`,
      [orgs],
    );
    await c.query(
      `INSERT INTO holdings (org_id, shareholder_id, class_code, quantity, frozen)
       SELECT l.org_id, l.shareholder_id, l.class_code, sum(l.quantity), sum(l.frozen)
         FROM share_event_legs l WHERE l.org_id = ANY($1::uuid[]) GROUP BY l.org_id, l.shareholder_id, l.class_code`,
      [targets.map((t) => t.orgId)],
    );
    await c.query('COMMIT');
    return { ms: Number(process.hrtime.bigint() - t0) / 1e6, legs: legs.rowCount ?? 0 };
  } catch (error) {
    await c.query('ROLLBACK');
    throw error;
  }
}
