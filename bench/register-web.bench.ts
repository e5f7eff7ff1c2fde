/**
 * The console's register and allocation screens at 10,000 holders (issue 15's figures):
 * - the 股东名册 of a 10,000-holder 经联社 in Chromium: from the click on 股东名册 until the table
 *   shows its rows and the register's total (the screen is usable), and the API answer alone;
 * - the allocation list of a 10,000-holder plan, page by page (50 a page, the console's size, and
 *   1,000): each request's time measured at a client on the same machine (an upper bound of the
 *   server time: it includes the loopback and the JSON transfer).
 *
 *   npm run bench:register-web                     # builds API and web, then runs (about 2 minutes)
 *   npm run bench:register-web -- --holders 2000   # smaller; no results file unless --out
 *
 * Writes bench/results/<date>-register-web.json with the machine and its load average (uptime).
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import pg from 'pg';
import { round, runBench, say, startBench, TOWN_CODE, UNION_CODE, writeResults } from './support/harness.js';
import type { Bench } from './support/harness.js';
import { loadRegisters } from './support/register-load.js';
import { elapsedMs, summarize } from './support/stats.js';
import { startWorkerArgs, WorkerProcess } from './support/worker-process.js';

const { values: args } = parseArgs({
  options: {
    holders: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '5' },
    out: { type: 'string' },
    'keep-db': { type: 'boolean', default: false },
  },
});
const HOLDERS = Number(args.holders);
const RUNS = Number(args.runs);
const YEAR = 2025;
const startedAt = new Date();
const load = () => os.loadavg().map((x) => round(x, 2));

async function seed(b: Bench) {
  const { app, compiled, http } = b;
  const orgs = app.get(compiled.organizations.OrganizationsService);
  const users = app.get(compiled.auth.UsersService);
  const orgId = await compiled.core.RequestContext.run({ requestId: 'bench-seed', principal: null }, async () => {
    const town = await orgs.create({ code: TOWN_CODE, name: '基准测试街道', kind: 'town' });
    const union = await orgs.create({ code: UNION_CODE, name: '基准测试股份经济联合社', kind: 'union', parentId: town.id });
    for (const role of ['accountant', 'reviewer'] as const) await users.create({ username: `bench.${role}`, password: `bench.${role}-password`, grants: [{ orgId: union.id, role }] });
    return union.id;
  });
  const login = async (role: string) => (await http.expect<{ accessToken: string }>(200, 'POST', '/api/v1/auth/login', null, { username: `bench.${role}`, password: `bench.${role}-password` })).accessToken;
  const [accountant, reviewer] = [await login('accountant'), await login('reviewer')];
  const base = `/api/v1/orgs/${orgId}`;
  // The year's books: 经营收入 of 20,000,000.00, the year closed (a plan reads its profit).
  const ledger = await http.expect<{ id: string }>(201, 'POST', `${base}/ledgers`, accountant, { name: '集体经济账', kind: 'collective', chart: '2023', startPeriod: `${YEAR}-01` });
  const books = `${base}/ledgers/${ledger.id}`;
  const v = await http.expect<{ id: string }>(201, 'POST', `${books}/vouchers`, accountant, { date: `${YEAR}-06-30`, memo: '收到厂房租金', lines: [{ accountCode: '102', debit: '20000000.00' }, { accountCode: '501', credit: '20000000.00' }] });
  await http.expect(200, 'POST', `${books}/vouchers/${v.id}/review`, reviewer);
  await http.expect(200, 'POST', `${books}/vouchers/${v.id}/post`, accountant);
  await http.expect(200, 'POST', `${books}/years/${YEAR}/close`, accountant);
  return { orgId, ledgerId: ledger.id, accountant, base };
}

async function main(): Promise<void> {
  const b = await startBench({ keepDb: args['keep-db'] });
  const { http, pool } = b;
  const world = await seed(b);
  say(`loading a register of ${HOLDERS} shareholders …`);
  const c = new pg.Client({ connectionString: b.databaseUrl });
  await c.connect();
  await loadRegisters(c, [{ orgId: world.orgId, shareholders: HOLDERS, year: YEAR }]);
  await c.query('ANALYZE');
  await c.end();
  const asOf = `${YEAR}-12-31`;
  const today = b.app.get(b.compiled.core.Clock).today();

  // The register through the API, as the screen asks for it.
  const registerPath = `${world.base}/register?asOf=${today}&by=shareholder`;
  const register = await http.expect<{ items: unknown[] }>(200, 'GET', registerPath, world.accountant);
  const apiSamples: number[] = [];
  for (let k = 0; k < RUNS; k++) {
    const t = process.hrtime.bigint();
    await http.expect(200, 'GET', registerPath, world.accountant);
    apiSamples.push(elapsedMs(t));
  }
  say(`  GET …/register (${register.items.length} rows): p50 ${summarize(apiSamples).p50} ms`);

  // The screen in Chromium: log in once, then click 股东名册 (from another screen) until the rows and total show.
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
  b.scratch.add('browser', () => browser.close());
  const page = await browser.newPage({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1366, height: 860 } });
  await page.goto(`${b.baseUrl}/`);
  await page.getByLabel('用户名').fill('bench.accountant');
  await page.getByLabel('密码').fill('bench.accountant-password');
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('button', { name: '退出' }).waitFor();
  const warm: number[] = [];
  let firstOpenMs = 0;
  for (let k = 0; k < RUNS + 1; k++) {
    await page.getByRole('menuitem', { name: '股种' }).click();
    await page.getByRole('cell', { name: '基本股' }).first().waitFor();
    const t = process.hrtime.bigint();
    await page.getByRole('menuitem', { name: '股东名册' }).click();
    await page.locator('[aria-label="股东名册"] [data-row-key="0000001"]').waitFor();
    await page.getByLabel('名册合计').filter({ hasText: /\d/ }).waitFor();
    // The first opening also downloads the screen's code (a lazy chunk): reported on its own.
    if (k === 0) firstOpenMs = round(elapsedMs(t));
    else warm.push(elapsedMs(t));
  }
  say(`  股东名册 screen usable after the click: p50 ${summarize(warm).p50} ms, max ${summarize(warm).max} ms`);
  await browser.close();

  // A 10,000-holder plan calculated by a worker, then its allocation list page by page.
  const env = b.compiled.core.processEnv();
  const worker = await WorkerProcess.start(startWorkerArgs(), { PATH: env.PATH, REDIS_URL: env.REDIS_URL, DATABASE_URL: b.databaseUrl, QUEUE_PREFIX: b.queuePrefix, DB_POOL_SIZE: '4' });
  b.scratch.add('worker', () => worker.stop());
  const plan = await http.expect<{ id: string }>(201, 'POST', `${world.base}/distributions`, world.accountant, { ledgerId: world.ledgerId, fiscalYear: YEAR, recordDate: asOf, reservePercent: '30.00', amountPerUnit: '10.00', taxRate: '0.20' });
  const { jobId } = await http.expect<{ jobId: string }>(202, 'POST', `${world.base}/distributions/${plan.id}/calculate`, world.accountant);
  const tc = process.hrtime.bigint();
  for (;;) {
    const job = await http.expect<{ state: string; failedReason: string | null }>(200, 'GET', `/api/v1/jobs/${jobId}`, world.accountant);
    if (job.state === 'completed') break;
    if (job.state === 'failed') throw new Error(`calculation failed: ${job.failedReason}`);
    if (elapsedMs(tc) > 300_000) throw new Error('calculation did not finish in 5 minutes');
    await new Promise((r) => setTimeout(r, 100));
  }
  const calculateMs = elapsedMs(tc);
  const [{ n }] = (await pool.query<{ n: string }>(`SELECT count(*) AS n FROM distribution_allocations WHERE plan_id = $1`, [plan.id])).rows;
  say(`  plan calculated: ${n} allocations in ${round(calculateMs)} ms`);
  const pages: Record<string, { pages: number; rows: number; ms: ReturnType<typeof summarize> }> = {};
  for (const limit of [50, 1000]) {
    const samples: number[] = [];
    let cursor: string | null = null;
    let rows = 0;
    do {
      const path = `${world.base}/distributions/${plan.id}/allocations?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
      const t = process.hrtime.bigint();
      const page: { items: unknown[]; nextCursor: string | null } = await http.expect(200, 'GET', path, world.accountant);
      samples.push(elapsedMs(t));
      rows += page.items.length;
      cursor = page.nextCursor;
    } while (cursor);
    pages[`limit${limit}`] = { pages: samples.length, rows, ms: summarize(samples) };
    say(`  allocations, ${limit} a page: ${samples.length} pages, p50 ${summarize(samples).p50} ms, max ${summarize(samples).max} ms`);
  }
  const holder = (await pool.query<{ shareholder_id: string }>(`SELECT shareholder_id FROM distribution_allocations WHERE plan_id = $1 ORDER BY shareholder_number OFFSET $2 LIMIT 1`, [plan.id, Math.floor(HOLDERS / 2)])).rows[0].shareholder_id;
  const oneHolder: number[] = [];
  for (let k = 0; k < RUNS * 4; k++) {
    const t = process.hrtime.bigint();
    await http.expect(200, 'GET', `${world.base}/distributions/${plan.id}/allocations?shareholderId=${holder}`, world.accountant);
    oneHolder.push(elapsedMs(t));
  }
  say(`  allocations of one holder (the search): p50 ${summarize(oneHolder).p50} ms`);

  const results = {
    date: startedAt.toISOString(),
    scenario: 'register-web',
    command: 'npm run bench:register-web',
    machine: b.machine,
    loadAverage: { atStart: null as number[] | null, atEnd: load(), note: 'os.loadavg() 1/5/15 min, as `uptime` shows it' },
    holders: HOLDERS,
    register: {
      rows: register.items.length,
      apiMs: summarize(apiSamples),
      screenUsableMs: summarize(warm),
      firstOpenMs,
      how: 'Chromium (Playwright), click on 股东名册 from the 股种 screen until the first row and the total are rendered; the screen’s code already loaded (first opening not counted)',
      target: '≤ 1000 ms',
    },
    allocations: { count: Number(n), calculateMs: round(calculateMs), pages, oneHolderMs: summarize(oneHolder), how: 'client-side time on the same machine (loopback, keep-alive): an upper bound of the server time', target: 'each page ≤ 100 ms' },
  };
  results.loadAverage.atStart = loadAtStart;
  if (args.out || HOLDERS === 10000) writeResults('register-web', startedAt, results, args.out);
  else say(JSON.stringify(results, null, 2));
}

const loadAtStart = load();
runBench(main);
