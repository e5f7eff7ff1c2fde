/**
 * Assets benchmark (issue 16): a month's depreciation for N organizations × 50 cards, through the
 * `assets` queue with 2 worker processes (the compiled worker, as `npm run start:worker` starts it).
 * The organizations are loaded set-based (support/sanzi-load.ts: Dongguan's shape, a year of books,
 * 50 cards and 30 leases each). One job per ledger and month: one transaction, one voucher of 100
 * lines (Dr 401/511/513/514, Cr 152 per card). Timed from the first enqueue to the last run committed;
 * then Σ depreciation is checked against the product's rule on the template's cards × N, and every
 * organization's 152 against its cards' accumulated depreciation.
 * Dongguan is 3,024 organizations (target ≤ 60 s, worker RSS ≤ 512 MB).
 *
 *   npm run bench:assets -- --orgs 300
 */
import { parseArgs } from 'node:util';
import { round, runBench, say, startBench, writeResults } from './support/harness.js';
import { queueRun } from './support/queue-run.js';
import { CARDS, loadSanzi } from './support/sanzi-load.js';
import { countStatements } from './support/statements.js';

type AssetsLib = typeof import('../libs/assets/src/index.js');

const { values: args } = parseArgs({ options: { orgs: { type: 'string', default: '60' }, workers: { type: 'string', default: '2' }, out: { type: 'string' }, 'keep-db': { type: 'boolean', default: false } } });
const ORGS = Number(args.orgs);
const WORKERS = Number(args.workers);

runBench(async () => {
  const startedAt = new Date();
  const b = await startBench({ poolSize: 10, keepDb: args['keep-db'] });
  try {
    const assetsLib = (await import(new URL('../dist/libs/assets/src/index.js', import.meta.url).href)) as AssetsLib;
    const clock = b.app.get(b.compiled.core.Clock);
    say(`loading ${ORGS} organizations × ${CARDS} cards …`);
    const world = await loadSanzi(b, { orgs: ORGS, today: clock.today() });
    say(`loaded: template ${world.seconds.template} s, copies ${world.seconds.copy} s, analyze ${world.seconds.analyze} s; ${JSON.stringify(world.rows)}`);
    const jobs = b.app.get(assetsLib.DepreciationJobsService);
    const { RequestContext } = b.compiled.core;

    const run = await queueRun(b, {
      workers: WORKERS,
      enqueue: () => RequestContext.run({ requestId: 'bench-enqueue', principal: null }, async () => {
        for (const o of world.orgs) await jobs.enqueue(o.orgId, o.ledgerId, { period: world.period } as never, null);
      }),
      done: async () => (await b.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM depreciation_runs WHERE period = $1`, [world.period])).rows[0].n >= ORGS,
    });
    say(`depreciation of ${ORGS} ledgers in ${run.seconds} s (workers' peak RSS ${run.peakRssMiB} MiB)`);

    // Σ of the month against the rule; each organization's 152 against its cards.
    const check = (
      await b.pool.query<{ runs: number; vouchers: number; lines: number; total: string; cards: number }>(
        `SELECT count(*)::int AS runs, count(DISTINCT voucher_id)::int AS vouchers, sum(cards)::int AS cards, sum(total)::text AS total,
                (SELECT count(*)::int FROM depreciation_lines WHERE period = $1) AS lines
           FROM depreciation_runs WHERE period = $1`,
        [world.period],
      )
    ).rows[0];
    const expected = b.compiled.core.money(new b.compiled.core.Decimal(world.perOrg.depreciation).times(ORGS));
    const unreconciled = (
      await b.pool.query<{ n: number }>(
        `WITH cards AS (SELECT org_id, ledger_id, sum(accumulated) AS acc, sum(cost) AS cost FROM fixed_assets GROUP BY org_id, ledger_id),
              books AS (SELECT org_id, ledger_id, sum(credit - debit) FILTER (WHERE account_code = '152') AS a152, sum(debit - credit) FILTER (WHERE account_code = '151') AS a151
                          FROM account_balances GROUP BY org_id, ledger_id)
         SELECT count(*)::int AS n FROM cards c LEFT JOIN books k USING (org_id, ledger_id)
          WHERE coalesce(k.a152, 0) <> c.acc OR coalesce(k.a151, 0) <> c.cost`,
      )
    ).rows[0].n;
    // The product's own check on a few ledgers (first, last, one in the middle).
    const assets = b.app.get(assetsLib.AssetsService);
    const sample = [...new Set([0, Math.floor(ORGS / 2), ORGS - 1])].map((k) => world.orgs[k]);
    const integrity = [];
    for (const o of sample) integrity.push({ orgId: o.orgId, ...(await RequestContext.run({ requestId: 'bench-check', principal: null }, () => assets.integrity(o.orgId, o.ledgerId))) });
    const ok = check.runs === ORGS && check.total === expected && check.lines === ORGS * world.perOrg.depreciatedCards && unreconciled === 0 && integrity.every((r) => r.ok);
    if (!ok) process.exitCode = 1;
    // One more month of the template ledger, in-process, to count what a job sends (after the checks above).
    const next = assetsLib.addMonths(world.period, 1);
    const job = await countStatements(() => RequestContext.run({ requestId: 'bench-count', principal: null }, () => assets.runMonth(world.template.orgId, world.template.ledgerId, next)));
    say(`one job (${next}, ${job.result.cards} cards): ${job.statements} statements, ${job.ms} ms in-process`);
    const perOrgMs = (run.seconds * 1000) / ORGS;
    const results = {
      scenario: 'assets-depreciation',
      startedAt: startedAt.toISOString(),
      machine: b.machine,
      organizations: ORGS,
      towns: world.towns.length,
      cardsPerOrganization: CARDS,
      period: world.period,
      load: { ...world.seconds, rows: world.rows, templateVouchers: world.template.vouchers, templateLines: world.template.lines },
      ...run,
      depreciationSeconds: run.seconds,
      msPerOrganization: round(perOrgMs, 1),
      extrapolatedDongguan3024Seconds: round((perOrgMs * 3024) / 1000, 1),
      statementsPerJob: { period: next, cards: job.result.cards, ms: job.ms, statements: job.statements, texts: job.texts },
      check: { ...check, expectedTotal: expected, perOrganization: world.perOrg.depreciation, ledgersWhose151or152DiffersFromCards: unreconciled, integritySample: integrity, ok },
    };
    say(JSON.stringify(results, null, 2));
    writeResults('assets', startedAt, results, args.out);
  } finally {
    await b.scratch.teardown();
  }
});
