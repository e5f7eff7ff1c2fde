/**
 * Set-based creation of many organizations for the distribution scenarios: the organization rows
 * (valid 统一社会信用代码, under one town; 经济社 under their 经联社), an accountant and a board member
 * per 经联社 with grants on it and its 经济社 (as a village's 会计 keeps the books of its groups),
 * a collective ledger per organization cloned from a template ledger made through the API (same
 * chart, same sub-accounts), and the year's books reduced to what a distribution reads: one posted
 * revenue voucher (Dr 102 / Cr 501) and the balances the posting trigger would have kept.
 *
 * Written with session_replication_role = replica like the other bulk loads (no triggers, no
 * foreign-key checks, CHECK constraints on); the organizations have no audit entries of their own.
 */
import pg from 'pg';
import { uuidSql } from './register-load.js';

export interface OrgSpec {
  kind: 'union' | 'cooperative';
  /** Index of the parent union in the same list (cooperatives only). */
  parent?: number;
  shareholders: number;
}

export interface LoadedOrg {
  orgId: string;
  ledgerId: string;
  kind: 'union' | 'cooperative';
  shareholders: number;
  /** The year's profit: 2,000.00 per shareholder. */
  revenue: string;
  /** The users of its 经联社 (its own for a 经联社). */
  accountantId: string;
  boardId: string;
}

/** A deterministic pseudo-random generator (mulberry32), so every run draws the same sizes. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function loadOrganizations(
  c: pg.Client,
  opts: {
    townId: string;
    specs: OrgSpec[];
    codePrefix: string;
    checkChar: (first17: string) => string | null;
    /** The users' password hash (copied from a user made through the product; the bench signs its tokens). */
    passwordHash: string;
    templateLedgerId: string;
    templateOrgId: string;
    year: number;
    batch: string;
    /** Write the year's profit as one posted voucher (the distribution scenarios); false when the books are imported through the API instead. */
    revenueVoucher: boolean;
  },
): Promise<LoadedOrg[]> {
  const rows = opts.specs.map((s, i) => {
    const first17 = `${opts.codePrefix}${String(i).padStart(17 - opts.codePrefix.length, '0')}`;
    const check = opts.checkChar(first17);
    if (!check) throw new Error(`no check character for ${first17}`);
    // The group (经联社) whose users serve this organization.
    return { i, kind: s.kind, parent: s.parent ?? null, code: first17 + check, n: s.shareholders, g: s.kind === 'union' ? i : s.parent! };
  });
  const json = JSON.stringify(rows);
  const R = `(SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(i int, kind text, parent int, code text, n int, g int)) r`;
  const orgId = (i: string) => uuidSql(`'${opts.batch}o' || ${i}`);
  await c.query('BEGIN');
  try {
    await c.query(`SET LOCAL session_replication_role = replica`);
    await c.query(`SET LOCAL synchronous_commit = off`);
    await c.query(
      `INSERT INTO organizations (id, code, name, kind, parent_id, ancestor_ids)
       SELECT ${orgId('r.i')}, r.code, CASE WHEN r.kind = 'union' THEN '基准第' || r.i || '股份经济联合社' ELSE '基准第' || r.i || '股份经济合作社' END, r.kind,
              CASE WHEN r.kind = 'union' THEN $2::uuid ELSE ${orgId('r.parent')} END,
              CASE WHEN r.kind = 'union' THEN ARRAY[$2::uuid] ELSE ARRAY[$2::uuid, ${orgId('r.parent')}] END
         FROM ${R}`,
      [json, opts.townId],
    );
    const userId = (role: string, g: string) => uuidSql(`'${opts.batch}${role}' || ${g}`);
    for (const role of ['accountant', 'board']) {
      await c.query(
        `INSERT INTO users (id, username, password_hash) SELECT ${userId(role, 'r.i')}, 'bench.${opts.batch}.' || $3 || '.' || r.i, $2 FROM ${R} WHERE r.kind = 'union'`,
        [json, opts.passwordHash, role],
      );
      await c.query(`INSERT INTO role_grants (user_id, org_id, role) SELECT ${userId(role, 'r.g')}, ${orgId('r.i')}, $2 FROM ${R}`, [json, role]);
    }
    const ledgerId = (i: string) => uuidSql(`'${opts.batch}l' || ${i}`);
    await c.query(
      `INSERT INTO ledgers (org_id, id, name, kind, chart, start_period)
       SELECT ${orgId('r.i')}, ${ledgerId('r.i')}, t.name, t.kind, t.chart, t.start_period FROM ${R}, ledgers t WHERE t.org_id = $2 AND t.id = $3`,
      [json, opts.templateOrgId, opts.templateLedgerId],
    );
    await c.query(
      `INSERT INTO accounts (org_id, ledger_id, code, name, category, normal_side, contra, parent_code, is_leaf, needs_counterparty, needs_asset)
       SELECT ${orgId('r.i')}, ${ledgerId('r.i')}, a.code, a.name, a.category, a.normal_side, a.contra, a.parent_code, a.is_leaf, a.needs_counterparty, a.needs_asset
         FROM ${R}, accounts a WHERE a.org_id = $2 AND a.ledger_id = $3`,
      [json, opts.templateOrgId, opts.templateLedgerId],
    );
    await c.query(
      `INSERT INTO periods (org_id, ledger_id, period, last_voucher_number)
       SELECT ${orgId('r.i')}, ${ledgerId('r.i')}, $2 || '-' || lpad(m::text, 2, '0'), CASE WHEN m = 6 AND $3 THEN 1 ELSE 0 END FROM ${R}, generate_series(1, 12) m`,
      [json, String(opts.year), opts.revenueVoucher],
    );
    const voucherId = (i: string) => uuidSql(`'${opts.batch}v' || ${i}`);
    if (opts.revenueVoucher) {
    await c.query(
      `INSERT INTO vouchers (org_id, id, ledger_id, period, voucher_date, memo, attachments, status, number, source, prepared_by, reviewed_by, posted_by, created_at, posted_at)
       SELECT ${orgId('r.i')}, ${voucherId('r.i')}, ${ledgerId('r.i')}, $2 || '-06', make_date($2::int, 6, 30), '全年租金收入', 1, 'posted', 1, 'manual',
              ${userId('accountant', 'r.g')}, ${userId('board', 'r.g')}, ${userId('accountant', 'r.g')}, now(), now() FROM ${R}`,
      [json, String(opts.year)],
    );
    await c.query(
      `INSERT INTO journal_lines (org_id, voucher_id, line_no, ledger_id, account_code, debit, credit)
       SELECT ${orgId('r.i')}, ${voucherId('r.i')}, 1, ${ledgerId('r.i')}, '102', r.n * 2000.00, 0 FROM ${R}
       UNION ALL
       SELECT ${orgId('r.i')}, ${voucherId('r.i')}, 2, ${ledgerId('r.i')}, '501', 0, r.n * 2000.00 FROM ${R}`,
      [json],
    );
    await c.query(
      `INSERT INTO account_balances (org_id, ledger_id, account_code, period, debit, credit)
       SELECT l.org_id, l.ledger_id, l.account_code, $2 || '-06', sum(l.debit), sum(l.credit)
         FROM journal_lines l WHERE l.org_id IN (SELECT ${orgId('r.i')} FROM ${R}) GROUP BY l.org_id, l.ledger_id, l.account_code`,
      [json, String(opts.year)],
    );
    }
    const created = await c.query<{ org_id: string; ledger_id: string; i: number; accountant_id: string; board_id: string }>(
      `SELECT ${orgId('r.i')} AS org_id, ${ledgerId('r.i')} AS ledger_id, r.i, ${userId('accountant', 'r.g')} AS accountant_id, ${userId('board', 'r.g')} AS board_id FROM ${R} ORDER BY r.i`,
      [json],
    );
    await c.query('COMMIT');
    return created.rows.map((row) => ({
      orgId: row.org_id,
      ledgerId: row.ledger_id,
      kind: rows[row.i].kind as 'union' | 'cooperative',
      shareholders: rows[row.i].n,
      revenue: `${rows[row.i].n * 2000}.00`,
      accountantId: row.accountant_id,
      boardId: row.board_id,
    }));
  } catch (error) {
    await c.query('ROLLBACK');
    throw error;
  }
}

/**
 * Dongguan's shape: 551 经联社 and 2,473 经济社 sharing 1.19 M shareholders, skewed — 30 big 经联社
 * of 5–10 k, the other 经联社 of 300–1,500, the 经济社 small (50–350) — drawn from a seeded
 * generator, then scaled so the total is exact.
 */
export function dongguanSizes(total = 1_190_000, unions = 551, cooperatives = 2_473, seed = 20_241_231): OrgSpec[] {
  const random = seeded(seed);
  const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const specs: OrgSpec[] = [];
  const big = Math.min(30, Math.round(unions * 0.055));
  for (let u = 0; u < unions; u++) specs.push({ kind: 'union', shareholders: u < big ? between(5_000, 10_000) : between(300, 1_500) });
  for (let k = 0; k < cooperatives; k++) specs.push({ kind: 'cooperative', parent: k % unions, shareholders: between(50, 350) });
  // Scale the small ones so the whole adds up to `total` exactly (the big 经联社 keep their size).
  const fixed = specs.slice(0, big).reduce((s, o) => s + o.shareholders, 0);
  const rest = specs.slice(big);
  const restTotal = rest.reduce((s, o) => s + o.shareholders, 0);
  let assigned = 0;
  rest.forEach((o, k) => {
    o.shareholders = k === rest.length - 1 ? total - fixed - assigned : Math.max(20, Math.round((o.shareholders * (total - fixed)) / restTotal));
    assigned += k === rest.length - 1 ? 0 : o.shareholders;
  });
  return specs;
}
