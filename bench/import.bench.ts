/**
 * Bulk import benchmark (issue 7): opening balances and historical vouchers loaded through the
 * product's import path — POST …/ledgers/{ledgerId}/imports and `cli import` — in voucher lines per
 * second. Target: ≥ 20,000 lines/s.
 *
 *   npm run bench:import                  # builds, then runs (about a minute on 2 cores)
 *   npm run bench:import -- --quick       # smaller requests and runs, no results file
 *
 * See bench/README.md ("Import") for what is measured and the recorded figures.
 */
import { spawn } from 'node:child_process';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Decimal } from 'decimal.js';
import pg from 'pg';
import { round, runBench, say, startBench, TOWN_CODE, UNION_CODE, writeResults } from './support/harness.js';
import type { Bench } from './support/harness.js';
import { CpuAccount } from './support/cpu.js';
import type { CpuShare } from './support/cpu.js';
import { seeded } from './support/orgs-load.js';
import { elapsedMs, summarize } from './support/stats.js';
import type { Summary } from './support/stats.js';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    'lines-per-request': { type: 'string' },
    requests: { type: 'string' },
    'cli-lines': { type: 'string' },
    out: { type: 'string' },
    'keep-db': { type: 'boolean', default: false },
  },
});
const QUICK = args.quick ?? false;
/** Voucher lines per request: the endpoint's limit. */
const LINES_PER_REQUEST = Number(args['lines-per-request'] ?? (QUICK ? '10000' : '50000'));
/** Requests per client: 1 client into one ledger, then 2 clients into a ledger each. */
const REQUESTS = Number(args.requests ?? (QUICK ? '2' : '8'));
const REQUESTS_2 = QUICK ? REQUESTS : Math.ceil(REQUESTS * 0.625);
/** Lines of the file the CLI imports (in batches of 50,000, one transaction). */
const CLI_LINES = Number(args['cli-lines'] ?? (QUICK ? '20000' : '200000'));
/** Dongguan-sized requests: one organization's year of ~300 vouchers is about 1,000 lines. */
const SMALL_LINES = 1000;
const SMALL_REQUESTS = QUICK ? 10 : 100;
const YEAR = 2024;
const TARGET = 20_000;

const startedAt = new Date();
const benchStart = process.hrtime.bigint();

interface World {
  accountantToken: string;
  orgs: { union: string; coop1: string; coop2: string };
}

/** A town, a 经联社 with two 经济社, one accountant granted on the three (as a village's 会计 keeps its groups' books). */
async function seed(b: Bench): Promise<World> {
  const { app, compiled, http: client } = b;
  const orgs = app.get(compiled.organizations.OrganizationsService);
  const users = app.get(compiled.auth.UsersService);
  const code = (n: number) => {
    const first17 = `N2441900MA${String(10_000_000 + n).slice(1)}`;
    return `${first17}${compiled.core.creditCodeCheckChar(first17)}`;
  };
  const ids = await compiled.core.RequestContext.run({ requestId: 'bench-seed', principal: null }, async () => {
    const town = await orgs.create({ code: TOWN_CODE, name: '基准测试街道', kind: 'town' });
    const union = await orgs.create({ code: UNION_CODE, name: '基准测试股份经济联合社', kind: 'union', parentId: town.id });
    const coop1 = await orgs.create({ code: code(801), name: '基准测试第一股份经济合作社', kind: 'cooperative', parentId: union.id });
    const coop2 = await orgs.create({ code: code(802), name: '基准测试第二股份经济合作社', kind: 'cooperative', parentId: union.id });
    await users.create({
      username: 'bench.accountant',
      password: 'bench.accountant-password',
      grants: [union.id, coop1.id, coop2.id].map((orgId) => ({ orgId, role: 'accountant' as const })),
    });
    return { union: union.id, coop1: coop1.id, coop2: coop2.id };
  });
  const token = (await client.expect<{ accessToken: string }>(200, 'POST', '/api/v1/auth/login', null, { username: 'bench.accountant', password: 'bench.accountant-password' })).accessToken;
  return { accountantToken: token, orgs: ids };
}

interface Leaf {
  code: string;
  needsCounterparty: boolean;
}

/** A ledger from the 2023 chart with bank and payable sub-accounts, made through the API; its leaf accounts. */
async function createLedger(b: Bench, w: World, orgId: string, name: string): Promise<{ ledgerId: string; leaves: Leaf[] }> {
  const base = `/api/v1/orgs/${orgId}/ledgers`;
  const ledger = await b.http.expect<{ id: string }>(201, 'POST', base, w.accountantToken, { name, kind: 'collective', chart: '2023', startPeriod: `${YEAR}-01` });
  for (const [code, accountName, parentCode] of [
    ['10201', '工商银行', '102'],
    ['10202', '农村商业银行', '102'],
    ['11301', '第一经济社', '113'],
    ['15101', '房屋及建筑物', '151'],
  ]) {
    await b.http.expect(201, 'POST', `${base}/${ledger.id}/accounts`, w.accountantToken, { code, name: accountName, parentCode });
  }
  // The chart is a few hundred accounts: one page of the list (SPEC §5, at most 1000 rows).
  const { items: accounts } = await b.http.expect<{ items: { code: string; leaf: boolean; needsCounterparty: boolean }[] }>(200, 'GET', `${base}/${ledger.id}/accounts?limit=1000`, w.accountantToken);
  return { ledgerId: ledger.id, leaves: accounts.filter((a) => a.leaf).map((a) => ({ code: a.code, needsCounterparty: a.needsCounterparty })) };
}

interface Generated {
  body: { openingBalances?: unknown[]; vouchers: unknown[] };
  vouchers: number;
  lines: number;
  /** Σdebit of the vouchers (exact). */
  debit: Decimal;
}

const cents = (rng: () => number, max: number) => `${1 + Math.floor(rng() * max)}.${String(Math.floor(rng() * 100)).padStart(2, '0')}`;

/**
 * About `lines` voucher lines of a ledger-year: vouchers of 2 to 6 lines (3.3 on average; 1 to n−1
 * debits, the credits splitting the same total), spread over the 12 months, on random leaf accounts,
 * a counterparty where the account needs one, a memo on every voucher and on a third of the lines.
 */
function generate(rng: () => number, leaves: Leaf[], lines: number, opening: boolean, serial: { n: number }): Generated {
  const vouchers: unknown[] = [];
  let debitTotal = new Decimal(0);
  let made = 0;
  while (made < lines) {
    const n = Math.min(Math.max(2, lines - made), 2 + Math.floor(rng() * 5));
    if (lines - made - n === 1) continue; // never leave a one-line remainder
    const debits = 1 + Math.floor(rng() * (n - 1));
    const amounts = Array.from({ length: debits }, () => cents(rng, 50_000));
    const total = amounts.reduce((s, a) => s.plus(a), new Decimal(0));
    const credits = n - debits;
    const share = total.dividedBy(credits).toDecimalPlaces(2, Decimal.ROUND_DOWN);
    const creditAmounts = Array.from({ length: credits }, (_, i) => (i < credits - 1 ? share : total.minus(share.times(credits - 1))).toFixed(2));
    const line = (side: 'debit' | 'credit', amount: string, k: number) => {
      const leaf = leaves[Math.floor(rng() * leaves.length)];
      return {
        accountCode: leaf.code,
        [side]: amount,
        ...(k % 3 === 0 ? { memo: `明细 ${serial.n}-${k}` } : {}),
        ...(leaf.needsCounterparty ? { counterparty: `往来单位 ${Math.floor(rng() * 200)}` } : {}),
      };
    };
    const month = 1 + Math.floor(rng() * 12);
    const day = 1 + Math.floor(rng() * 28);
    vouchers.push({
      date: `${YEAR}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      memo: `历史凭证 ${serial.n++}`,
      attachments: Math.floor(rng() * 4),
      lines: [...amounts.map((a, k) => line('debit', a, k)), ...creditAmounts.map((a, k) => line('credit', a, debits + k))],
    });
    debitTotal = debitTotal.plus(total);
    made += n;
  }
  const body: Generated['body'] = { vouchers };
  if (opening) {
    body.openingBalances = [
      { accountCode: '101', debit: '52000.00' },
      { accountCode: '10201', debit: '3480000.50' },
      { accountCode: '15101', debit: '12500000.00' },
      { accountCode: '301', credit: '10000000.00' },
      { accountCode: '311', credit: '4032000.50' },
      { accountCode: '32202', credit: '2000000.00' },
    ];
  }
  return { body, vouchers: vouchers.length, lines: made, debit: debitTotal };
}
const OPENING_TOTAL = '16032000.50';

/** One import request: the body sent as prepared bytes (serialized before the clock starts). */
function post(agent: http.Agent, baseUrl: string, path: string, token: string, body: Buffer, key: string): Promise<{ status: number; text: string; ms: number }> {
  const url = new URL(path, baseUrl);
  const t0 = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Content-Length': body.length, 'Idempotency-Key': key },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), ms: elapsedMs(t0) }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

interface Target {
  orgId: string;
  ledgerId: string;
  leaves: Leaf[];
  /** What was imported into it, to check the books against. */
  debit: Decimal;
  lines: number;
  vouchers: number;
  opening: boolean;
}

interface RunFigure {
  how: string;
  clients: number;
  requests: number;
  linesPerRequest: number;
  lines: number;
  vouchers: number;
  seconds: number;
  linesPerSecond: number;
  target: string;
  latencyMs: Summary;
  cpu: CpuShare;
}

/** `clients` concurrent clients, each posting its requests one after another into its own ledger. */
async function run(
  b: Bench,
  w: World,
  cpu: CpuAccount,
  targets: Target[],
  requests: number,
  linesPerRequest: number,
  label: string,
  rng: () => number,
  serial: { n: number },
): Promise<RunFigure> {
  say(`${label}: preparing ${targets.length} × ${requests} requests of ${linesPerRequest} lines …`);
  const prepared = targets.map((target) =>
    Array.from({ length: requests }, (_, r) => {
      const g = generate(rng, target.leaves, linesPerRequest, r === 0 && !target.opening, serial);
      if (g.body.openingBalances) target.opening = true;
      return { g, bytes: Buffer.from(JSON.stringify(g.body)) };
    }),
  );
  await b.pool.query('ANALYZE');
  const agent = new http.Agent({ keepAlive: true, maxSockets: targets.length });
  const latencies: number[] = [];
  let lines = 0;
  let vouchers = 0;
  const { result: ms, cpu: share } = await cpu.around(async () => {
    const t0 = process.hrtime.bigint();
    await Promise.all(
      targets.map(async (target, c) => {
        for (const [r, { g, bytes }] of prepared[c].entries()) {
          const res = await post(agent, b.baseUrl, `/api/v1/orgs/${target.orgId}/ledgers/${target.ledgerId}/imports`, w.accountantToken, bytes, `bench-${label.replace(/[^A-Za-z0-9]+/g, "-")}-${c}-${r}`);
          if (res.status !== 201) throw new Error(`import ${label} ${c}/${r}: ${res.status} ${res.text.slice(0, 500)}`);
          const summary = JSON.parse(res.text) as { vouchers: number; lines: number; debit: string };
          if (summary.lines !== g.lines || summary.vouchers !== g.vouchers || summary.debit !== g.debit.toFixed(2)) throw new Error(`import ${label} ${c}/${r}: summary ${res.text.slice(0, 300)} ≠ sent`);
          latencies.push(res.ms);
          target.debit = target.debit.plus(g.debit);
          target.lines += g.lines;
          target.vouchers += g.vouchers;
          lines += g.lines;
          vouchers += g.vouchers;
        }
      }),
    );
    return elapsedMs(t0);
  });
  agent.destroy();
  const figure: RunFigure = {
    how: 'POST …/ledgers/{ledgerId}/imports (accountant), Idempotency-Key on every request',
    clients: targets.length,
    requests: requests * targets.length,
    linesPerRequest,
    lines,
    vouchers,
    seconds: round(ms / 1000, 2),
    linesPerSecond: Math.round(lines / (ms / 1000)),
    target: `≥ ${TARGET.toLocaleString('en')} lines/s`,
    latencyMs: summarize(latencies),
    cpu: share,
  };
  say(`  ${figure.lines} lines in ${figure.seconds} s: ${figure.linesPerSecond.toLocaleString('en')} lines/s (target ≥ ${TARGET.toLocaleString('en')} lines/s); per request p50 ${figure.latencyMs.p50} ms`);
  return figure;
}

/** The compiled CLI as an operator runs it (`npm run cli -- import …`), on an NDJSON file. */
async function runCli(b: Bench, target: Target, rng: () => number, serial: { n: number }) {
  say(`CLI: preparing a file of ${CLI_LINES} lines …`);
  const g = generate(rng, target.leaves, CLI_LINES, true, serial);
  const dir = mkdtempSync(join(os.tmpdir(), 'cl-import-bench-'));
  const file = join(dir, 'books.ndjson');
  const text = [JSON.stringify({ openingBalances: g.body.openingBalances }), ...g.body.vouchers.map((v) => JSON.stringify(v))].join('\n');
  writeFileSync(file, text);
  const bytes = Buffer.byteLength(text);
  await b.pool.query('ANALYZE');
  const t0 = process.hrtime.bigint();
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ['dist/apps/cli/src/main.js', 'import', '--org', target.orgId, '--ledger', target.ledgerId, '--file', file, '--as', 'bench.accountant'], {
      cwd: new URL('../', import.meta.url).pathname,
      env: { ...b.compiled.core.processEnv(), DATABASE_URL: b.databaseUrl, LOG_LEVEL: 'warn', QUEUE_PREFIX: b.queuePrefix },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`cli import exited with ${code}: ${out.slice(0, 1000)}`))));
  });
  const wallMs = elapsedMs(t0);
  rmSync(dir, { recursive: true, force: true });
  const inside = /in ([0-9.]+) s;/.exec(output);
  if (!inside || !output.includes(`imported ${g.vouchers} vouchers, ${g.lines} lines`)) throw new Error(`unexpected CLI output: ${output.slice(0, 500)}`);
  target.debit = target.debit.plus(g.debit);
  target.lines += g.lines;
  target.vouchers += g.vouchers;
  target.opening = true;
  const importSeconds = Number(inside[1]);
  const figure = {
    how: 'npm run cli -- import --org … --ledger … --file books.ndjson --as … (compiled CLI, own process; one transaction, batches of 50,000 lines)',
    lines: g.lines,
    vouchers: g.vouchers,
    fileMiB: round(bytes / 1024 / 1024, 1),
    wallSeconds: round(wallMs / 1000, 2),
    importSeconds,
    linesPerSecondWall: Math.round(g.lines / (wallMs / 1000)),
    linesPerSecondImport: Math.round(g.lines / importSeconds),
    target: `≥ ${TARGET.toLocaleString('en')} lines/s`,
  };
  say(`  ${figure.lines} lines: ${figure.linesPerSecondImport.toLocaleString('en')} lines/s reading the file and importing (${figure.importSeconds} s), ${figure.linesPerSecondWall.toLocaleString('en')} lines/s with the process start (${figure.wallSeconds} s) (target ≥ ${TARGET.toLocaleString('en')} lines/s)`);
  return figure;
}

/** The books after the runs: trial balance totals equal what was sent, integrity clean, the audit chain verifies. */
async function check(b: Bench, w: World, targets: Target[]) {
  const out = [];
  for (const t of targets) {
    const base = `/api/v1/orgs/${t.orgId}/ledgers/${t.ledgerId}`;
    const tb = await b.http.expect<{ totals: Record<string, string>; balanced: boolean }>(200, 'GET', `${base}/reports/trial-balance?from=${YEAR}-01&to=${YEAR}-12`, w.accountantToken);
    const expected = t.debit.toFixed(2);
    const sql = (
      await b.pool.query<{ debit: string; credit: string; vouchers: string }>(
        `SELECT sum(l.debit)::text AS debit, sum(l.credit)::text AS credit, count(DISTINCT l.voucher_id)::text AS vouchers FROM journal_lines l WHERE l.org_id = $1 AND l.ledger_id = $2`,
        [t.orgId, t.ledgerId],
      )
    ).rows[0];
    const t0 = process.hrtime.bigint();
    const integrity = await b.http.expect<{ ok: boolean }>(200, 'GET', `${base}/integrity`, w.accountantToken);
    const integrityMs = elapsedMs(t0);
    const ok =
      tb.balanced &&
      tb.totals.debit === expected &&
      tb.totals.credit === expected &&
      sql.debit === expected &&
      sql.credit === expected &&
      Number(sql.vouchers) === t.vouchers &&
      tb.totals.openingDebit === (t.opening ? OPENING_TOTAL : '0.00') &&
      integrity.ok;
    const row = { ledger: t.ledgerId, lines: t.lines, vouchers: t.vouchers, expectedDebit: expected, trialBalance: tb.totals, integrityOk: integrity.ok, integritySeconds: round(integrityMs / 1000, 2), ok };
    if (!ok) throw new Error(`books check failed: ${JSON.stringify({ row, sql })}`);
    say(`  ledger ${t.ledgerId.slice(0, 8)}: ${t.lines} lines, trial balance ${tb.totals.debit} = ${expected} sent, integrity clean (${row.integritySeconds} s)`);
    out.push(row);
  }
  const verified = [];
  for (const orgId of [...new Set(targets.map((t) => t.orgId))]) {
    const t0 = process.hrtime.bigint();
    // The accountant may read the audit log (audit.read); verification re-hashes every import's vouchers.
    const v = await b.http.expect<{ ok: boolean; checked: number }>(200, 'GET', `/api/v1/orgs/${orgId}/audit-log/verify`, w.accountantToken);
    if (!v.ok) throw new Error(`audit chain of ${orgId} does not verify: ${JSON.stringify(v)}`);
    verified.push({ orgId, entries: v.checked, seconds: round(elapsedMs(t0) / 1000, 2) });
  }
  say(`  audit chains verify (${verified.map((v) => `${v.entries} entries in ${v.seconds} s`).join(', ')})`);
  return { ledgers: out, auditChains: verified };
}

async function main(): Promise<void> {
  const b = await startBench({ keepDb: args['keep-db'] });
  try {
    const w = await seed(b);
    const monitor = new pg.Pool({ connectionString: b.databaseUrl, max: 1 });
    monitor.on('error', () => undefined);
    b.scratch.add('monitor pool', () => monitor.end());
    const cpu = new CpuAccount(monitor);
    const rng = seeded(20241231);
    const serial = { n: 1 };
    const target = async (orgId: string, name: string): Promise<Target> => ({ orgId, ...(await createLedger(b, w, orgId, name)), debit: new Decimal(0), lines: 0, vouchers: 0, opening: false });
    const single = await target(w.orgs.union, '历史账一');
    const pair = [await target(w.orgs.coop1, '历史账'), await target(w.orgs.coop2, '历史账')];
    const cliTarget = await target(w.orgs.union, '历史账二');
    const small = [await target(w.orgs.coop1, '小批量账'), await target(w.orgs.coop2, '小批量账')];

    // A small import first, so the first timed request does not pay for warming up the code paths.
    const warm = await target(w.orgs.union, '预热账');
    const g = generate(rng, warm.leaves, 2000, false, serial);
    await b.http.expect(201, 'POST', `/api/v1/orgs/${warm.orgId}/ledgers/${warm.ledgerId}/imports`, w.accountantToken, g.body);

    const runs: RunFigure[] = [];
    runs.push(await run(b, w, cpu, [single], REQUESTS, LINES_PER_REQUEST, '1 client', rng, serial));
    runs.push(await run(b, w, cpu, pair, REQUESTS_2, LINES_PER_REQUEST, '2 clients', rng, serial));
    runs.push(await run(b, w, cpu, small, SMALL_REQUESTS, SMALL_LINES, '2 clients, small requests', rng, serial));
    const cli = await runCli(b, cliTarget, rng, serial);

    say('checks:');
    const checks = await check(b, w, [single, ...pair, cliTarget, ...small]);
    const totalLines = runs.reduce((s, r) => s + r.lines, 0) + cli.lines;

    const results = {
      date: startedAt.toISOString(),
      scenario: 'import',
      command: 'npm run bench:import',
      durationSeconds: round(elapsedMs(benchStart) / 1000),
      machine: b.machine,
      inputs: {
        quick: QUICK,
        linesPerRequest: LINES_PER_REQUEST,
        requestsPerClient: { oneClient: REQUESTS, twoClients: REQUESTS_2, twoClientsSmall: SMALL_REQUESTS },
        smallRequestLines: SMALL_LINES,
        cliLines: CLI_LINES,
        totalLines,
        voucher: '2–6 lines (1 to n−1 debits), random leaf accounts of the 2023 chart plus 4 sub-accounts, counterparty on 113/211, a memo per voucher and on a third of the lines, dates over the 12 months of 2024',
        openingBalances: 'with the first request (and in the CLI file) of each ledger: 6 lines',
      },
      target: `bulk import ≥ ${TARGET.toLocaleString('en')} lines/s`,
      http: runs,
      cli,
      checks,
    };
    say('');
    for (const r of runs) say(`bulk import over HTTP, ${r.clients} client(s), ${r.linesPerRequest.toLocaleString('en')}-line requests: ${r.linesPerSecond.toLocaleString('en')} lines/s   (target ≥ ${TARGET.toLocaleString('en')} lines/s)`);
    say(`bulk import by the CLI: ${cli.linesPerSecondImport.toLocaleString('en')} lines/s (${cli.linesPerSecondWall.toLocaleString('en')} with the process start)   (target ≥ ${TARGET.toLocaleString('en')} lines/s)`);
    if (!QUICK || args.out) writeResults('import', startedAt, results, args.out);
  } finally {
    await b.scratch.teardown();
  }
}

runBench(main);
