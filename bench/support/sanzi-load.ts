/**
 * Dongguan at the scale of issues 16 and 17, loaded set-based: towns of ~60 organizations (经联社 and
 * 经济社 in Dongguan's proportion, 551 : 2,473), each with a collective ledger, 50 fixed-asset cards,
 * 30 signed leases with their rent schedules and a year of books.
 *
 * One template organization is made through the product's services (ledger, the year's books through
 * the bulk import, cards posted with their acquisition vouchers, contracts created and signed, so
 * every trigger runs once for real); every other organization is a copy of its rows, one
 * `INSERT … SELECT` per table and batch, with the ids remapped per organization (a uuid of the new
 * organization and the old id, the same in every table, so the references hold). The copy runs with
 * session_replication_role = replica like the other bulk loads: the derived rows the triggers keep
 * (account_balances, period counters, card totals) are copied from the template, where the triggers
 * wrote them, so each copy is exactly what the triggers would have left. Audit chains are not copied
 * (hashes cover the organization): each copy starts its chain with its first job.
 */
import pg from 'pg';
import type { Bench } from './harness.js';
import { round, say } from './harness.js';
import { uuidSql } from './register-load.js';

type AssetsLib = typeof import('../../libs/assets/src/index.js');
type ContractsLib = typeof import('../../libs/contracts/src/index.js');
type LedgerLib = typeof import('../../libs/ledger/src/index.js');

export interface SanziOrg {
  orgId: string;
  ledgerId: string;
  kind: 'union' | 'cooperative';
  town: number;
}

export interface SanziWorld {
  /** The books' year and the month the jobs run for (the last month before today, China time). */
  year: number;
  period: string;
  towns: { townId: string; organizations: number }[];
  orgs: SanziOrg[];
  /** A 农办 supervisor with a grant on every town (for the dashboard). */
  supervisorId: string;
  template: { orgId: string; ledgerId: string; vouchers: number; lines: number; cards: number; contracts: number };
  /** What one organization's month comes to (every organization is the template's copy). */
  perOrg: { depreciation: string; depreciatedCards: number; accrual: string; accruedContracts: number };
  seconds: { template: number; copy: number; analyze: number };
  rows: Record<string, number>;
}

export const CARDS = 50;
export const CONTRACTS = 30;
const PURPOSES = ['production', 'operating', 'leased', 'management', 'public_welfare'] as const;
/** Tables whose rows are per organization but not copied: audit chains (hashes cover the organization), grants, derived warnings, the towns' settings. */
const NOT_COPIED = new Set(['audit_log', 'audit_heads', 'role_grants', 'warnings', 'warning_thresholds', 'idempotency_keys']);
/** uuid columns naming users (global, kept as they are); every other uuid column names a row of the organization and is remapped. */
const USER_COLUMNS = new Set(['prepared_by', 'reviewed_by', 'posted_by', 'created_by', 'approved_by', 'set_by', 'state_by', 'applied_by', 'filed_by', 'answered_by', 'user_id', 'actor_id']);

const pad = (n: number, w: number) => String(n).padStart(w, '0');
/** The month before `today` (YYYY-MM-DD). */
export function previousMonth(today: string): string {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  return m === 1 ? `${y - 1}-12` : `${y}-${pad(m - 1, 2)}`;
}

/**
 * Dongguan's shape scaled to `n` organizations: 经联社 in the proportion 551 of 3,024 (at least one),
 * the rest 经济社 spread over them; towns of ~60 (3,024 → 50 towns). Union u is in town
 * floor(u · towns / unions); a 经济社 in its 经联社's town. Index 0 is a 经联社 of town 0 (the template).
 */
export function sanziShape(n: number, perTown = 60): { kind: 'union' | 'cooperative'; parent: number | null; town: number }[] {
  const unions = Math.max(1, Math.round((n * 551) / 3024));
  const towns = Math.max(1, Math.round(n / perTown));
  const out: { kind: 'union' | 'cooperative'; parent: number | null; town: number }[] = [];
  for (let u = 0; u < unions; u++) out.push({ kind: 'union', parent: null, town: Math.floor((u * towns) / unions) });
  for (let k = 0; k < n - unions; k++) out.push({ kind: 'cooperative', parent: k % unions, town: out[k % unions].town });
  return out;
}

/**
 * A year of books as the import takes it, through `last` (YYYY-MM): 25 vouchers a month — rent into
 * the bank (Dr 102 / Cr 501), expenses (Dr 511, 513 / Cr 102), cash drawn (Dr 101 / Cr 102), cash paid
 * (Dr 513 / Cr 101, some of them large), small rent in cash (Dr 101 / Cr 501) — so the cash rules
 * (W1, W3, W4) have days to read and find something.
 */
export function sanziBooks(year: number, last: string): { openingBalances: unknown[]; vouchers: unknown[]; lines: number } {
  const vouchers: { date: string; memo: string; lines: unknown[] }[] = [];
  let lines = 2;
  for (let m = 1; m <= 12 && `${year}-${pad(m, 2)}` <= last; m++) {
    for (let k = 0; k < 25; k++) {
      const date = `${year}-${pad(m, 2)}-${pad((k % 27) + 1, 2)}`;
      const kind = k % 5;
      if (kind === 0) vouchers.push({ date, memo: '收到厂房租金', lines: [{ accountCode: '102', debit: `${38_000 + k * 11}.50` }, { accountCode: '501', credit: `${38_000 + k * 11}.50` }] });
      else if (kind === 1)
        vouchers.push({ date, memo: '支付管护及管理费用', lines: [{ accountCode: '511', debit: '4200.00' }, { accountCode: '513', debit: '1800.35' }, { accountCode: '102', credit: '6000.35' }] });
      else if (kind === 2) vouchers.push({ date, memo: '提取备用金', lines: [{ accountCode: '101', debit: k % 10 === 2 ? '6000.00' : '1500.00' }, { accountCode: '102', credit: k % 10 === 2 ? '6000.00' : '1500.00' }] });
      else if (kind === 3) vouchers.push({ date, memo: '现金支付零星开支', lines: [{ accountCode: '513', debit: k % 10 === 3 ? '5200.00' : '860.00' }, { accountCode: '101', credit: k % 10 === 3 ? '5200.00' : '860.00' }] });
      else vouchers.push({ date, memo: '收到零星租金（现金）', lines: [{ accountCode: '101', debit: '300.00' }, { accountCode: '501', credit: '300.00' }] });
      lines += kind === 1 ? 3 : 2;
    }
  }
  return { openingBalances: [{ accountCode: '101', debit: '3000.00' }, { accountCode: '102', debit: '8000000.00' }, { accountCode: '301', credit: '8003000.00' }], vouchers, lines };
}

/**
 * `beforeCopy` runs on the template once it is made through the services and before it is copied,
 * so whatever it writes through the services (the supervision bench accrues the year's rent) is in
 * every copy too.
 */
export async function loadSanzi(
  b: Bench,
  opts: { orgs: number; today: string; perTown?: number; batch?: number; beforeCopy?: (template: { orgId: string; ledgerId: string; period: string; year: number }) => Promise<void> },
): Promise<SanziWorld> {
  const { app, compiled } = b;
  const { RequestContext, creditCodeCheckChar, idNumberCheckChar } = compiled.core;
  const dist = new URL('../../dist/', import.meta.url);
  const assetsLib = (await import(new URL('libs/assets/src/index.js', dist).href)) as AssetsLib;
  const contractsLib = (await import(new URL('libs/contracts/src/index.js', dist).href)) as ContractsLib;
  const ledgerLib = (await import(new URL('libs/ledger/src/index.js', dist).href)) as LedgerLib;
  const period = previousMonth(opts.today);
  const year = Number(period.slice(0, 4));
  const shape = sanziShape(opts.orgs, opts.perTown);
  const townCount = Math.max(...shape.map((s) => s.town)) + 1;
  const code = (body: string) => {
    const check = creditCodeCheckChar(body);
    if (!check) throw new Error(`no check character for ${body}`);
    return body + check;
  };
  const townCode = (t: number) => code(`11441900MB3T${pad(t, 5)}`);
  const orgCode = (i: number) => code(`N2441900MA${pad(i, 7)}`);
  const person = (n: number) => {
    const first17 = `4419001980${pad((n % 12) + 1, 2)}${pad((n % 28) + 1, 2)}${pad(n % 1000, 3)}`;
    return first17 + idNumberCheckChar(first17);
  };

  // ---- the template, through the services ----
  const t0 = process.hrtime.bigint();
  const orgsService = app.get(compiled.organizations.OrganizationsService);
  const users = app.get(compiled.auth.UsersService);
  const ledgers = app.get(ledgerLib.LedgersService);
  const importer = app.get(ledgerLib.BooksImportService);
  const assets = app.get(assetsLib.AssetsService);
  const contracts = app.get(contractsLib.ContractsService);
  const books = sanziBooks(year, period);
  const template = await RequestContext.run({ requestId: 'bench-sanzi-seed', principal: null }, async () => {
    const town = await orgsService.create({ code: townCode(0), name: '基准第0镇街', kind: 'town' });
    const org = await orgsService.create({ code: orgCode(0), name: '基准第0股份经济联合社', kind: 'union', parentId: town.id });
    const accountant = await users.create({ username: 'bench.sanzi.accountant', password: 'bench.sanzi.accountant-password', grants: [{ orgId: org.id, role: 'accountant' }] });
    const supervisor = await users.create({ username: 'bench.sanzi.supervisor', password: 'bench.sanzi.supervisor-password', grants: [{ orgId: town.id, role: 'supervisor' }] });
    const ledger = await ledgers.create(org.id, { name: '集体经济账', kind: 'collective', chart: '2023', startPeriod: `${year}-01` } as never);
    await importer.import(org.id, ledger.id, { openingBalances: books.openingBalances, vouchers: books.vouchers }, accountant.id);
    for (let c = 0; c < CARDS; c++) {
      await assets.create(org.id, ledger.id, {
        cardNo: `GZ-${pad(c, 4)}`,
        name: `${c} 号资产`,
        category: c % 3 === 0 ? '房屋建筑物' : c % 3 === 1 ? '机器设备' : '其他',
        purpose: PURPOSES[c % PURPOSES.length],
        acquisitionType: 'purchase',
        creditAccountCode: '102',
        cost: `${60_000 + c * 1_733}.00`,
        salvageRate: '0.0500',
        inServiceDate: `${year}-01-${pad((c % 27) + 1, 2)}`,
        method: 'straight_line',
        usefulLifeMonths: c % 2 === 0 ? 240 : 120,
      } as never);
    }
    for (let c = 0; c < CONTRACTS; c++) {
      const created = await contracts.create(org.id, {
        ledgerId: ledger.id,
        number: `HT-${pad(c, 3)}`,
        title: '厂房租赁合同',
        parties: [{ kind: 'person', name: `承租人${c}`, idCode: person(c) }],
        objects: [{ description: `${c} 号厂房` }],
        startDate: `${year}-01-01`,
        endDate: `${year + 2}-12-31`,
        billingCycle: 'monthly',
        monthlyRent: `${8000 + c * 137}.50`,
        escalationPercent: '5.00',
      } as never);
      await contracts.sign(org.id, created.id, `${year - 1}-12-20`);
    }
    return { townId: town.id, orgId: org.id, ledgerId: ledger.id, supervisorId: supervisor.id };
  });
  if (opts.beforeCopy) await opts.beforeCopy({ orgId: template.orgId, ledgerId: template.ledgerId, period, year });
  const templateSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  say(`template organization in ${round(templateSeconds)} s (${books.vouchers.length} vouchers imported, ${CARDS} cards, ${CONTRACTS} contracts)`);

  // What one organization's month comes to, from the template's own rows and the product's rule.
  const cards = (await b.pool.query<{ cost: string; salvage: string; life: number }>(`SELECT cost::text, salvage::text, useful_life_months AS life FROM fixed_assets WHERE org_id = $1`, [template.orgId])).rows;
  const depreciation = cards.reduce((s, c) => s.plus(assetsLib.monthlyStraightLine(c.cost, c.salvage, c.life)), new compiled.core.Decimal(0));
  const accrual = (
    await b.pool.query<{ total: string; n: number }>(`SELECT coalesce(sum(amount), 0)::text AS total, count(DISTINCT contract_id)::int AS n FROM rent_schedule WHERE org_id = $1 AND accrual_period = $2`, [template.orgId, period])
  ).rows[0];

  // ---- the copies ----
  const t1 = process.hrtime.bigint();
  const c = new pg.Client({ connectionString: b.databaseUrl });
  await c.connect();
  try {
    const towns = Array.from({ length: townCount }, (_, t) => ({ t, code: townCode(t) }));
    const orgRows = shape.map((s, i) => ({ i, kind: s.kind, parent: s.parent, town: s.town, code: orgCode(i) }));
    const townId = (t: string) => `CASE WHEN ${t} = 0 THEN '${template.townId}'::uuid ELSE ${uuidSql(`'sanzi-town-' || ${t}`)} END`;
    const orgId = (i: string) => `CASE WHEN ${i} = 0 THEN '${template.orgId}'::uuid ELSE ${uuidSql(`'sanzi-org-' || ${i}`)} END`;
    await c.query('BEGIN');
    await c.query(`SET LOCAL session_replication_role = replica`);
    await c.query(
      `INSERT INTO organizations (id, code, name, kind, parent_id, ancestor_ids)
       SELECT ${townId('t.t')}, t.code, '基准第' || t.t || '镇街', 'town', NULL, '{}'::uuid[] FROM jsonb_to_recordset($1::jsonb) AS t(t int, code text) WHERE t.t > 0`,
      [JSON.stringify(towns)],
    );
    await c.query(
      `INSERT INTO organizations (id, code, name, kind, parent_id, ancestor_ids)
       SELECT ${orgId('r.i')}, r.code,
              CASE WHEN r.kind = 'union' THEN '基准第' || r.i || '股份经济联合社' ELSE '基准第' || r.i || '股份经济合作社' END, r.kind,
              CASE WHEN r.kind = 'union' THEN ${townId('r.town')} ELSE ${orgId('r.parent')} END,
              CASE WHEN r.kind = 'union' THEN ARRAY[${townId('r.town')}] ELSE ARRAY[${townId('r.town')}, ${orgId('r.parent')}] END
         FROM jsonb_to_recordset($1::jsonb) AS r(i int, kind text, parent int, town int, code text) WHERE r.i > 0`,
      [JSON.stringify(orgRows)],
    );
    await c.query(
      `INSERT INTO role_grants (user_id, org_id, role) SELECT $2, ${townId('t.t')}, 'supervisor' FROM jsonb_to_recordset($1::jsonb) AS t(t int, code text) WHERE t.t > 0`,
      [JSON.stringify(towns), template.supervisorId],
    );
    // Every town sets the usual figures (sanzi-domain.md §4) from the books' first day, so the rules with parameters run.
    await c.query(
      `INSERT INTO warning_thresholds (org_id, param, effective_from, value)
       SELECT ${townId('t.t')}, p.param, make_date($2, 1, 1), p.value FROM jsonb_to_recordset($1::jsonb) AS t(t int, code text),
              (VALUES ('cash_limit', 5000), ('large_cash_payment', 5000), ('budget_yellow_percent', 90), ('budget_red_percent', 100),
                      ('disclosure_due_day', 15), ('close_due_day', 10), ('stale_balance_months', 12)) AS p(param, value)`,
      [JSON.stringify(towns), year],
    );
    await c.query('COMMIT');

    // Every per-organization table the template has rows in, with its columns.
    const columns = (
      await c.query<{ table_name: string; column_name: string; data_type: string }>(
        `SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
          WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.is_generated = 'NEVER'
            AND c.table_name IN (SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'org_id')
          ORDER BY c.table_name, c.ordinal_position`,
      )
    ).rows;
    const tables = new Map<string, { name: string; type: string }[]>();
    for (const col of columns) {
      if (NOT_COPIED.has(col.table_name)) continue;
      tables.set(col.table_name, [...(tables.get(col.table_name) ?? []), { name: col.column_name, type: col.data_type }]);
    }
    const copied = new Map<string, number>();
    for (const [table] of tables) {
      const n = (await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE org_id = $1`, [template.orgId])).rows[0].n;
      if (n === 0) tables.delete(table);
      else copied.set(table, n);
    }
    const targets = orgRows.filter((r) => r.i > 0).map((r) => r.i);
    const batch = opts.batch ?? 250;
    for (let k = 0; k < targets.length; k += batch) {
      const slice = targets.slice(k, k + batch);
      await c.query('BEGIN');
      await c.query(`SET LOCAL session_replication_role = replica`);
      await c.query(`SET LOCAL synchronous_commit = off`);
      await c.query(`CREATE TEMP TABLE sanzi_targets ON COMMIT DROP AS SELECT ${orgId('i')} AS org_id FROM unnest($1::int[]) AS i`, [slice]);
      for (const [table, cols] of tables) {
        const list = cols.map((x) => `"${x.name}"`).join(', ');
        const exprs = cols
          .map((x) => (x.name === 'org_id' ? 'n.org_id' : x.type === 'uuid' && !USER_COLUMNS.has(x.name) ? uuidSql(`n.org_id::text || t."${x.name}"::text`) : `t."${x.name}"`))
          .join(', ');
        await c.query(`INSERT INTO ${table} (${list}) SELECT ${exprs} FROM ${table} t CROSS JOIN sanzi_targets n WHERE t.org_id = $1`, [template.orgId]);
      }
      await c.query('COMMIT');
      say(`  copied ${Math.min(k + batch, targets.length)} / ${targets.length} organizations (${round(Number(process.hrtime.bigint() - t1) / 1e9)} s)`);
    }
    const copySeconds = Number(process.hrtime.bigint() - t1) / 1e9;
    const t2 = process.hrtime.bigint();
    await c.query('ANALYZE');
    const analyzeSeconds = Number(process.hrtime.bigint() - t2) / 1e9;
    const rows: Record<string, number> = {};
    for (const table of ['organizations', 'vouchers', 'journal_lines', 'fixed_assets', 'contracts', 'rent_schedule', 'account_balances']) {
      rows[table] = (await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
    }
    const loaded = (
      await c.query<{ i: number; org_id: string; ledger_id: string }>(
        `SELECT r.i, o.org_id, l.id AS ledger_id FROM unnest($1::int[]) WITH ORDINALITY AS r(i, ord)
           CROSS JOIN LATERAL (SELECT ${orgId('r.i')} AS org_id) o JOIN ledgers l ON l.org_id = o.org_id ORDER BY r.i`,
        [orgRows.map((r) => r.i)],
      )
    ).rows;
    if (loaded.length !== opts.orgs) throw new Error(`expected ${opts.orgs} ledgers, found ${loaded.length}`);
    const townIds = (await c.query<{ id: string; n: number }>(`SELECT t.id, (SELECT count(*)::int FROM organizations o WHERE o.ancestor_ids[1] = t.id) AS n FROM organizations t WHERE t.kind = 'town' ORDER BY t.id = $1 DESC, t.code`, [template.townId])).rows;
    return {
      year,
      period,
      towns: townIds.map((t) => ({ townId: t.id, organizations: t.n })),
      orgs: loaded.map((r) => ({ orgId: r.org_id, ledgerId: r.ledger_id, kind: orgRows[r.i].kind, town: orgRows[r.i].town })),
      supervisorId: template.supervisorId,
      template: { orgId: template.orgId, ledgerId: template.ledgerId, vouchers: copied.get('vouchers') ?? 0, lines: copied.get('journal_lines') ?? 0, cards: CARDS, contracts: CONTRACTS },
      perOrg: { depreciation: compiled.core.money(depreciation), depreciatedCards: cards.length, accrual: compiled.core.money(accrual.total), accruedContracts: accrual.n },
      seconds: { template: round(templateSeconds), copy: round(copySeconds), analyze: round(analyzeSeconds) },
      rows,
    };
  } catch (error) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await c.end();
  }
}
