/**
 * Exports benchmark (issue 6): the queued auditor exports — the hledger journal and the GB/T
 * 24589-style XML package — of ledgers of 100 k and 1 M journal lines, each run by a fresh worker
 * process whose time and peak resident memory (VmHWM) are recorded; every file is downloaded through
 * the API and read back against the database.
 *
 *   npm run bench:exports                 # builds, then 100 k and 1 M lines, both formats (about 5 min on 2 cores)
 *   npm run bench:exports -- --quick      # a smoke run: 20 k lines, no results file
 *
 * See bench/README.md ("Exports") for what is measured and the recorded figures.
 */
import { rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { endSession, LINES_PER_VOUCHER, loadVouchers, prepareSession, rebuildBalances } from './support/bulk-load.js';
import type { LoadTarget } from './support/bulk-load.js';
import { CpuAccount } from './support/cpu.js';
import { checkGbt, checkJournal } from './support/export-check.js';
import type { ExportTotals } from './support/export-check.js';
import { round, runBench, say, startBench, TOWN_CODE, writeResults } from './support/harness.js';
import { elapsedMs } from './support/stats.js';
import { startWorkerArgs, WorkerProcess } from './support/worker-process.js';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    lines: { type: 'string' },
    formats: { type: 'string', default: 'journal,gbt24589' },
    'rss-limit-mib': { type: 'string', default: '300' },
    'worker-args': { type: 'string' },
    out: { type: 'string' },
    'keep-db': { type: 'boolean', default: false },
  },
});

const QUICK = args.quick ?? false;
const LINE_TARGETS = (args.lines ?? (QUICK ? '20000' : '100000,1000000')).split(',').map((x) => Number(x.trim()));
const FORMATS = (args.formats ?? 'journal,gbt24589').split(',').map((x) => x.trim()) as Format[];
const RSS_LIMIT_MIB = Number(args['rss-limit-mib']);
/** `node <these>`: by default what `npm run start:worker` runs (package.json); `--worker-args` to compare. */
const WORKER_ARGS = args['worker-args'] ? args['worker-args'].trim().split(/\s+/) : startWorkerArgs();
const YEAR = 2024;
const BATCH_VOUCHERS = 250_000;
const JOB_TIMEOUT_MS = 15 * 60_000;

type Format = 'journal' | 'gbt24589';

/** Known-valid 统一社会信用代码 (the test fixtures'): one 经联社 per ledger size, under the harness's town. */
const UNION_CODES = ['N2441900MA0000001F', 'N2441900MA0000003M', 'N2441900MA0000004Q', 'N2441900MA0000005U'];

const startedAt = new Date();
const benchStart = process.hrtime.bigint();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface JobView {
  state: string;
  progress: number;
  result: { format: Format; vouchers: number; lines: number; bytes: number; ms: number } | null;
  failedReason: string | null;
}

interface ExportCase {
  lines: number;
  vouchers: number;
  format: Format;
  /** The processor's own time: from the job's start to the file renamed into place. */
  exportSeconds: number;
  /** From POST …/exports to GET /jobs/{id} reporting `completed` (polled every 100 ms). */
  requestToCompletedSeconds: number;
  bytes: number;
  linesPerSecond: number;
  worker: {
    /** V8's heap limit, as the worker logged it (set by --max-old-space-size in start:worker). */
    heapLimitMb: number | null;
    /** VmHWM after the worker had started and before the job: what booting the libraries costs. */
    idleHwmMiB: number;
    /** VmHWM at the end of the job: the peak resident memory of the whole process, boot included. */
    peakRssMiB: number;
    /** The highest VmRSS of the samples taken every 100 ms during the job (a check on VmHWM). */
    sampledMaxRssMiB: number;
    samples: number;
    rssAfterMiB: number;
    cpuSeconds: number;
    withinLimit: boolean;
  };
  /** Cores used while the job ran: the worker; this process and the scratch database's backends; everyone else. */
  cores: { worker: number; benchAndDatabase: number; others: number };
  download: { seconds: number; bytes: number };
  /** What the downloaded file holds, read back as it streamed, equal to the database's figures. */
  verified: ExportTotals & { expected: { vouchers: number; lines: number; debit: string; credit: string } };
}

/** GET a file as a stream; a non-200 answer fails with its body. */
function download(baseUrl: string, urlPath: string, token: string): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = http.get(new URL(urlPath, baseUrl), { headers: { Authorization: `Bearer ${token}` } }, (res) => {
      if (res.statusCode === 200) return resolve(res);
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString('utf8')));
      res.on('end', () => reject(new Error(`GET ${urlPath}: ${res.statusCode} ${text.slice(0, 500)}`)));
    });
    req.on('error', reject);
  });
}

async function main(): Promise<void> {
  if (LINE_TARGETS.length > UNION_CODES.length) throw new Error(`at most ${UNION_CODES.length} ledger sizes`);
  // A scratch database, the API in this process (it only enqueues and serves the files: the exports
  // run in the worker), machine facts; torn down whatever happens.
  const b = await startBench({ keepDb: args['keep-db'], poolSize: 4 });
  const { compiled, scratch, databaseUrl, queuePrefix, pool, app, baseUrl, machine, config } = b;
  const client = b.http;
  try {
    const env = compiled.core.processEnv();
    const monitorPool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
    monitorPool.on('error', () => undefined);
    scratch.add('monitor pool', () => monitorPool.end());
    const cpuAccount = new CpuAccount(monitorPool);
    // The API's EXPORT_DIR (the default unless set): the worker writes there, the API serves from there.
    const exportDir = config.exportDir;

    // A town, one 经联社 per ledger size (each numbers its vouchers from 1), an accountant and a
    // reviewer (the loaded vouchers' preparer and reviewer), and an auditor on the town who exports.
    const orgs = app.get(compiled.organizations.OrganizationsService);
    const users = app.get(compiled.auth.UsersService);
    const world = await compiled.core.RequestContext.run({ requestId: 'bench-seed', principal: null }, async () => {
      const town = await orgs.create({ code: TOWN_CODE, name: '基准测试街道', kind: 'town' });
      const unions: string[] = [];
      for (const [i, lines] of LINE_TARGETS.entries()) {
        unions.push((await orgs.create({ code: UNION_CODES[i], name: `导出基准经联社 ${lines.toLocaleString('en')} 行`, kind: 'union', parentId: town.id })).id);
      }
      const grants = (role: 'accountant' | 'reviewer') => unions.map((orgId) => ({ orgId, role }));
      const accountant = await users.create({ username: 'bench.accountant', password: 'bench.accountant-password', grants: grants('accountant') });
      const reviewer = await users.create({ username: 'bench.reviewer', password: 'bench.reviewer-password', grants: grants('reviewer') });
      await users.create({ username: 'bench.auditor', password: 'bench.auditor-password', grants: [{ orgId: town.id, role: 'auditor' }] });
      return { unions, accountantId: accountant.id, reviewerId: reviewer.id };
    });
    const login = async (username: string) =>
      (await client.expect<{ accessToken: string }>(200, 'POST', '/api/v1/auth/login', null, { username, password: `${username}-password` })).accessToken;
    const tokens = { accountant: await login('bench.accountant'), auditor: await login('bench.auditor') };
    say(`API on ${baseUrl}; exports to ${exportDir}; worker: node ${WORKER_ARGS.join(' ')}`);
    // Files are written per organization: this run's are removed at the end.
    scratch.add('export files', async () => {
      for (const orgId of world.unions) rmSync(path.join(exportDir, orgId), { recursive: true, force: true });
    });

    const workerEnv = { ...env, DATABASE_URL: databaseUrl, REDIS_URL: config.redisUrl, QUEUE_PREFIX: queuePrefix, EXPORT_DIR: exportDir };
    const workers = new Set<WorkerProcess>();
    scratch.add('workers', async () => {
      for (const w of workers) await w.stop();
    });

    const cases: ExportCase[] = [];
    const ledgers: { lines: number; vouchers: number; loadSeconds: number; balancesSeconds: number; tableSizes: Record<string, string> }[] = [];
    for (const [i, targetLines] of LINE_TARGETS.entries()) {
      const orgId = world.unions[i];
      const ledger = await client.expect<{ id: string }>(201, 'POST', `/api/v1/orgs/${orgId}/ledgers`, tokens.accountant, {
        name: `导出基准 ${targetLines}`,
        kind: 'collective',
        chart: '2023',
        startPeriod: `${YEAR}-01`,
      });
      const target: LoadTarget = { orgId, ledgerId: ledger.id, year: YEAR, accountantId: world.accountantId, reviewerId: world.reviewerId };
      const wanted = Math.ceil(targetLines / LINES_PER_VOUCHER);
      const loader = new pg.Client({ connectionString: databaseUrl });
      loader.on('error', () => undefined);
      await loader.connect();
      let loadMs = 0;
      let balancesMs = 0;
      try {
        await prepareSession(loader);
        for (let from = 0; from < wanted; from += BATCH_VOUCHERS) {
          const t0 = process.hrtime.bigint();
          await loadVouchers(loader, target, from, Math.min(wanted, from + BATCH_VOUCHERS));
          loadMs += elapsedMs(t0);
        }
        await endSession(loader);
        balancesMs = await rebuildBalances(loader, target);
      } finally {
        await loader.end();
      }
      const [expected] = (
        await pool.query<{ vouchers: number; lines: number; debit: string; credit: string }>(
          `SELECT count(DISTINCT v.id)::int AS vouchers, count(*)::int AS lines, sum(l.debit)::text AS debit, sum(l.credit)::text AS credit
             FROM journal_lines l JOIN vouchers v ON v.org_id = l.org_id AND v.id = l.voucher_id
            WHERE v.org_id = $1 AND v.ledger_id = $2 AND v.status = 'posted'`,
          [orgId, ledger.id],
        )
      ).rows;
      const sizes = await pool.query<{ name: string; size: string }>(
        `SELECT relname AS name, pg_size_pretty(pg_total_relation_size(oid)) AS size FROM pg_class WHERE relname IN ('vouchers', 'journal_lines') ORDER BY relname`,
      );
      ledgers.push({
        lines: expected.lines,
        vouchers: expected.vouchers,
        loadSeconds: round(loadMs / 1000),
        balancesSeconds: round(balancesMs / 1000),
        tableSizes: Object.fromEntries(sizes.rows.map((r) => [r.name, r.size])),
      });
      say(`${expected.lines.toLocaleString('en')} lines (${expected.vouchers.toLocaleString('en')} vouchers) loaded in ${round(loadMs / 1000)} s; debit = credit = ${expected.debit}`);

      for (const format of FORMATS) {
        const worker = await WorkerProcess.start(WORKER_ARGS, workerEnv);
        workers.add(worker);
        // Let the boot's allocations settle before taking the idle figure.
        await sleep(1000);
        const idle = worker.memory();
        const cpuBefore = worker.cpuSeconds();
        worker.startSampling(100);
        const t0 = process.hrtime.bigint();
        const { result: job, cpu } = await cpuAccount.around(async () => {
          const body = format === 'gbt24589' ? { format, year: String(YEAR) } : { format };
          const { jobId } = await client.expect<{ jobId: string }>(202, 'POST', `/api/v1/orgs/${orgId}/ledgers/${ledger.id}/exports`, tokens.auditor, body);
          for (;;) {
            const view = await client.expect<JobView>(200, 'GET', `/api/v1/jobs/${jobId}`, tokens.auditor);
            if (view.state === 'completed' || view.state === 'failed') return { jobId, view };
            if (elapsedMs(t0) > JOB_TIMEOUT_MS) throw new Error(`${format} export of ${expected.lines} lines: not done after ${JOB_TIMEOUT_MS / 60_000} min`);
            await sleep(100);
          }
        });
        const requestToCompletedMs = elapsedMs(t0);
        const sampled = worker.stopSampling();
        const after = worker.memory();
        const workerCpu = worker.cpuSeconds() - cpuBefore;
        await worker.stop();
        workers.delete(worker);
        if (job.view.state !== 'completed' || !job.view.result) throw new Error(`${format} export failed: ${job.view.failedReason}`);
        const result = job.view.result;

        const d0 = process.hrtime.bigint();
        const res = await download(baseUrl, `/api/v1/orgs/${orgId}/ledgers/${ledger.id}/exports/${job.jobId}/file`, tokens.auditor);
        const totals = format === 'gbt24589' ? await checkGbt(res) : await checkJournal(res);
        const downloadMs = elapsedMs(d0);
        const problems: string[] = [];
        if (totals.vouchers !== expected.vouchers || totals.lines !== expected.lines) problems.push(`file holds ${totals.vouchers} vouchers / ${totals.lines} lines`);
        if (totals.debit !== expected.debit || totals.credit !== expected.credit) problems.push(`file totals debit ${totals.debit}, credit ${totals.credit}`);
        if (result.vouchers !== expected.vouchers || result.lines !== expected.lines) problems.push(`job reports ${result.vouchers} vouchers / ${result.lines} lines`);
        if (totals.bytes !== result.bytes) problems.push(`downloaded ${totals.bytes} bytes, job wrote ${result.bytes}`);
        if (format === 'gbt24589' && totals.entries.length !== 10) problems.push(`ZIP has ${totals.entries.length} entries: ${totals.entries.join(', ')}`);
        if (problems.length > 0) {
          throw new Error(`${format} export of ${expected.lines} lines does not match the database (${expected.vouchers} vouchers, ${expected.lines} lines, ${expected.debit}): ${problems.join('; ')}`);
        }
        const seconds = requestToCompletedMs / 1000;
        const peak = after.hwmMiB;
        cases.push({
          lines: expected.lines,
          vouchers: expected.vouchers,
          format,
          exportSeconds: round(result.ms / 1000, 2),
          requestToCompletedSeconds: round(seconds, 2),
          bytes: result.bytes,
          linesPerSecond: Math.round(expected.lines / (result.ms / 1000)),
          worker: {
            heapLimitMb: worker.heapLimitMb,
            idleHwmMiB: round(idle.hwmMiB),
            peakRssMiB: round(peak),
            sampledMaxRssMiB: round(sampled.maxRssMiB),
            samples: sampled.samples,
            rssAfterMiB: round(after.rssMiB),
            cpuSeconds: round(workerCpu, 2),
            withinLimit: peak < RSS_LIMIT_MIB,
          },
          cores: { worker: round(workerCpu / seconds, 2), benchAndDatabase: cpu.benchCores, others: round(Math.max(0, cpu.otherCores - workerCpu / seconds), 2) },
          download: { seconds: round(downloadMs / 1000, 2), bytes: totals.bytes },
          verified: { ...totals, expected },
        });
        say(
          `  ${format.padEnd(8)} ${round(result.ms / 1000, 1)} s, ${(result.bytes / 1024 / 1024).toFixed(1)} MiB; worker peak RSS ${round(peak)} MiB (idle ${round(idle.hwmMiB)} MiB)${peak < RSS_LIMIT_MIB ? '' : ` OVER ${RSS_LIMIT_MIB} MiB`}; download + check ${round(downloadMs / 1000, 1)} s: ${totals.vouchers} vouchers, ${totals.lines} lines, totals match`,
        );
        // The next case's worker starts clean; the files are not needed any more.
        rmSync(path.join(exportDir, orgId), { recursive: true, force: true });
      }
    }

    say('');
    say('Queued exports (worker process: export time, peak RSS = VmHWM)');
    say(`${'lines'.padStart(11)} ${'format'.padEnd(8)} | ${'export s'.padStart(8)} ${'lines/s'.padStart(8)} ${'MiB'.padStart(7)} | ${'peak RSS'.padStart(8)} ${'idle'.padStart(6)} MiB`);
    for (const c of cases) {
      say(
        `${c.lines.toLocaleString('en').padStart(11)} ${c.format.padEnd(8)} | ${String(c.exportSeconds).padStart(8)} ${String(c.linesPerSecond).padStart(8)} ${(c.bytes / 1024 / 1024).toFixed(1).padStart(7)} | ${String(c.worker.peakRssMiB).padStart(8)} ${String(c.worker.idleHwmMiB).padStart(6)}`,
      );
    }
    const over = cases.filter((c) => !c.worker.withinLimit);
    const others = cases.map((c) => c.cores.others);
    const notes = [
      `Other processes on the machine used on average ${round(others.reduce((a, b) => a + b, 0) / Math.max(1, others.length), 2)} cores (at most ${Math.max(...others)}) of ${machine.cores} while the exports ran.`,
      ...over.map((c) => `${c.format} at ${c.lines} lines: peak RSS ${c.worker.peakRssMiB} MiB is over the ${RSS_LIMIT_MIB} MiB limit.`),
    ];
    say(`\n${notes.join('\n')}`);
    const results = {
      date: startedAt.toISOString(),
      scenario: 'exports',
      command: 'npm run bench:exports',
      durationSeconds: round(elapsedMs(benchStart) / 1000),
      machine,
      inputs: {
        lineTargets: LINE_TARGETS,
        linesPerVoucher: LINES_PER_VOUCHER,
        year: YEAR,
        formats: FORMATS,
        rssLimitMiB: RSS_LIMIT_MIB,
        worker: `node ${WORKER_ARGS.join(' ')}${args['worker-args'] ? ' (--worker-args)' : ' (npm run start:worker)'}, one fresh process per export, default pool of 10 connections`,
        request: 'POST /api/v1/orgs/{org}/ledgers/{ledger}/exports as an auditor; GET /api/v1/jobs/{id} every 100 ms; GET …/exports/{jobId}/file streamed into the checker',
        quick: QUICK,
      },
      ledgers,
      exports: cases,
      notes,
      loadAverageAtEnd: os.loadavg().map((x) => round(x, 2)),
    };
    if (!QUICK || args.out) writeResults('exports', startedAt, results, args.out);
    if (over.length > 0) process.exitCode = 1;
  } finally {
    await scratch.teardown();
  }
}

runBench(main);
