/**
 * Contracts benchmark (issue 16): a month's rent accrual (计提租金) for N organizations × 30 signed
 * leases, through the `contracts` queue with 2 worker processes (the compiled worker, as `npm run
 * start:worker` starts it). The organizations are loaded set-based (support/sanzi-load.ts: Dongguan's
 * shape, a year of books, 50 cards and 30 leases each, the template through the services). One job per
 * ledger and month: one transaction, one voucher (Dr 112 per tenant / Cr 501). Timed from the first
 * enqueue to the last run committed, with the workers' peak RSS. Then:
 *   - every run's total equals Σ of its organization's schedule for the month (exact, in SQL), Σ of
 *     all runs equals the template's month × N, every bill of the month points at its run;
 *   - the 112/113 reconciliation on a sample (first, middle, last) with the product's own check
 *     (ContractsService.integrity: Σ accrued − received per tenant = the books' 112/113 balance).
 * Dongguan is 3,024 organizations (target ≤ 60 s, worker RSS ≤ 512 MB).
 *
 *   npm run bench:contracts -- --orgs 300
 *
 * (Until 2026-12-02 this bench seeded its organizations one by one through the services, empty
 * books, one town; results/2026-12-02-contracts*.json are from that version.)
 */
import { parseArgs } from 'node:util';
import { round, runBench, say, startBench, writeResults } from './support/harness.js';
import { queueRun } from './support/queue-run.js';
import { CONTRACTS, loadSanzi } from './support/sanzi-load.js';
import { countStatements } from './support/statements.js';

type ContractsLib = typeof import('../libs/contracts/src/index.js');

const { values: args } = parseArgs({ options: { orgs: { type: 'string', default: '60' }, workers: { type: 'string', default: '2' }, out: { type: 'string' }, 'keep-db': { type: 'boolean', default: false } } });
const ORGS = Number(args.orgs);
const WORKERS = Number(args.workers);

runBench(async () => {
  const startedAt = new Date();
  const b = await startBench({ poolSize: 10, keepDb: args['keep-db'] });
  try {
    const contractsLib = (await import(new URL('../dist/libs/contracts/src/index.js', import.meta.url).href)) as ContractsLib;
    const clock = b.app.get(b.compiled.core.Clock);
    say(`loading ${ORGS} organizations × ${CONTRACTS} contracts …`);
    const world = await loadSanzi(b, { orgs: ORGS, today: clock.today() });
    say(`loaded: template ${world.seconds.template} s, copies ${world.seconds.copy} s, analyze ${world.seconds.analyze} s; ${JSON.stringify(world.rows)}`);
    const accruals = b.app.get(contractsLib.AccrualService);
    const contracts = b.app.get(contractsLib.ContractsService);
    const { RequestContext } = b.compiled.core;
    const userId = world.supervisorId;

    const run = await queueRun(b, {
      workers: WORKERS,
      enqueue: () => RequestContext.run({ requestId: 'bench-enqueue', principal: null }, async () => {
        for (const o of world.orgs) await accruals.enqueue(o.orgId, o.ledgerId, world.period, userId);
      }),
      done: async () => (await b.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM rent_accrual_runs WHERE period = $1`, [world.period])).rows[0].n >= ORGS,
    });
    say(`accrual of ${ORGS} ledgers in ${run.seconds} s (workers' peak RSS ${run.peakRssMiB} MiB)`);

    // Σ of the month against the schedules: per run (exact, in SQL) and in total against the template × N.
    const check = (
      await b.pool.query<{ runs: number; vouchers: number; bills: number; total: string; runsDifferingFromSchedule: number; billsNotAccrued: number; voucherLinesDiffering: number }>(
        `WITH s AS (SELECT org_id, sum(amount) AS amount, count(*)::int AS bills FROM rent_schedule WHERE accrual_period = $1 GROUP BY org_id)
         SELECT count(*)::int AS runs, count(DISTINCT r.voucher_id)::int AS vouchers, sum(r.bill_count)::int AS bills, sum(r.total)::text AS total,
                count(*) FILTER (WHERE s.amount IS DISTINCT FROM r.total OR s.bills IS DISTINCT FROM r.bill_count)::int AS "runsDifferingFromSchedule",
                (SELECT count(*)::int FROM rent_schedule b WHERE b.accrual_period = $1 AND b.accrual_run_id IS NULL) AS "billsNotAccrued",
                (SELECT count(*)::int FROM rent_accrual_runs x
                   WHERE x.period = $1 AND x.total <> (SELECT coalesce(sum(l.debit), 0) FROM journal_lines l WHERE l.org_id = x.org_id AND l.voucher_id = x.voucher_id AND l.account_code IN ('112', '113'))) AS "voucherLinesDiffering"
           FROM rent_accrual_runs r LEFT JOIN s USING (org_id) WHERE r.period = $1`,
        [world.period],
      )
    ).rows[0];
    const expected = b.compiled.core.money(new b.compiled.core.Decimal(world.perOrg.accrual).times(ORGS));
    // The product's own 112/113 reconciliation on a few ledgers (first, last, one in the middle).
    const sample = [...new Set([0, Math.floor(ORGS / 2), ORGS - 1])].map((k) => world.orgs[k]);
    const integrity = [];
    for (const o of sample) {
      const r = await RequestContext.run({ requestId: 'bench-check', principal: null }, () => contracts.integrity(o.orgId, o.ledgerId));
      integrity.push({ orgId: o.orgId, ok: r.ok, checked: r.checked, problems: r.problems.slice(0, 5) });
    }
    const ok =
      check.runs === ORGS &&
      check.vouchers === ORGS &&
      check.total === expected &&
      check.bills === ORGS * world.perOrg.accruedContracts &&
      check.runsDifferingFromSchedule === 0 &&
      check.billsNotAccrued === 0 &&
      check.voucherLinesDiffering === 0 &&
      integrity.every((r) => r.ok && r.checked === CONTRACTS);
    if (!ok) process.exitCode = 1;
    say(`check ${ok ? 'ok' : 'FAILED'}: ${JSON.stringify({ ...check, expected, integrity: integrity.map((r) => r.ok) })}`);
    // One more month of the template ledger, in-process, to count what a job sends (after the checks above).
    const next = nextPeriod(world.period);
    const job = await countStatements(() => RequestContext.run({ requestId: 'bench-count', principal: null }, () => accruals.accrue(world.template.orgId, world.template.ledgerId, next)));
    say(`one job (${next}, ${job.result.billCount} bills): ${job.statements} statements, ${job.ms} ms in-process`);
    const perOrgMs = (run.seconds * 1000) / ORGS;
    const results = {
      scenario: 'contracts-accrual',
      startedAt: startedAt.toISOString(),
      machine: b.machine,
      organizations: ORGS,
      towns: world.towns.length,
      contractsPerOrganization: CONTRACTS,
      period: world.period,
      load: { ...world.seconds, rows: world.rows, templateVouchers: world.template.vouchers, templateLines: world.template.lines },
      ...run,
      accrualSeconds: run.seconds,
      msPerOrganization: round(perOrgMs, 1),
      extrapolatedDongguan3024Seconds: round((perOrgMs * 3024) / 1000, 1),
      targets: { seconds: 60, peakRssMiB: 512, met: ORGS >= 3024 ? run.seconds <= 60 && run.peakRssMiB <= 512 : null },
      statementsPerJob: { period: next, bills: job.result.billCount, ms: job.ms, statements: job.statements, texts: job.texts },
      check: { ...check, expectedTotal: expected, perOrganization: world.perOrg.accrual, accruedContractsPerOrganization: world.perOrg.accruedContracts, integritySample: integrity, ok },
    };
    say(JSON.stringify({ ...results, machine: undefined, statementsPerJob: { ...results.statementsPerJob, texts: undefined } }, null, 2));
    writeResults('contracts', startedAt, results, args.out);
  } finally {
    await b.scratch.teardown();
  }
});

function nextPeriod(p: string): string {
  const [y, m] = [Number(p.slice(0, 4)), Number(p.slice(5, 7))];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}
