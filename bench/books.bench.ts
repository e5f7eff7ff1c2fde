/**
 * Books benchmark (issue 7): voucher posting throughput through HTTP against the same SQL sent
 * directly, and trial-balance time on a ledger-year of 1 M and 10 M journal lines.
 *
 *   npm run bench:books                 # builds, then runs everything (about 10 min on 2 cores)
 *   npm run bench:books -- --quick      # a smoke run: short measurements, 100 k lines, no results file
 *
 * See bench/README.md ("Books") for what is measured and the recorded figures.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import type { INestApplication } from '@nestjs/common';
import pg from 'pg';
import { round, runBench, say, startBench } from './support/harness.js';
import { endSession, LINES_PER_VOUCHER, loadVouchers, prepareSession, rebuildBalances } from './support/bulk-load.js';
import type { LoadTarget } from './support/bulk-load.js';
import type { Compiled } from './support/dist.js';
import { CpuAccount } from './support/cpu.js';
import type { CpuShare } from './support/cpu.js';
import { JsonClient } from './support/http.js';
import { LoadGenerator } from './support/load-client.js';
import type { RunResult } from './support/load.worker.js';
import { prepareReviewed, rawFlow, rawPost } from './support/raw-posting.js';
import type { RawTarget } from './support/raw-posting.js';
import { elapsedMs, summarize } from './support/stats.js';
import type { Summary } from './support/stats.js';
import { countStatements } from './support/statements.js';
import { resolveAccounts, voucherLines } from './support/vouchers.js';
import type { PostingAccounts } from './support/vouchers.js';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    'target-seconds': { type: 'string' },
    'tb-lines': { type: 'string' },
    lines: { type: 'string', default: '2,10' },
    repeats: { type: 'string' },
    clients: { type: 'string', default: '1,4,8' },
    'budget-minutes': { type: 'string', default: '14' },
    'skip-posting': { type: 'boolean', default: false },
    'skip-tb': { type: 'boolean', default: false },
    out: { type: 'string' },
    'keep-db': { type: 'boolean', default: false },
  },
});

const QUICK = args.quick ?? false;
/** Each timed posting run is sized from a pilot run to take about this long. */
const TARGET_SECONDS = Number(args['target-seconds'] ?? (QUICK ? '1.5' : '8'));
/** Timed runs per kind and configuration, interleaved (raw, API, raw, API …); the best is reported. */
const REPEATS = Number(args.repeats ?? (QUICK ? '1' : '2'));
const PILOT_SECONDS = QUICK ? 0.5 : 1.5;
const list = (s: string) => s.split(',').map((x) => Number(x.trim()));
const LINE_COUNTS = list(args.lines ?? '2,10');
const CLIENTS = list(args.clients ?? '1,4,8');
/** Issue 18's targets: API ÷ raw, side by side in one run. */
const TARGET_FLOW_RATIO = 0.5;
const TARGET_POST_RATIO = 0.6;
const TB_LINES = list(args['tb-lines'] ?? (QUICK ? '100000' : '1000000,10000000'));
const TB_WARMUPS = 3;
const TB_RUNS = QUICK ? 5 : 20;
const BATCH_VOUCHERS = 250_000;
const BUDGET_MS = Number(args['budget-minutes']) * 60_000;
/** All posting vouchers are dated in one month of one ledger: they contend on that month's period row. */
const POSTING_DATE = '2025-03-15';
const POSTING_PERIOD = '2025-03';
const TB_YEAR = 2024;

/** Known-valid 统一社会信用代码 (the test fixtures' town and 经联社). */
const TOWN_CODE = '11441900MB2C00001M';
const UNION_CODE = 'N2441900MA0000001F';

const startedAt = new Date();
const benchStart = process.hrtime.bigint();

interface PostingFigure {
  vouchers: number;
  seconds: number;
  vouchersPerSecond: number;
  pilot: { vouchers: number; seconds: number };
  latencyMs: Record<string, Summary>;
  /** Share of the run the main thread's event loop was busy (the API's, or the raw runs' pg client). */
  mainThreadBusy: number;
  /** CPU use during the run: the machine's busy share, this bench's cores (process + its backends), anyone else's. */
  cpu: CpuShare;
  /** Every timed repeat; the fields above are those of the fastest. */
  repeats: { vouchers: number; seconds: number; vouchersPerSecond: number; otherCores: number }[];
}

type Measured = RunResult & { mainThreadBusy: number; cpu: CpuShare };

let cpuAccount: CpuAccount | null = null;
let cpuPool: pg.Pool | null = null;

/** The load generator's worker thread (its CPU is reported apart from the API's). */
let loadThreadId: number | null = null;

/** `main` names this process's main thread in the CPU split: the API for API runs, the pg client for raw runs. */
async function measured(run: () => Promise<RunResult>, main: 'api' | 'rawClient' = 'api'): Promise<Measured> {
  const elu = performance.eventLoopUtilization();
  const account = new CpuAccount(cpuPool!, { processName: main, threads: { loadGenerator: loadThreadId } });
  const { result, cpu } = await account.around(run);
  return { ...result, mainThreadBusy: round(performance.eventLoopUtilization(elu).utilization, 3), cpu };
}

interface PostingCase {
  lines: number;
  clients: number;
  api: { flow: PostingFigure; post: PostingFigure };
  raw: { flow: PostingFigure; post: PostingFigure };
  /** API vouchers/s ÷ raw vouchers/s. */
  ratio: { flow: number; post: number };
}

/** Statements one request sends (BEGIN and COMMIT included), counted at pg's Client.query, one request at a time. */
interface StatementProfile {
  lines: number;
  api: Record<'draft' | 'review' | 'post', { statements: number; ms: number; texts: { sql: string; ms: number }[] }>;
  raw: Record<'flow' | 'post', { statements: number; ms: number; texts: { sql: string; ms: number }[] }>;
}

interface TrialBalanceCase {
  lines: number;
  vouchers: number;
  accounts: number;
  leafAccounts: number;
  loadSeconds: number;
  balancesSeconds: number;
  tableSizes: Record<string, string>;
  trialBalanceMs: Summary;
  trialBalanceRows: number;
  /** CPU use while the trial balance was timed (see PostingFigure.cpu). */
  cpu: CpuShare;
  balanced: boolean;
  integrity: { ok: boolean; ms: Summary } | { skipped: string };
}

interface World {
  orgId: string;
  accountantId: string;
  reviewerId: string;
  tokens: { accountant: string; reviewer: string };
}

async function seed(app: INestApplication, compiled: Compiled, http: JsonClient): Promise<World> {
  const orgs = app.get(compiled.organizations.OrganizationsService);
  const users = app.get(compiled.auth.UsersService);
  const ids = await compiled.core.RequestContext.run({ requestId: 'bench-seed', principal: null }, async () => {
    const town = await orgs.create({ code: TOWN_CODE, name: '基准测试街道', kind: 'town' });
    const union = await orgs.create({ code: UNION_CODE, name: '基准测试股份经济联合社', kind: 'union', parentId: town.id });
    const accountant = await users.create({ username: 'bench.accountant', password: 'bench.accountant-password', grants: [{ orgId: union.id, role: 'accountant' }] });
    const reviewer = await users.create({ username: 'bench.reviewer', password: 'bench.reviewer-password', grants: [{ orgId: union.id, role: 'reviewer' }] });
    return { orgId: union.id, accountantId: accountant.id, reviewerId: reviewer.id };
  });
  const login = async (username: string) =>
    (await http.expect<{ accessToken: string }>(200, 'POST', '/api/v1/auth/login', null, { username, password: `${username}-password` })).accessToken;
  return { ...ids, tokens: { accountant: await login('bench.accountant'), reviewer: await login('bench.reviewer') } };
}

interface Slot {
  name: string;
  ledger: { path: string; target: RawTarget };
  /** Untimed preparation of a run of `count` vouchers; returns the timed part. */
  prepare: (count: number, seqStart: number) => Promise<() => Promise<RunResult>>;
  pilot: () => Promise<RunResult>;
  pilotResult?: RunResult;
  posted: number;
  size: number;
  runs: Measured[];
}

const rate = (r: RunResult) => r.done / (r.ms / 1000);

/** The best of the repeats (interference from other work only ever slows a run down), with every repeat listed. */
function figure(pilot: RunResult, runs: Measured[]): PostingFigure {
  const best = runs.reduce((a, b) => (rate(b) > rate(a) ? b : a));
  return {
    vouchers: best.done,
    seconds: round(best.ms / 1000, 2),
    vouchersPerSecond: round(rate(best)),
    pilot: { vouchers: pilot.done, seconds: round(pilot.ms / 1000, 2) },
    latencyMs: best.latencyMs,
    mainThreadBusy: best.mainThreadBusy,
    cpu: best.cpu,
    repeats: runs.map((r) => ({ vouchers: r.done, seconds: round(r.ms / 1000, 2), vouchersPerSecond: round(rate(r)), otherCores: r.cpu.otherCores })),
  };
}

function progress(what: string, run: Measured): void {
  say(
    `  ${what} ${round(run.done / (run.ms / 1000))} vouchers/s (${run.done} in ${round(run.ms / 1000, 2)} s; main thread busy ${Math.round(run.mainThreadBusy * 100)}%, CPU: bench ${run.cpu.benchCores} cores, others ${run.cpu.otherCores})`,
  );
}

/** N for a timed run: the pilot's rate × the target time, a multiple of the client count. */
function sizeFrom(pilot: RunResult, clients: number): number {
  const rate = pilot.done / (pilot.ms / 1000);
  const n = Math.min(50_000, Math.max(clients * 20, Math.round(rate * TARGET_SECONDS)));
  return Math.ceil(n / clients) * clients;
}

/**
 * Statements per request of each step, counted once per line count on a ledger of its own whose month
 * row and audit head already exist (one voucher booked first, as in daily work); and the raw flow's
 * and raw post's, for comparison. Nothing else runs meanwhile, so every statement counted is the request's.
 */
async function statementProfile(ctx: { http: JsonClient; pool: pg.Pool; world: World }, lines: number): Promise<StatementProfile> {
  const { http, pool, world } = ctx;
  const ledgersPath = `/api/v1/orgs/${world.orgId}/ledgers`;
  const ledger = await http.expect<{ id: string }>(201, 'POST', ledgersPath, world.tokens.accountant, { name: `statements-${lines}`, kind: 'collective', chart: '2023', startPeriod: '2025-01' });
  const path = `${ledgersPath}/${ledger.id}`;
  const accounts = resolveAccounts((await http.expect<{ items: { code: string; leaf: boolean; needsCounterparty: boolean }[] }>(200, 'GET', `${path}/accounts?limit=1000`, world.tokens.accountant)).items);
  const flowOnce = async (seq: number) => {
    const draft = await countStatements(() =>
      http.expect<{ id: string }>(201, 'POST', `${path}/vouchers`, world.tokens.accountant, { date: POSTING_DATE, memo: `语句计数 ${seq}`, attachments: 1, lines: voucherLines(lines, seq, accounts) }),
    );
    const review = await countStatements(() => http.expect(200, 'POST', `${path}/vouchers/${draft.result.id}/review`, world.tokens.reviewer));
    const post = await countStatements(() => http.expect<{ status: string }>(200, 'POST', `${path}/vouchers/${draft.result.id}/post`, world.tokens.accountant));
    if (post.result.status !== 'posted') throw new Error('statement profile: voucher not posted');
    const pick = (c: { statements: number; ms: number; texts: { sql: string; ms: number }[] }) => ({ statements: c.statements, ms: c.ms, texts: c.texts });
    return { draft: pick(draft), review: pick(review), post: pick(post) };
  };
  await flowOnce(0); // warm-up: the month's period row and the organization's audit head exist, plans are cached
  const api = await flowOnce(1);
  const target: RawTarget = { orgId: world.orgId, ledgerId: ledger.id, period: POSTING_PERIOD, date: POSTING_DATE, accountantId: world.accountantId, reviewerId: world.reviewerId, accounts };
  // rawFlow/rawPost take their connection from the pool first: count only what they send on it.
  const rawFlowCount = await countStatements(() => rawFlow(pool, target, { lineCount: lines, clients: 1, count: 1, seqStart: 2 }));
  const ids = await prepareReviewed(pool, target, lines, 1, 3);
  const rawPostCount = await countStatements(() => rawPost(pool, target, ids, 1));
  const pick = (c: { statements: number; ms: number; texts: { sql: string; ms: number }[] }) => ({ statements: c.statements, ms: c.ms, texts: c.texts });
  return { lines, api, raw: { flow: pick(rawFlowCount), post: pick(rawPostCount) } };
}

async function postingScenario(ctx: { http: JsonClient; load: LoadGenerator; pool: pg.Pool; world: World }): Promise<PostingCase[]> {
  const { http, load, pool, world } = ctx;
  const ledgersPath = `/api/v1/orgs/${world.orgId}/ledgers`;
  let accounts: PostingAccounts | undefined;
  const newLedger = async (name: string) => {
    const ledger = await http.expect<{ id: string }>(201, 'POST', ledgersPath, world.tokens.accountant, { name, kind: 'collective', chart: '2023', startPeriod: '2025-01' });
    // The draft endpoint creates the month's period row on first use; the raw and prepared runs need it too.
    await pool.query(`INSERT INTO periods (org_id, ledger_id, period) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [world.orgId, ledger.id, POSTING_PERIOD]);
    const path = `${ledgersPath}/${ledger.id}`;
    // Every posting ledger starts from the same chart: resolve the vouchers' accounts once.
    accounts ??= resolveAccounts((await http.expect<{ items: { code: string; leaf: boolean; needsCounterparty: boolean }[] }>(200, 'GET', `${path}/accounts?limit=1000`, world.tokens.accountant)).items);
    const target: RawTarget = {
      orgId: world.orgId,
      ledgerId: ledger.id,
      period: POSTING_PERIOD,
      date: POSTING_DATE,
      accountantId: world.accountantId,
      reviewerId: world.reviewerId,
      accounts,
    };
    return { path, target };
  };
  /** Every voucher posted, numbers 1..n without a gap, and the integrity report clean. */
  const verify = async (ledger: { path: string; target: RawTarget }, expected: number) => {
    const [row] = (
      await pool.query<{ total: string; posted: string; max: number | null; last: number }>(
        `SELECT count(*) AS total, count(*) FILTER (WHERE v.status = 'posted') AS posted, max(v.number) AS max,
                (SELECT last_voucher_number FROM periods p WHERE p.org_id = $1 AND p.ledger_id = $2 AND p.period = $3) AS last
           FROM vouchers v WHERE v.org_id = $1 AND v.ledger_id = $2`,
        [ledger.target.orgId, ledger.target.ledgerId, POSTING_PERIOD],
      )
    ).rows;
    const ok = Number(row.total) === expected && Number(row.posted) === expected && row.max === expected && row.last === expected;
    if (!ok) throw new Error(`ledger ${ledger.target.ledgerId}: expected ${expected} posted vouchers numbered 1..${expected}, found ${JSON.stringify(row)}`);
    const integrity = await http.expect<{ ok: boolean }>(200, 'GET', `${ledger.path}/integrity`, world.tokens.accountant);
    if (!integrity.ok) throw new Error(`ledger ${ledger.target.ledgerId}: integrity report not clean: ${JSON.stringify(integrity).slice(0, 500)}`);
  };

  /**
   * Fresh statistics before every pilot and timed run, as autovacuum keeps them in a running system.
   * Without them, on a young database, the per-line deferred balance check's cached generic plan can
   * scan ix_journal_lines_account on org_id alone: every commit then reads all the organization's lines.
   */
  const analyze = () => pool.query('ANALYZE');

  const cases: PostingCase[] = [];
  for (const lines of LINE_COUNTS) {
    for (const clients of CLIENTS) {
      const label = `${lines} lines × ${clients} client${clients > 1 ? 's' : ''}`;
      const opts = { lineCount: lines, clients };
      const pilotTime = { timeBoxMs: PILOT_SECONDS * 1000, seqStart: 0 };
      /** Vouchers for a post-only pilot: about PILOT_SECONDS of the flow rate (posting alone is faster). */
      const pilotCount = (flow: RunResult) => Math.max(clients * 10, Math.ceil(((flow.done / (flow.ms / 1000)) * PILOT_SECONDS) / clients) * clients);

      // One ledger per kind of run, so that each starts from the same state and numbers its own month.
      const rawFlowLedger = await newLedger(`raw-flow-${lines}x${clients}`);
      const apiFlowLedger = await newLedger(`api-flow-${lines}x${clients}`);
      const rawPostLedger = await newLedger(`raw-post-${lines}x${clients}`);
      const apiPostLedger = await newLedger(`api-post-${lines}x${clients}`);
      const flowArgs = { ledgerPath: apiFlowLedger.path, date: POSTING_DATE, accounts: apiFlowLedger.target.accounts, ...opts };

      const kinds: Omit<Slot, 'posted' | 'size' | 'runs'>[] = [
        {
          name: 'raw flow',
          ledger: rawFlowLedger,
          // Draft + review + post in one transaction per voucher.
          prepare: async (count, seqStart) => () => rawFlow(pool, rawFlowLedger.target, { ...opts, count, seqStart }),
          pilot: () => rawFlow(pool, rawFlowLedger.target, { ...opts, ...pilotTime }),
        },
        {
          name: 'API flow',
          ledger: apiFlowLedger,
          // Draft → review → post: three requests, three transactions.
          prepare: async (count, seqStart) => () => load.flow({ ...flowArgs, count, seqStart }),
          pilot: () => load.flow({ ...flowArgs, ...pilotTime }),
        },
        {
          name: 'raw post',
          ledger: rawPostLedger,
          // The post step alone, on vouchers drafted and reviewed beforehand (untimed, set-based).
          prepare: async (count, seqStart) => {
            const ids = await prepareReviewed(pool, rawPostLedger.target, lines, count, seqStart);
            return () => rawPost(pool, rawPostLedger.target, ids, clients);
          },
          pilot: async () => {
            const ids = await prepareReviewed(pool, rawPostLedger.target, lines, pilotCount(slots[0].pilotResult!), 0);
            await analyze();
            return rawPost(pool, rawPostLedger.target, ids, clients);
          },
        },
        {
          name: 'API post',
          ledger: apiPostLedger,
          prepare: async (count, seqStart) => {
            const ids = await prepareReviewed(pool, apiPostLedger.target, lines, count, seqStart);
            return () => load.post({ ledgerPath: apiPostLedger.path, ids, clients });
          },
          pilot: async () => {
            const ids = await prepareReviewed(pool, apiPostLedger.target, lines, pilotCount(slots[1].pilotResult!), 0);
            await analyze();
            return load.post({ ledgerPath: apiPostLedger.path, ids, clients });
          },
        },
      ];
      const slots: Slot[] = kinds.map((kind) => ({ ...kind, posted: 0, size: 0, runs: [] }));

      // Pilots size the timed runs (and warm up), then the four kinds take turns, REPEATS times.
      for (const slot of slots) {
        await analyze();
        slot.pilotResult = await slot.pilot();
        slot.posted = slot.pilotResult.done;
        slot.size = sizeFrom(slot.pilotResult, clients);
      }
      for (let repeat = 1; repeat <= REPEATS; repeat++) {
        for (const slot of slots) {
          const run = await slot.prepare(slot.size, slot.posted);
          await analyze();
          const result = await measured(run, slot.name.startsWith('raw') ? 'rawClient' : 'api');
          slot.posted += result.done;
          await verify(slot.ledger, slot.posted);
          slot.runs.push(result);
          progress(`${label}: ${slot.name}${REPEATS > 1 ? ` (${repeat}/${REPEATS})` : ''}`, result);
        }
      }

      const [rawFlowFig, apiFlowFig, rawPostFig, apiPostFig] = slots.map((slot) => figure(slot.pilotResult!, slot.runs));
      cases.push({
        lines,
        clients,
        api: { flow: apiFlowFig, post: apiPostFig },
        raw: { flow: rawFlowFig, post: rawPostFig },
        ratio: {
          flow: round(apiFlowFig.vouchersPerSecond / rawFlowFig.vouchersPerSecond, 3),
          post: round(apiPostFig.vouchersPerSecond / rawPostFig.vouchersPerSecond, 3),
        },
      });
    }
  }
  return cases;
}

/** Sub-accounts (明细科目) added through the API, bringing the chart to about 200 accounts. */
const SUB_ACCOUNTS: [parent: string, count: number][] = [
  ['102', 10],
  ['112', 20],
  ['113', 30],
  ['121', 10],
  ['151', 10],
  ['211', 30],
  ['501', 15],
  ['511', 15],
  ['513', 10],
];

async function trialBalanceScenario(ctx: {
  http: JsonClient;
  load: LoadGenerator;
  pool: pg.Pool;
  databaseUrl: string;
  world: World;
  deadline: bigint;
  notes: string[];
}): Promise<TrialBalanceCase[]> {
  const { http, load, pool, world, notes } = ctx;
  const ledgersPath = `/api/v1/orgs/${world.orgId}/ledgers`;
  const ledger = await http.expect<{ id: string }>(201, 'POST', ledgersPath, world.tokens.accountant, {
    name: `科目余额表-${TB_YEAR}`,
    kind: 'collective',
    chart: '2023',
    startPeriod: `${TB_YEAR}-01`,
  });
  const path = `${ledgersPath}/${ledger.id}`;
  const existing = new Set((await http.expect<{ items: { code: string }[] }>(200, 'GET', `${path}/accounts?limit=1000`, world.tokens.accountant)).items.map((a) => a.code));
  for (const [parent, count] of SUB_ACCOUNTS) {
    for (let i = 1; i <= count; i++) {
      const code = `${parent}${String(i).padStart(2, '0')}`;
      if (existing.has(code)) continue;
      await http.expect(201, 'POST', `${path}/accounts`, world.tokens.accountant, { code, name: `明细 ${code}`, parentCode: parent });
    }
  }
  const [counts] = (
    await pool.query<{ accounts: string; leaves: string }>(
      `SELECT count(*) AS accounts, count(*) FILTER (WHERE is_leaf) AS leaves FROM accounts WHERE org_id = $1 AND ledger_id = $2`,
      [world.orgId, ledger.id],
    )
  ).rows;
  say(`  ledger with ${counts.accounts} accounts (${counts.leaves} leaves)`);

  const target: LoadTarget = { orgId: world.orgId, ledgerId: ledger.id, year: TB_YEAR, accountantId: world.accountantId, reviewerId: world.reviewerId };
  const loader = new pg.Client({ connectionString: ctx.databaseUrl });
  loader.on('error', () => undefined);
  await loader.connect();
  const results: TrialBalanceCase[] = [];
  try {
    await prepareSession(loader);
    let loaded = 0;
    let loadMs = 0;
    let lastBatchMs = 0;
    let balancesMsPerLine = 0;
    let integrityMsPerLine = 0;
    for (const wantedLines of TB_LINES) {
      const wanted = Math.ceil(wantedLines / LINES_PER_VOUCHER);
      let truncated = false;
      while (loaded < wanted) {
        const to = Math.min(wanted, loaded + BATCH_VOUCHERS);
        // Leave room for the batch, the balances, the measurements and the teardown.
        const remainingMs = Number(ctx.deadline - process.hrtime.bigint()) / 1e6;
        const needMs = (lastBatchMs / BATCH_VOUCHERS) * (to - loaded) + balancesMsPerLine * to * LINES_PER_VOUCHER + 30_000;
        if (lastBatchMs > 0 && needMs > remainingMs) {
          truncated = true;
          break;
        }
        const t0 = process.hrtime.bigint();
        const batch = await loadVouchers(loader, target, loaded, to);
        lastBatchMs = elapsedMs(t0);
        loadMs += lastBatchMs;
        loaded = to;
        say(
          `  loaded ${(loaded * LINES_PER_VOUCHER).toLocaleString('en')} lines (batch: vouchers ${round(batch.vouchersMs / 1000)} s, lines ${round(batch.linesMs / 1000)} s)`,
        );
      }
      if (truncated) {
        notes.push(
          `Trial balance: the ${wantedLines.toLocaleString('en')}-line case was stopped at ${(loaded * LINES_PER_VOUCHER).toLocaleString('en')} lines to stay within the ${BUDGET_MS / 60_000}-minute budget (last 1 M-line batch took ${round(lastBatchMs / 1000)} s).`,
        );
        say(`  stopped loading at ${loaded * LINES_PER_VOUCHER} lines (time budget)`);
        if (results.some((r) => r.lines === loaded * LINES_PER_VOUCHER)) break;
      }
      const balancesMs = await rebuildBalances(loader, target);
      balancesMsPerLine = balancesMs / (loaded * LINES_PER_VOUCHER);
      const sizes = await pool.query<{ name: string; size: string }>(
        `SELECT relname AS name, pg_size_pretty(pg_total_relation_size(oid)) AS size FROM pg_class WHERE relname IN ('vouchers', 'journal_lines', 'account_balances') ORDER BY relname`,
      );

      const tbPath = `${path}/reports/trial-balance?from=${TB_YEAR}-01&to=${TB_YEAR}-12`;
      const { result: tb, cpu } = await cpuAccount!.around(() => load.get({ path: tbPath, warmups: TB_WARMUPS, runs: TB_RUNS }));
      const body = tb.lastBody as { balanced: boolean; rows: unknown[]; totals: { ytdDebit: string; ytdCredit: string } };
      const [sums] = (
        await pool.query<{ debit: string; credit: string }>(`SELECT sum(debit)::text AS debit, sum(credit)::text AS credit FROM journal_lines WHERE org_id = $1 AND ledger_id = $2`, [
          world.orgId,
          ledger.id,
        ])
      ).rows;
      if (!body.balanced || body.totals.ytdDebit !== sums.debit || body.totals.ytdCredit !== sums.credit) {
        throw new Error(`trial balance does not match the lines: ${JSON.stringify(body.totals)} vs ${JSON.stringify(sums)}`);
      }
      const trialBalanceMs = summarize(tb.samplesMs);
      const lines = loaded * LINES_PER_VOUCHER;
      say(`  ${lines.toLocaleString('en')} lines: trial balance median ${trialBalanceMs.p50} ms (p95 ${trialBalanceMs.p95} ms), totals ${body.totals.ytdDebit}`);

      // GET …/integrity recomputes every balance from the lines: run it where the budget allows.
      let integrity: TrialBalanceCase['integrity'];
      const remainingMs = Number(ctx.deadline - process.hrtime.bigint()) / 1e6;
      const first = results.length === 0;
      const estimateMs = integrityMsPerLine * lines;
      if (first || estimateMs * 1.5 + 30_000 < remainingMs) {
        const runs = first ? 3 : 1;
        const check = await load.get({ path: `${path}/integrity`, warmups: first ? 1 : 0, runs });
        const report = check.lastBody as { ok: boolean };
        if (!report.ok) throw new Error(`integrity report not clean at ${lines} lines: ${JSON.stringify(report).slice(0, 500)}`);
        integrity = { ok: report.ok, ms: summarize(check.samplesMs) };
        integrityMsPerLine = integrity.ms.p50 / lines;
        say(`  ${lines.toLocaleString('en')} lines: integrity ok, ${round(integrity.ms.p50)} ms`);
      } else {
        integrity = { skipped: `estimated ${round(estimateMs / 1000)} s; ${round(remainingMs / 1000)} s of the budget left` };
        notes.push(`Integrity at ${lines.toLocaleString('en')} lines skipped: ${integrity.skipped}.`);
      }

      results.push({
        lines,
        vouchers: loaded,
        accounts: Number(counts.accounts),
        leafAccounts: Number(counts.leaves),
        loadSeconds: round(loadMs / 1000),
        balancesSeconds: round(balancesMs / 1000),
        tableSizes: Object.fromEntries(sizes.rows.map((r) => [r.name, r.size])),
        trialBalanceMs,
        trialBalanceRows: body.rows.length,
        cpu,
        balanced: body.balanced,
        integrity,
      });
      if (truncated) break;
    }
    await endSession(loader);
  } finally {
    await loader.end();
  }
  return results;
}

/** Issue 18's rows: one per ratio and client count, with `met` (run-all.ts copies them into the summary). */
function postingTargets(posting: PostingCase[]): { what: string; target: string; measured: number; met: boolean }[] {
  return posting.flatMap((c) => [
    { what: `API flow ÷ raw flow, ${c.lines} lines, ${c.clients} client(s) (draft → review → post)`, target: `≥ ${TARGET_FLOW_RATIO.toFixed(2)}`, measured: c.ratio.flow, met: c.ratio.flow >= TARGET_FLOW_RATIO },
    { what: `API post ÷ raw post, ${c.lines} lines, ${c.clients} client(s)`, target: `≥ ${TARGET_POST_RATIO.toFixed(2)}`, measured: c.ratio.post, met: c.ratio.post >= TARGET_POST_RATIO },
  ]);
}

function printTables(posting: PostingCase[], trial: TrialBalanceCase[]): void {
  const pad = (s: string | number, n: number) => String(s).padStart(n);
  if (posting.length > 0) {
    say('');
    say('Posting (vouchers/s; ratio = API ÷ raw SQL)');
    say(`${pad('lines', 5)} ${pad('clients', 7)} | ${pad('API flow', 9)} ${pad('raw flow', 9)} ${pad('ratio', 6)} | ${pad('API post', 9)} ${pad('raw post', 9)} ${pad('ratio', 6)}`);
    for (const c of posting) {
      say(
        `${pad(c.lines, 5)} ${pad(c.clients, 7)} | ${pad(c.api.flow.vouchersPerSecond, 9)} ${pad(c.raw.flow.vouchersPerSecond, 9)} ${pad(c.ratio.flow.toFixed(3), 6)} | ${pad(c.api.post.vouchersPerSecond, 9)} ${pad(c.raw.post.vouchersPerSecond, 9)} ${pad(c.ratio.post.toFixed(3), 6)}`,
      );
    }
    say('');
    say('CPU split during the fastest run (cores: main thread = API or raw pg client, load generator thread, PostgreSQL backends, other processes)');
    const split = (f: PostingFigure) => (f.cpu.split ? Object.entries(f.cpu.split).map(([k, v]) => `${k} ${v}`).join(', ') : '—');
    for (const c of posting) {
      for (const [name, f] of [['API flow', c.api.flow], ['raw flow', c.raw.flow], ['API post', c.api.post], ['raw post', c.raw.post]] as const) {
        say(`${pad(c.lines, 5)} ${pad(c.clients, 7)} | ${name.padEnd(8)} ${split(f)}`);
      }
    }
  }
  if (trial.length > 0) {
    say('');
    say('Trial balance, 12 months (GET …/reports/trial-balance over HTTP)');
    say(`${pad('lines', 11)} ${pad('vouchers', 10)} ${pad('accounts', 8)} | ${pad('TB p50 ms', 9)} ${pad('p95 ms', 7)} | ${pad('integrity ms', 12)} | ${pad('load s', 7)}`);
    for (const t of trial) {
      const integrity = 'ms' in t.integrity ? String(round(t.integrity.ms.p50)) : 'skipped';
      say(
        `${pad(t.lines.toLocaleString('en'), 11)} ${pad(t.vouchers.toLocaleString('en'), 10)} ${pad(t.accounts, 8)} | ${pad(t.trialBalanceMs.p50, 9)} ${pad(t.trialBalanceMs.p95, 7)} | ${pad(integrity, 12)} | ${pad(t.loadSeconds, 7)}`,
      );
    }
  }
}

async function main(): Promise<void> {
  const bench = await startBench({ keepDb: args['keep-db'] });
  const { scratch, compiled, databaseUrl, pool, app, baseUrl, http, machine, config } = bench;
  try {
    const monitorPool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
    monitorPool.on('error', () => undefined);
    scratch.add('monitor pool', () => monitorPool.end());
    cpuAccount = new CpuAccount(monitorPool);
    cpuPool = monitorPool;
    const world = await seed(app, compiled, http);
    const load = new LoadGenerator({ baseUrl, maxSockets: Math.max(...CLIENTS), tokens: world.tokens });
    scratch.add('load worker', () => load.close());
    loadThreadId = await load.threadId();
    say(`API on ${baseUrl}, pool of ${config.dbPoolSize} connections; organization ${world.orgId}`);

    const notes: string[] = [];
    let posting: PostingCase[] = [];
    const statements: StatementProfile[] = [];
    if (!args['skip-posting']) {
      say('statements per request:');
      for (const lines of LINE_COUNTS) {
        const p = await statementProfile({ http, pool, world }, lines);
        statements.push(p);
        say(
          `  ${lines} lines: draft ${p.api.draft.statements}, review ${p.api.review.statements}, post ${p.api.post.statements} (flow ${p.api.draft.statements + p.api.review.statements + p.api.post.statements}); raw flow ${p.raw.flow.statements}, raw post ${p.raw.post.statements}`,
        );
      }
      say('posting:');
      posting = await postingScenario({ http, load, pool, world });
    }
    let trial: TrialBalanceCase[] = [];
    if (!args['skip-tb']) {
      say('trial balance:');
      trial = await trialBalanceScenario({ http, load, pool, databaseUrl, world, deadline: benchStart + BigInt(BUDGET_MS) * 1_000_000n, notes });
    }

    printTables(posting, trial);
    // This machine may be shared: say how much CPU other processes took while the figures were timed.
    const others = [
      ...posting.flatMap((c) => [c.api.flow, c.api.post, c.raw.flow, c.raw.post].flatMap((f) => f.repeats.map((r) => r.otherCores))),
      ...trial.map((t) => t.cpu.otherCores),
    ];
    if (others.length > 0) {
      const mean = round(others.reduce((a, b) => a + b, 0) / others.length, 2);
      const max = Math.max(...others);
      notes.unshift(
        `Other processes on the machine used on average ${mean} cores (at most ${max}) of ${machine.cores} during the timed runs` +
          (mean >= 0.25 ? ': the figures are lower than this machine gives when idle.' : '.'),
      );
      say(`\n${notes[0]}`);
    }
    const results = {
      date: startedAt.toISOString(),
      scenario: 'books',
      command: 'npm run bench:books',
      durationSeconds: round(elapsedMs(benchStart) / 1000),
      machine,
      inputs: {
        posting: {
          lineCounts: LINE_COUNTS,
          clients: CLIENTS,
          voucherDate: POSTING_DATE,
          targetSecondsPerRun: TARGET_SECONDS,
          repeats: REPEATS,
          reported: 'the fastest of the repeats of each kind (runs interleaved: raw flow, API flow, raw post, API post, then again)',
          pilotSecondsPerRun: PILOT_SECONDS,
          apiDbPoolSize: config.dbPoolSize,
          sizing: 'each timed run posts N vouchers, N = pilot rate × target seconds (rounded to a multiple of the clients); N is recorded per figure',
          flow: 'API: POST vouchers (accountant) → POST …/review (reviewer) → POST …/post (accountant); raw: the same INSERT/UPDATE statements in one transaction',
          post: 'vouchers drafted and reviewed beforehand (set-based SQL, untimed); API: POST …/post; raw: SELECT … FOR UPDATE, UPDATE periods … RETURNING, UPDATE vouchers',
        },
        trialBalance: {
          year: TB_YEAR,
          lineTargets: TB_LINES,
          linesPerVoucher: LINES_PER_VOUCHER,
          warmups: TB_WARMUPS,
          runs: TB_RUNS,
          query: `GET …/reports/trial-balance?from=${TB_YEAR}-01&to=${TB_YEAR}-12`,
        },
        budgetMinutes: BUDGET_MS / 60_000,
        quick: QUICK,
      },
      statementsPerRequest: statements,
      posting,
      targets: postingTargets(posting),
      trialBalance: trial,
      notes,
      loadAverageAtEnd: os.loadavg().map((x) => round(x, 2)),
    };
    if (!QUICK || args.out) {
      const file = args.out ?? new URL(`./results/${startedAt.toISOString().slice(0, 10)}-books.json`, import.meta.url).pathname;
      mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
      writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
      say(`\nwrote ${file}`);
    }
  } finally {
    await scratch.teardown();
  }
}

runBench(main);
