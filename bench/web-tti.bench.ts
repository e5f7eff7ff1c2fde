/**
 * Time to a usable screen in the console (issue 14), in Debian's Chromium through Playwright, against
 * the API serving the built app (dist/web): 凭证列表 of a month with 5,000 posted vouchers, and the
 * 科目余额表 of a year of 10 M journal lines. Target: each usable within 1 s (server time + render).
 *
 *   npm run bench:web-tti                     # builds the API and the app, then runs
 *   npm run bench:web-tti -- --quick          # 200 k lines, 2 runs, no results file
 *   npm run bench:web-tti -- --lines 2000000  # a smaller year when the machine is busy
 *
 * Each run opens the screen by its deep link in a fresh browser context (empty cache, the session
 * token already in sessionStorage as after a login) and stops the clock when the table shows its
 * rows (the list: its 20 rows; the trial balance: its 合计 row with the year's exact total).
 * "warm" repeats the navigation in the same context (the app's JS cached). The server time is the
 * browser's own timing of the report's/list's request (request sent → first byte).
 * See bench/README.md ("Console: time to interactive").
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page } from '@playwright/test';
import pg from 'pg';
import { LINES_PER_VOUCHER, loadVouchers, prepareSession, rebuildBalances } from './support/bulk-load.js';
import type { LoadTarget } from './support/bulk-load.js';
import { round, runBench, say, startBench, TOWN_CODE, UNION_CODE, writeResults } from './support/harness.js';
import type { Bench } from './support/harness.js';
import { elapsedMs, summarize } from './support/stats.js';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    lines: { type: 'string' },
    runs: { type: 'string' },
    'budget-minutes': { type: 'string' },
    out: { type: 'string' },
    'keep-db': { type: 'boolean', default: false },
    /** Print each cold run's waterfall (what was fetched when). */
    waterfall: { type: 'boolean', default: false },
  },
});
const QUICK = args.quick ?? false;
const YEAR = 2024;
/** Lines of the trial balance's year. */
const LINES = Number(args.lines ?? (QUICK ? '200000' : '10000000'));
/** The list's month (2024-03) holds 5,000 vouchers: the bulk load spreads vouchers over the 12 months. */
const LIST_MONTH_VOUCHERS = 5000;
const RUNS = Number(args.runs ?? (QUICK ? '2' : '5'));
const BUDGET_MS = Number(args['budget-minutes'] ?? '15') * 60_000;
const BATCH_VOUCHERS = 250_000;
const TARGET_MS = 1000;
const startedAt = new Date();
const benchStart = process.hrtime.bigint();

const load = () => ({ loadavg: os.loadavg().map((x) => round(x, 2)), uptime: execFileSync('uptime', { encoding: 'utf8' }).trim() });

/** 1234567.5 as the console shows it (zh-CN grouping, 2 places) from the decimal string, without a float. */
function shown(amount: string): string {
  const [int, frac = ''] = amount.replace(/^-/, '').split('.');
  return `${amount.startsWith('-') ? '-' : ''}${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac.padEnd(2, '0').slice(0, 2)}`;
}

interface World {
  token: string;
  accountantId: string;
  reviewerId: string;
  listOrg: string;
  yearOrg: string;
}

async function seed(b: Bench): Promise<World> {
  const { app, compiled } = b;
  const orgs = app.get(compiled.organizations.OrganizationsService);
  const users = app.get(compiled.auth.UsersService);
  const second = `N2441900MA0000802`;
  const ids = await compiled.core.RequestContext.run({ requestId: 'bench-seed', principal: null }, async () => {
    const town = await orgs.create({ code: TOWN_CODE, name: '基准测试街道', kind: 'town' });
    const listOrg = await orgs.create({ code: UNION_CODE, name: '凭证列表基准联合社', kind: 'union', parentId: town.id });
    const yearOrg = await orgs.create({ code: `${second}${compiled.core.creditCodeCheckChar(second)}`, name: '科目余额表基准联合社', kind: 'union', parentId: town.id });
    const grants = [listOrg.id, yearOrg.id];
    const accountant = await users.create({ username: 'bench.accountant', password: 'bench.accountant-password', grants: grants.map((orgId) => ({ orgId, role: 'accountant' as const })) });
    const reviewer = await users.create({ username: 'bench.reviewer', password: 'bench.reviewer-password', grants: grants.map((orgId) => ({ orgId, role: 'reviewer' as const })) });
    return { listOrg: listOrg.id, yearOrg: yearOrg.id, accountantId: accountant.id, reviewerId: reviewer.id };
  });
  const { accessToken } = await b.http.expect<{ accessToken: string }>(200, 'POST', '/api/v1/auth/login', null, { username: 'bench.accountant', password: 'bench.accountant-password' });
  return { token: accessToken, ...ids };
}

/** A ledger for YEAR through the API, with `subAccounts` 明细科目 under a few parents; then `lines` posted lines loaded set-based. */
async function fill(b: Bench, w: World, orgId: string, lines: number, subAccounts: number, notes: string[]) {
  const base = `/api/v1/orgs/${orgId}/ledgers`;
  const ledger = await b.http.expect<{ id: string }>(201, 'POST', base, w.token, { name: '集体经济账', kind: 'collective', chart: '2023', startPeriod: `${YEAR}-01` });
  const parents = ['102', '112', '113', '211', '501', '511'];
  for (let i = 0; i < subAccounts; i++) {
    const parent = parents[i % parents.length];
    // Numbered from 50 up: the 2023 chart brings some sub-accounts of its own (21101 …).
    const code = `${parent}${50 + Math.floor(i / parents.length)}`;
    await b.http.expect(201, 'POST', `${base}/${ledger.id}/accounts`, w.token, { code, name: `明细 ${code}`, parentCode: parent });
  }
  const target: LoadTarget = { orgId, ledgerId: ledger.id, year: YEAR, accountantId: w.accountantId, reviewerId: w.reviewerId };
  const loader = new pg.Client({ connectionString: b.databaseUrl });
  loader.on('error', () => undefined);
  await loader.connect();
  const t0 = process.hrtime.bigint();
  let loaded = 0;
  try {
    await prepareSession(loader);
    const wanted = Math.ceil(lines / LINES_PER_VOUCHER);
    let lastBatchMs = 0;
    while (loaded < wanted) {
      const to = Math.min(wanted, loaded + BATCH_VOUCHERS);
      const remainingMs = BUDGET_MS - Number(process.hrtime.bigint() - benchStart) / 1e6;
      // Leave room for the balances, the browser runs and the teardown.
      if (lastBatchMs > 0 && lastBatchMs * 1.5 + 120_000 > remainingMs) {
        notes.push(`The year was stopped at ${(loaded * LINES_PER_VOUCHER).toLocaleString('en')} of ${lines.toLocaleString('en')} lines to stay within the ${BUDGET_MS / 60_000}-minute budget (last batch of ${BATCH_VOUCHERS * LINES_PER_VOUCHER} lines: ${round(lastBatchMs / 1000)} s).`);
        break;
      }
      const b0 = process.hrtime.bigint();
      await loadVouchers(loader, target, loaded, to);
      lastBatchMs = elapsedMs(b0);
      loaded = to;
      say(`  loaded ${(loaded * LINES_PER_VOUCHER).toLocaleString('en')} lines (${round(lastBatchMs / 1000)} s)`);
    }
    await rebuildBalances(loader, target);
  } finally {
    await loader.end();
  }
  const [sums] = (
    await b.pool.query<{ debit: string; lines: string }>(`SELECT sum(debit)::text AS debit, count(*)::text AS lines FROM journal_lines WHERE org_id = $1 AND ledger_id = $2`, [orgId, ledger.id])
  ).rows;
  return { ledgerId: ledger.id, lines: Number(sums.lines), vouchers: loaded, debit: sums.debit, loadSeconds: round(elapsedMs(t0) / 1000) };
}

interface Screen {
  name: string;
  orgId: string;
  path: string;
  /** The API request whose server time is reported. */
  api: RegExp;
  ready(page: Page): Promise<void>;
}

interface Sample {
  ms: number;
  serverMs: number | null;
  /** What the page fetched and when (ms since navigation), and when the screen was usable. */
  waterfall?: { readyAt: number; resources: { name: string; start: number; end: number }[] };
}

async function open(page: Page, s: Screen): Promise<Sample> {
  let serverMs: number | null = null;
  const onFinished = (request: import('@playwright/test').Request) => {
    if (!s.api.test(request.url())) return;
    const t = request.timing();
    serverMs = round(t.responseStart - t.requestStart);
  };
  page.on('requestfinished', onFinished);
  const t0 = process.hrtime.bigint();
  await page.goto(s.path);
  await s.ready(page);
  const ms = round(elapsedMs(t0));
  const waterfall = await page.evaluate(`({
    readyAt: Math.round(performance.now()),
    resources: performance.getEntriesByType('resource').map((e) => ({ name: e.name.replace(location.origin, '').replace(/[?].*/, '?…'), start: Math.round(e.startTime), end: Math.round(e.responseEnd) })),
  })`);
  // The request's timing is final once it has finished; the screen may show before the event fires.
  for (let i = 0; i < 20 && serverMs === null; i++) await page.waitForTimeout(25);
  page.off('requestfinished', onFinished);
  return { ms, serverMs, waterfall: waterfall as Sample['waterfall'] };
}

async function measure(browser: Browser, baseUrl: string, token: string, s: Screen) {
  const cold: Sample[] = [];
  const warm: Sample[] = [];
  const before = load();
  for (let i = 0; i <= RUNS; i++) {
    const context = await browser.newContext({ baseURL: baseUrl, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1366, height: 860 } });
    // As after a login (apps/web/src/console/session.tsx keeps these two in sessionStorage).
    await context.addInitScript(`sessionStorage.setItem('cl.console.token', ${JSON.stringify(token)}); sessionStorage.setItem('cl.console.org', ${JSON.stringify(s.orgId)});`);
    const page = await context.newPage();
    const first = await open(page, s);
    const again = await open(page, s);
    await context.close();
    // Run 0 warms the API and PostgreSQL's caches; it is not counted.
    if (i === 0) continue;
    cold.push(first);
    warm.push(again);
    say(`  ${s.name}: cold ${first.ms} ms (server ${first.serverMs} ms), warm ${again.ms} ms (server ${again.serverMs} ms)`);
    if (args.waterfall) say(JSON.stringify(first.waterfall));
    // Only the last run's waterfall is kept in the results.
    if (i < RUNS) delete first.waterfall;
    delete again.waterfall;
  }
  const sum = (xs: Sample[]) => ({ msSummary: summarize(xs.map((x) => x.ms)), serverMs: summarize(xs.map((x) => x.serverMs ?? Number.NaN)), samples: xs });
  const result = { screen: s.name, path: s.path, cold: sum(cold), warm: sum(warm), machine: { before, after: load() } };
  return { ...result, met: result.cold.msSummary.p50 <= TARGET_MS };
}

async function main(): Promise<void> {
  const b = await startBench({ keepDb: args['keep-db'] });
  const notes: string[] = [];
  let browser: Browser | null = null;
  try {
    say(`machine at start: ${load().uptime}`);
    const w = await seed(b);
    say('凭证列表: a year of 60,000 vouchers, 5,000 in 2024-03');
    const list = await fill(b, w, w.listOrg, LIST_MONTH_VOUCHERS * 12 * LINES_PER_VOUCHER, 0, notes);
    say(`科目余额表: a year of ${LINES.toLocaleString('en')} lines`);
    const year = await fill(b, w, w.yearOrg, LINES, 60, notes);
    const [month] = (await b.pool.query<{ n: string }>(`SELECT count(*)::text AS n FROM vouchers WHERE org_id = $1 AND ledger_id = $2 AND period = '2024-03'`, [w.listOrg, list.ledgerId])).rows;

    browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
    const total = shown(year.debit);
    const screens: Screen[] = [
      {
        name: `凭证列表 2024-03 (${month.n} vouchers)`,
        orgId: w.listOrg,
        path: '/vouchers?period=2024-03',
        api: /\/vouchers\?/,
        ready: async (page) => {
          await page.locator('.ant-table-tbody tr.ant-table-row').nth(19).waitFor({ state: 'visible', timeout: 30_000 });
        },
      },
      {
        name: `科目余额表 2024-01..12 (${year.lines.toLocaleString('en')} lines)`,
        orgId: w.yearOrg,
        path: `/reports?from=${YEAR}-01&to=${YEAR}-12`,
        api: /\/reports\/trial-balance\?/,
        ready: async (page) => {
          await page.locator('.ant-table-summary').getByText(total, { exact: true }).first().waitFor({ state: 'visible', timeout: 30_000 });
        },
      },
    ];
    const results = [];
    for (const s of screens) results.push(await measure(browser, b.baseUrl, w.token, s));

    say('\nscreen                                              cold p50 (server)   warm p50 (server)');
    for (const r of results) say(`${r.screen.padEnd(50)}  ${r.cold.msSummary.p50} ms (${r.cold.serverMs.p50})   ${r.warm.msSummary.p50} ms (${r.warm.serverMs.p50})   ${r.met ? 'met' : 'MISSED'}`);
    if (year.lines < 10_000_000) notes.push(`The trial balance's year had ${year.lines.toLocaleString('en')} lines, not 10 M.`);
    const out = {
      scenario: 'web-tti',
      startedAt: startedAt.toISOString(),
      machine: b.machine,
      browser: browser.version(),
      inputs: { runs: RUNS, listMonthVouchers: Number(month.n), yearLines: year.lines, yearVouchers: year.vouchers, targetMs: TARGET_MS },
      loads: { list, year },
      results,
      notes,
    };
    if (!QUICK || args.out) writeResults('web-tti', startedAt, out, args.out);
  } finally {
    await browser?.close();
    await b.scratch.teardown();
  }
}

runBench(main);
