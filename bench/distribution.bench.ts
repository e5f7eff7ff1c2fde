/**
 * Distribution benchmark (issue 5's figures, and the distribution stage of issue 7's Dongguan year):
 * a year-end 分红 calculated on the `year-end` queue by 2 worker processes and posted through the
 * API, for one organization of 10 k, 100 k and 1 M shareholders, and for Dongguan's 3,024
 * organizations sharing 1.19 M shareholders. Time per stage and the workers' peak RSS.
 *
 *   npm run bench:distribution                 # builds, then runs (about 15 minutes on 2 cores)
 *   npm run bench:distribution -- --quick      # 2 k and 10 k, 60 organizations; no results file
 *
 * See bench/README.md ("Distribution") for what is measured and the recorded figures.
 */
import { parseArgs } from 'node:util';
import { JwtService } from '@nestjs/jwt';
import pg from 'pg';
import { round, runBench, say, startBench, TOWN_CODE, UNION_CODE, writeResults } from './support/harness.js';
import type { Bench } from './support/harness.js';
import { dongguanSizes, loadOrganizations } from './support/orgs-load.js';
import type { LoadedOrg, OrgSpec } from './support/orgs-load.js';
import { loadRegisters } from './support/register-load.js';
import { elapsedMs, summarize } from './support/stats.js';
import type { Summary } from './support/stats.js';
import { countStatements } from './support/statements.js';
import { startWorkerArgs, WorkerProcess } from './support/worker-process.js';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    sizes: { type: 'string' },
    'skip-dongguan': { type: 'boolean', default: false },
    /** Issue 7's Dongguan year: the books imported through the API (~300 vouchers each) and closed before the distribution. */
    year: { type: 'boolean', default: false },
    workers: { type: 'string', default: '2' },
    clients: { type: 'string', default: '4' },
    out: { type: 'string' },
    'keep-db': { type: 'boolean', default: false },
    /** Shareholders of the organization whose calculate and post are profiled statement by statement (0: skip). */
    'profile-holders': { type: 'string', default: '400' },
  },
});
/** Issue 18's target for the Dongguan distribution (calculate + post, 2 workers), seconds; issue 7's was 60. */
const TARGET_DONGGUAN_SECONDS = 30;
const QUICK = args.quick ?? false;
const SIZES = (args.sizes ?? (QUICK ? '2000,10000' : '10000,100000,1000000')).split(',').map(Number);
const WORKERS = Number(args.workers);
const YEAR_MODE = args.year ?? false;
const VOUCHERS_PER_ORG = 300;
const CLIENTS = Number(args.clients);
const YEAR = 2025;
/** 2,000.00 of profit per shareholder (orgs-load); 30 % to 公积公益金; 1,000.37 per shareholder distributed (so cents are left over for the largest remainders). */
const totalFor = (n: number) => `${(BigInt(n) * 100_037n) / 100n}.${String((BigInt(n) * 100_037n) % 100n).padStart(2, '0')}`;

const startedAt = new Date();
const benchStart = process.hrtime.bigint();

interface Users {
  passwordHash: string;
  sign: (userId: string) => Promise<string>;
  townId: string;
  templateOrgId: string;
  templateLedgerId: string;
}

async function seed(b: Bench): Promise<Users> {
  const { app, compiled, http } = b;
  const orgs = app.get(compiled.organizations.OrganizationsService);
  const users = app.get(compiled.auth.UsersService);
  const ids = await compiled.core.RequestContext.run({ requestId: 'bench-seed', principal: null }, async () => {
    const town = await orgs.create({ code: TOWN_CODE, name: '基准测试街道', kind: 'town' });
    const template = await orgs.create({ code: UNION_CODE, name: '基准模板股份经济联合社', kind: 'union', parentId: town.id });
    await users.create({ username: 'bench.accountant', password: 'bench.accountant-password', grants: [{ orgId: template.id, role: 'accountant' }] });
    return { townId: town.id, templateOrgId: template.id };
  });
  const login = async (username: string) =>
    (await http.expect<{ accessToken: string }>(200, 'POST', '/api/v1/auth/login', null, { username, password: `${username}-password` })).accessToken;
  const accountant = await login('bench.accountant');
  const ledger = await http.expect<{ id: string }>(201, 'POST', `/api/v1/orgs/${ids.templateOrgId}/ledgers`, accountant, { name: '集体经济账', kind: 'collective', chart: '2023', startPeriod: `${YEAR}-01` });
  const [{ password_hash: passwordHash }] = (await b.pool.query<{ password_hash: string }>(`SELECT password_hash FROM users WHERE username = 'bench.accountant'`)).rows;
  const jwt = app.get(JwtService);
  const ttl = b.config.jwtTtlSeconds;
  return { ...ids, templateLedgerId: ledger.id, passwordHash, sign: (userId) => jwt.signAsync({ sub: userId, typ: 'access' }, { expiresIn: ttl }) };
}

/** `clients` loops over the items; the time of each call. */
async function each<T>(items: T[], clients: number, work: (item: T) => Promise<void>): Promise<{ ms: number; latency: Summary }> {
  const times: number[] = [];
  let next = 0;
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let k = next++; k < items.length; k = next++) {
        const t = process.hrtime.bigint();
        await work(items[k]);
        times.push(elapsedMs(t));
      }
    }),
  );
  return { ms: elapsedMs(t0), latency: summarize(times) };
}

interface StageFigures {
  organizations: number;
  shareholders: number;
  allocations: number;
  loadSeconds: number;
  stages: { createPlansSeconds: number; calculateSeconds: number; approveSeconds: number; postSeconds: number };
  /** The whole scenario, from the first row loaded to the last check. */
  totalSeconds: number;
  /** The figure the targets are about: from the first calculate request to the last plan calculated, plus posting every plan. */
  calculateAndPostSeconds: number;
  calculateLatencyMs?: Summary;
  postLatencyMs: Summary;
  workers: { pid: number; peakRssMiB: number; rssAtStartMiB: number }[];
  check: { plans: number; posted: number; grossTotal: string; expectedGrossTotal: string; payableBalance: string; payableFromAllocations: string };
  /** The Dongguan year's book stages (bulk import through the API, year-end close). */
  year?: { importedVouchers: number; importedLines: number; importSeconds: number; importLinesPerSecond: number; importLatencyMs: Summary; closeSeconds: number; closeLatencyMs: Summary };
  /** Reads on the largest organization after the year (trial balance, balance sheet, holdings as of the year end). */
  reports?: { organization: { shareholders: number; lines: number }; trialBalanceMs: Summary; balanceSheetMs: Summary; holdingsAsOfMs: Summary };
}

let batchNo = 0;

/** Trial balance and balance sheet of the largest organization's ledger, and its holdings as of the year end (1 warm-up, median of 5). */
async function largestReports(b: Bench, orgs: LoadedOrg[], tokens: Map<string, string>): Promise<StageFigures['reports']> {
  const largest = orgs.reduce((a, o) => (o.shareholders > a.shareholders ? o : a));
  const token = tokens.get(largest.accountantId)!;
  const ledger = `/api/v1/orgs/${largest.orgId}/ledgers/${largest.ledgerId}`;
  const time = async (path: string) => {
    await b.http.expect(200, 'GET', path, token);
    const samples: number[] = [];
    for (let k = 0; k < 5; k++) {
      const t = process.hrtime.bigint();
      await b.http.expect(200, 'GET', path, token);
      samples.push(elapsedMs(t));
    }
    return summarize(samples);
  };
  const [{ n }] = (await b.pool.query<{ n: string }>(`SELECT count(*) AS n FROM journal_lines WHERE org_id = $1`, [largest.orgId])).rows;
  const reports = {
    organization: { shareholders: largest.shareholders, lines: Number(n) },
    trialBalanceMs: await time(`${ledger}/reports/trial-balance?from=${YEAR}-01&to=${YEAR}-12`),
    balanceSheetMs: await time(`${ledger}/reports/balance-sheet?period=${YEAR}-12`),
    holdingsAsOfMs: await time(`/api/v1/orgs/${largest.orgId}/holdings?asOf=${YEAR}-12-31`),
  };
  say(`  largest organization (${largest.shareholders} holders, ${n} lines): trial balance ${reports.trialBalanceMs.p50} ms, balance sheet ${reports.balanceSheetMs.p50} ms, holdings as of ${YEAR}-12-31 ${reports.holdingsAsOfMs.p50} ms`);
  return reports;
}

/**
 * A year of books for an organization of n shareholders, as the import endpoint takes it: opening
 * balances, then 300 vouchers over the 12 months — rent received (Dr 102 / Cr 501), expenses
 * (Dr 511, Dr 513 / Cr 102), cash drawn (Dr 101 / Cr 102) — 700 lines, a profit of 2,000.00 per
 * shareholder as in the distribution scenarios. Amounts in integer cents, written as decimal strings.
 */
function yearOfBooks(n: number): { openingBalances: unknown[]; vouchers: unknown[]; lines: number } {
  const yuan = (cents: bigint) => `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
  const profit = BigInt(n) * 200_000n;
  const rent = (profit * 3n) / 200n; // 100 rent vouchers: 150 % of the profit
  const expense = rent - profit / 100n; // 100 expense vouchers: 50 %
  const half = expense / 2n;
  const vouchers: unknown[] = [];
  let lines = 2;
  for (let k = 0; k < VOUCHERS_PER_ORG; k++) {
    const date = `${YEAR}-${String((k % 12) + 1).padStart(2, '0')}-${String(((k * 7) % 28) + 1).padStart(2, '0')}`;
    if (k % 3 === 0) vouchers.push({ date, memo: '收到厂房租金', lines: [{ accountCode: '102', debit: yuan(rent) }, { accountCode: '501', credit: yuan(rent) }] });
    else if (k % 3 === 1)
      vouchers.push({ date, memo: '支付管护及管理费用', lines: [{ accountCode: '511', debit: yuan(half) }, { accountCode: '513', debit: yuan(expense - half) }, { accountCode: '102', credit: yuan(expense) }] });
    else vouchers.push({ date, memo: '提取备用金', lines: [{ accountCode: '101', debit: '500.00' }, { accountCode: '102', credit: '500.00' }] });
    lines += k % 3 === 1 ? 3 : 2;
  }
  const opening = yuan(BigInt(n) * 50_000n + 1_000_000n);
  return { openingBalances: [{ accountCode: '102', debit: opening }, { accountCode: '301', credit: opening }], vouchers, lines };
}

async function scenario(b: Bench, u: Users, specs: OrgSpec[], label: string, importBooks = false): Promise<StageFigures> {
  const { http, pool } = b;
  const batch = `b${batchNo++}`;
  say(`${label}: ${specs.length} organization(s), ${specs.reduce((s, o) => s + o.shareholders, 0)} shareholders`);
  const c = new pg.Client({ connectionString: b.databaseUrl });
  await c.connect();
  const t0 = process.hrtime.bigint();
  const orgs: LoadedOrg[] = await loadOrganizations(c, {
    townId: u.townId,
    specs,
    codePrefix: `N24419${String(batchNo).padStart(2, '0')}`,
    checkChar: b.compiled.core.creditCodeCheckChar,
    passwordHash: u.passwordHash,
    templateLedgerId: u.templateLedgerId,
    templateOrgId: u.templateOrgId,
    year: YEAR,
    batch,
    revenueVoucher: !importBooks,
  });
  // Registers in slices, so no one transaction holds millions of rows in its memory.
  for (let k = 0; k < orgs.length; ) {
    const slice: LoadedOrg[] = [];
    let n = 0;
    while (k < orgs.length && (slice.length === 0 || n + orgs[k].shareholders <= 250_000)) {
      n += orgs[k].shareholders;
      slice.push(orgs[k++]);
    }
    await loadRegisters(
      c,
      slice.map((o) => ({ orgId: o.orgId, shareholders: o.shareholders, year: YEAR })),
    );
  }
  await c.query('ANALYZE');
  await c.end();
  // Tokens from the API's own signer, as its login issues them ({sub, typ: 'access'}): thousands of argon2 logins would only time the hash.
  const tokens = new Map<string, string>();
  for (const id of new Set(orgs.flatMap((o) => [o.accountantId, o.boardId]))) tokens.set(id, await u.sign(id));
  const loadSeconds = round(elapsedMs(t0) / 1000);
  say(`  loaded in ${loadSeconds} s`);

  let yearFigures: StageFigures['year'] = undefined;
  if (importBooks) {
    let lines = 0;
    const imported = await each(orgs, CLIENTS, async (o) => {
      const books = yearOfBooks(o.shareholders);
      await http.expect(201, 'POST', `/api/v1/orgs/${o.orgId}/ledgers/${o.ledgerId}/imports`, tokens.get(o.accountantId)!, { openingBalances: books.openingBalances, vouchers: books.vouchers });
      lines += books.lines;
    });
    say(`  books imported: ${orgs.length * VOUCHERS_PER_ORG} vouchers, ${lines} lines in ${round(imported.ms / 1000, 1)} s = ${round(lines / (imported.ms / 1000))} lines/s`);
    await b.pool.query('ANALYZE');
    const closed = await each(orgs, CLIENTS, async (o) => {
      await http.expect(200, 'POST', `/api/v1/orgs/${o.orgId}/ledgers/${o.ledgerId}/years/${YEAR}/close`, tokens.get(o.accountantId)!);
    });
    say(`  year-end close: ${round(closed.ms / 1000, 1)} s`);
    yearFigures = {
      importedVouchers: orgs.length * VOUCHERS_PER_ORG,
      importedLines: lines,
      importSeconds: round(imported.ms / 1000, 2),
      importLinesPerSecond: round(lines / (imported.ms / 1000)),
      importLatencyMs: imported.latency,
      closeSeconds: round(closed.ms / 1000, 2),
      closeLatencyMs: closed.latency,
    };
  }

  // The workers as `npm run start:worker` starts them (its Node flags included), on this run's database and queues.
  const env = b.compiled.core.processEnv();
  const workers: WorkerProcess[] = [];
  for (let k = 0; k < WORKERS; k++) {
    workers.push(await WorkerProcess.start(startWorkerArgs(), { PATH: env.PATH, REDIS_URL: env.REDIS_URL, DATABASE_URL: b.databaseUrl, QUEUE_PREFIX: b.queuePrefix, DB_POOL_SIZE: '4' }));
  }
  const rssAtStart = workers.map((w) => w.memory().rssMiB);
  try {
    const plans = new Map<string, string>();
    const base = (o: LoadedOrg) => `/api/v1/orgs/${o.orgId}/distributions`;
    const created = await each(orgs, CLIENTS, async (o) => {
      const plan = await http.expect<{ id: string }>(201, 'POST', base(o), tokens.get(o.accountantId)!, { ledgerId: o.ledgerId, fiscalYear: YEAR, reservePercent: '30.00', totalAmount: totalFor(o.shareholders) });
      plans.set(o.orgId, plan.id);
    });
    say(`  plans created: ${round(created.ms / 1000, 1)} s`);

    // Calculate: every plan enqueued, then wait until the workers have calculated them all.
    const tc = process.hrtime.bigint();
    const enqueued = await each(orgs, CLIENTS, async (o) => {
      await http.expect(202, 'POST', `${base(o)}/${plans.get(o.orgId)}/calculate`, tokens.get(o.accountantId)!);
    });
    const ids = [...plans.values()];
    for (;;) {
      const [row] = (await pool.query<{ done: string }>(`SELECT count(*) AS done FROM distribution_plans WHERE id = ANY($1::uuid[]) AND status = 'calculated'`, [ids])).rows;
      if (Number(row.done) === ids.length) break;
      if (elapsedMs(tc) > 30 * 60_000) throw new Error(`only ${row.done} of ${ids.length} plans calculated after 30 minutes`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const calculateMs = elapsedMs(tc);
    say(`  calculated by ${WORKERS} workers: ${round(calculateMs / 1000, 2)} s (enqueueing took ${round(enqueued.ms / 1000, 2)} s of it)`);

    const approved = await each(orgs, CLIENTS, async (o) => {
      await http.expect(200, 'POST', `${base(o)}/${plans.get(o.orgId)}/approve`, tokens.get(o.boardId)!, { skipNotice: { reason: '基准测试：不另行公示' } });
    });
    say(`  approved: ${round(approved.ms / 1000, 2)} s`);
    const posted = await each(orgs, CLIENTS, async (o) => {
      await http.expect(200, 'POST', `${base(o)}/${plans.get(o.orgId)}/post`, tokens.get(o.accountantId)!);
    });
    say(`  posted: ${round(posted.ms / 1000, 2)} s`);

    const memory = workers.map((w) => w.memory());
    const [check] = (
      await pool.query<{ plans: string; posted: string; gross: string; allocations: string; payable: string; payable_alloc: string }>(
        `SELECT count(*) AS plans, count(*) FILTER (WHERE status = 'posted') AS posted, sum(gross_total)::text AS gross, sum(allocation_count)::text AS allocations,
                (SELECT coalesce(sum(credit - debit), 0)::text FROM account_balances b WHERE b.org_id = ANY($2::uuid[]) AND b.account_code = '21101') AS payable,
                (SELECT coalesce(sum(net), 0)::text FROM distribution_allocations a WHERE a.plan_id = ANY($1::uuid[]) AND NOT a.collective) AS payable_alloc
           FROM distribution_plans WHERE id = ANY($1::uuid[])`,
        [ids, orgs.map((o) => o.orgId)],
      )
    ).rows;
    const expected = orgs.reduce((s, o) => s + BigInt(totalFor(o.shareholders).replace('.', '')), 0n);
    const expectedGross = `${expected / 100n}.${String(expected % 100n).padStart(2, '0')}`;
    if (Number(check.posted) !== orgs.length || check.gross !== expectedGross || check.payable !== check.payable_alloc) {
      throw new Error(`check failed: ${JSON.stringify(check)}, expected gross ${expectedGross}`);
    }
    say(`  check: ${check.posted} plans posted, Σ gross ${check.gross} as planned, 21101 balance ${check.payable} = Σ member allocations`);
    return {
      organizations: orgs.length,
      shareholders: orgs.reduce((s, o) => s + o.shareholders, 0),
      allocations: Number(check.allocations),
      loadSeconds,
      totalSeconds: round(elapsedMs(t0) / 1000, 1),
      stages: {
        createPlansSeconds: round(created.ms / 1000, 2),
        calculateSeconds: round(calculateMs / 1000, 2),
        approveSeconds: round(approved.ms / 1000, 2),
        postSeconds: round(posted.ms / 1000, 2),
      },
      calculateAndPostSeconds: round((calculateMs + posted.ms) / 1000, 2),
      postLatencyMs: posted.latency,
      workers: workers.map((w, k) => ({ pid: w.pid, peakRssMiB: memory[k].hwmMiB, rssAtStartMiB: rssAtStart[k] })),
      check: { plans: Number(check.plans), posted: Number(check.posted), grossTotal: check.gross, expectedGrossTotal: expectedGross, payableBalance: check.payable, payableFromAllocations: check.payable_alloc },
      year: yearFigures,
      reports: importBooks ? await largestReports(b, orgs, tokens) : undefined,
    };
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
  }
}

interface StatementList {
  statements: number;
  ms: number;
  texts: { sql: string; ms: number }[];
}

/**
 * Statements per organization: one organization of `holders` shareholders (about the Dongguan
 * median, 1.19 M / 3,024 ≈ 394), its plan calculated in this process through the service the
 * worker's processor calls (so every statement is counted at pg's Client.query, BEGIN and COMMIT
 * included, each with its time to the answer), and approved and posted over HTTP to the in-process
 * API (the post counted the same way). Run alone, after a warm-up organization, so nothing else is counted.
 */
async function statementProfile(b: Bench, u: Users, holders: number): Promise<{ holders: number; calculate: StatementList; post: StatementList; approve: StatementList }> {
  const c = new pg.Client({ connectionString: b.databaseUrl });
  await c.connect();
  const batch = `profile${batchNo++}`;
  const orgs = await loadOrganizations(c, {
    townId: u.townId,
    specs: [
      { kind: 'union', shareholders: holders },
      { kind: 'union', shareholders: holders },
    ],
    codePrefix: `N24419${String(batchNo).padStart(2, '0')}`,
    checkChar: b.compiled.core.creditCodeCheckChar,
    passwordHash: u.passwordHash,
    templateLedgerId: u.templateLedgerId,
    templateOrgId: u.templateOrgId,
    year: YEAR,
    batch,
    revenueVoucher: true,
  });
  await loadRegisters(
    c,
    orgs.map((o) => ({ orgId: o.orgId, shareholders: o.shareholders, year: YEAR })),
  );
  await c.query('ANALYZE');
  await c.end();
  const service = b.app.get(b.compiled.dividends.DistributionsService);
  const pick = (r: StatementList) => ({ statements: r.statements, ms: r.ms, texts: r.texts });
  let profile: { calculate: StatementList; post: StatementList; approve: StatementList } | null = null;
  for (const o of orgs) {
    // The first organization warms the plans and caches; the second is the one recorded.
    const accountant = await u.sign(o.accountantId);
    const board = await u.sign(o.boardId);
    const base = `/api/v1/orgs/${o.orgId}/distributions`;
    const plan = await b.http.expect<{ id: string }>(201, 'POST', base, accountant, { ledgerId: o.ledgerId, fiscalYear: YEAR, reservePercent: '30.00', totalAmount: totalFor(o.shareholders) });
    const calculate = await countStatements(() => b.compiled.core.RequestContext.run({ requestId: 'bench-profile', principal: null }, () => service.calculate(o.orgId, plan.id)));
    const approve = await countStatements(() => b.http.expect(200, 'POST', `${base}/${plan.id}/approve`, board, { skipNotice: { reason: '基准测试：不另行公示' } }));
    const post = await countStatements(() => b.http.expect<{ status: string }>(200, 'POST', `${base}/${plan.id}/post`, accountant));
    if (post.result.status !== 'posted') throw new Error('statement profile: plan not posted');
    profile = { calculate: pick(calculate), approve: pick(approve), post: pick(post) };
  }
  const p = profile!;
  say(`statements per organization (${holders} holders): calculate ${p.calculate.statements} (${p.calculate.ms} ms), approve ${p.approve.statements} (${p.approve.ms} ms), post ${p.post.statements} (${p.post.ms} ms)`);
  for (const [name, list] of Object.entries(p)) {
    const top = [...list.texts].sort((a, b) => b.ms - a.ms).slice(0, 3);
    say(`  ${name}, slowest: ${top.map((t) => `${t.ms} ms ${t.sql.slice(0, 70)}`).join(' | ')}`);
  }
  return { holders, ...p };
}

async function main(): Promise<void> {
  const b = await startBench({ keepDb: args['keep-db'] });
  try {
    const users = await seed(b);
    const profileHolders = Number(args['profile-holders']);
    const statements = profileHolders > 0 ? await statementProfile(b, users, profileHolders) : null;
    const single: StageFigures[] = [];
    for (const n of SIZES) single.push(await scenario(b, users, [{ kind: 'union', shareholders: n }], `one 经联社 of ${n} shareholders`));
    let dongguan: StageFigures | null = null;
    if (!args['skip-dongguan']) {
      const specs = QUICK ? dongguanSizes(20_000, 15, 45) : dongguanSizes();
      dongguan = await scenario(b, users, specs, YEAR_MODE ? 'Dongguan year' : 'Dongguan', YEAR_MODE);
    }
    const targets = {
      dongguanCalculateAndPostSeconds: { target: `≤ ${TARGET_DONGGUAN_SECONDS}`, measured: dongguan?.calculateAndPostSeconds ?? null, met: dongguan !== null && dongguan.calculateAndPostSeconds <= TARGET_DONGGUAN_SECONDS },
      dongguanWorkerPeakRssMiB: { target: '≤ 512', measured: dongguan ? Math.max(...dongguan.workers.map((w) => w.peakRssMiB)) : null },
    };
    say('\n| organizations | shareholders | calculate s | post s | calculate + post s | worker peak RSS MiB |');
    say('|---|---|---|---|---|---|');
    for (const f of [...single, ...(dongguan ? [dongguan] : [])]) {
      say(`| ${f.organizations} | ${f.shareholders} | ${f.stages.calculateSeconds} | ${f.stages.postSeconds} | ${f.calculateAndPostSeconds} | ${f.workers.map((w) => w.peakRssMiB).join(' / ')} |`);
    }
    const results = {
      date: startedAt.toISOString(),
      scenario: 'distribution',
      command: 'npm run bench:distribution',
      durationSeconds: round(elapsedMs(benchStart) / 1000),
      machine: b.machine,
      inputs: { sizes: SIZES, year: YEAR, workers: WORKERS, httpClients: CLIENTS, plan: 'reserve 30 %, totalAmount 1,000.37 per shareholder, no tax, class weights 1 / 0.5 / 1', quick: QUICK },
      statementsPerOrganization: statements,
      single,
      dongguan,
      targets,
    };
    if (!QUICK || args.out) writeResults('distribution', startedAt, results, args.out);
  } finally {
    await b.scratch.teardown();
  }
}

runBench(main);
