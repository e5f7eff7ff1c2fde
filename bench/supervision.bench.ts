/**
 * Supervision benchmark (issue 17): the nightly warnings job (三色预警) for N organizations, and the
 * town dashboard (驾驶舱) of a town of ~60 organizations.
 *
 * Data: support/sanzi-load.ts (Dongguan's shape: towns of ~60, a year of books, 50 cards and 30
 * leases each); before the template is copied its year's rent is accrued month by month through
 * AccrualService and paid through ContractsService.receive but for the last 3 months (tenants pay
 * late: bills past due, unpaid). Every town sets the usual figures
 * (sanzi-domain.md §4, from the books' first day: cash limit 5,000, large cash payment 5,000, close by
 * the 10th, publish by the 15th, budget 90/100 %) and, here, the contract figures from the year
 * before (W8 60/30 days, W9 30/90 days overdue, W10 a yearly rent of 100,000), so the rules run and
 * find something.
 *
 * Nightly run: the `sweep` job is added to the `supervision` queue as the schedule adds it, 2 worker
 * processes (the compiled worker, as `npm run start:worker`) take it and the per-organization
 * `evaluate` jobs it enqueues; timed from adding the sweep until the queue is empty, with the workers'
 * peak RSS. Checks:
 *   - the warnings per rule equal what the data implies, computed here in SQL from the template's
 *     books, periods, schedules and contracts (W1 months with an end-of-day 101 balance over the
 *     limit, W3 days with cash in and out and no deposit, W4 vouchers paying ≥ 5,000 in cash, W9 bills
 *     accrued, unpaid and > 30 days past due (red > 90), W10 leases ≥ 100,000 a year without a trade,
 *     W19 months not closed by the 10th of the next), × N, and every organization has exactly that;
 *   - a second nightly run (completed jobs cleaned, the sweep added again, as a doubled night) changes
 *     nothing: the warnings' rows (xmin included) hash the same, no audit entry is added.
 * Statements per organization evaluation are counted in-process (first evaluation: all inserted;
 * again: all unchanged).
 *
 * Dashboard: GET /api/v1/orgs/{town}/supervision/dashboard as the town's supervisor over HTTP, 5
 * warm-ups then 30 requests; the server time is taken in the API's own HTTP server (request event →
 * response finish), the client's round trip next to it; the answer's red/yellow counts are checked
 * against the warnings table.
 *
 *   npm run bench:supervision -- --orgs 300
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { parseArgs } from 'node:util';
import { getQueueToken } from '@nestjs/bull';
import type { Job, Queue } from 'bull';
import { round, runBench, say, startBench, writeResults } from './support/harness.js';
import { queueRun } from './support/queue-run.js';
import { loadSanzi } from './support/sanzi-load.js';
import { countStatements } from './support/statements.js';
import { summarize } from './support/stats.js';

type ContractsLib = typeof import('../libs/contracts/src/index.js');
type SupervisionLib = typeof import('../libs/supervision/src/index.js');

const { values: args } = parseArgs({
  options: { orgs: { type: 'string', default: '60' }, workers: { type: 'string', default: '2' }, requests: { type: 'string', default: '30' }, out: { type: 'string' }, 'keep-db': { type: 'boolean', default: false } },
});
const ORGS = Number(args.orgs);
const WORKERS = Number(args.workers);
const REQUESTS = Number(args.requests);
/** The contract figures each town sets here (the loader sets the others). */
const CONTRACT_THRESHOLDS = { contract_expiry_days: 60, contract_expiry_red_days: 30, rent_overdue_days: 30, rent_overdue_red_days: 90, trade_required_rent: 100_000 };
const CASH_LIMIT = 5000;
const LARGE_CASH = 5000;
const CLOSE_DUE_DAY = 10;
/** Months of rent each tenant is behind (the rest of the year's bills are paid). */
const PAID_BEHIND = 3;

runBench(async () => {
  const startedAt = new Date();
  const b = await startBench({ poolSize: 10, keepDb: args['keep-db'] });
  try {
    const dist = new URL('../dist/', import.meta.url);
    const contractsLib = (await import(new URL('libs/contracts/src/index.js', dist).href)) as ContractsLib;
    const supervisionLib = (await import(new URL('libs/supervision/src/index.js', dist).href)) as SupervisionLib;
    const { RequestContext } = b.compiled.core;
    const clock = b.app.get(b.compiled.core.Clock);
    const today = clock.today();
    const accruals = b.app.get(contractsLib.AccrualService);
    const contractsService = b.app.get(contractsLib.ContractsService);
    say(`loading ${ORGS} organizations (the template's rent accrued month by month and paid but for ${PAID_BEHIND} months before it is copied) …`);
    const world = await loadSanzi(b, {
      orgs: ORGS,
      today,
      beforeCopy: async (t) =>
        RequestContext.run({ requestId: 'bench-accrue', principal: null }, async () => {
          const month = (m: number) => `${t.year}-${String(m).padStart(2, '0')}`;
          for (let m = 1; month(m) <= t.period; m++) await accruals.accrue(t.orgId, t.ledgerId, month(m));
          // Tenants pay late: each lease's bills are paid (into 102) but for the last PAID_BEHIND months.
          const paidThrough = month(Number(t.period.slice(5, 7)) - PAID_BEHIND);
          const due = (
            await b.pool.query<{ id: string; amount: string; last_due: string }>(
              `SELECT contract_id AS id, sum(amount)::text AS amount, to_char(max(due_date), 'YYYY-MM-DD') AS last_due FROM rent_schedule
                WHERE org_id = $1 AND accrual_run_id IS NOT NULL AND accrual_period <= $2 GROUP BY contract_id ORDER BY contract_id`,
              [t.orgId, paidThrough],
            )
          ).rows;
          for (const d of due) await contractsService.receive(t.orgId, d.id, { date: d.last_due, amount: d.amount, bankAccountCode: '102' } as never);
        }),
    });
    say(`loaded: template ${world.seconds.template} s, copies ${world.seconds.copy} s, analyze ${world.seconds.analyze} s; ${JSON.stringify(world.rows)}`);
    await b.pool.query(
      `INSERT INTO warning_thresholds (org_id, param, effective_from, value)
       SELECT t.id, p.key, make_date($2, 1, 1), p.value::numeric FROM organizations t CROSS JOIN jsonb_each_text($1::jsonb) AS p WHERE t.kind = 'town'`,
      [JSON.stringify(CONTRACT_THRESHOLDS), world.year - 1],
    );
    const year = String(world.year);
    const tpl = world.template;

    // ---- what the data implies, per organization (from the template's rows; every organization is its copy) ----
    const q1 = async (sql: string, params: unknown[]) => (await b.pool.query<{ n: number }>(sql, params)).rows[0].n;
    const yearFrom = `${year}-01-01`;
    const yearTo = `${year}-12-31`;
    const cashDays = `SELECT v.voucher_date AS d, sum(l.debit) FILTER (WHERE l.account_code LIKE '101%') AS dr, sum(l.credit) FILTER (WHERE l.account_code LIKE '101%') AS cr,
                             sum(l.debit) FILTER (WHERE l.account_code LIKE '102%') AS bank_dr
                        FROM journal_lines l JOIN vouchers v ON v.org_id = l.org_id AND v.id = l.voucher_id
                       WHERE l.org_id = $1 AND l.ledger_id = $2 AND v.status = 'posted' AND v.voucher_date BETWEEN $3 AND $4 AND v.voucher_date <= $5
                       GROUP BY v.voucher_date`;
    const implied: Record<string, { red: number; yellow: number }> = {
      W1: {
        red: await q1(
          `WITH days AS (${cashDays}), o AS (SELECT coalesce(sum(debit - credit), 0) AS o FROM opening_balances WHERE org_id = $1 AND ledger_id = $2 AND account_code LIKE '101%'),
                run AS (SELECT d, (SELECT o FROM o) + sum(coalesce(dr, 0) - coalesce(cr, 0)) OVER (ORDER BY d) AS bal, coalesce(dr, 0) + coalesce(cr, 0) AS moved FROM days)
           SELECT count(DISTINCT to_char(d, 'YYYY-MM'))::int AS n FROM run WHERE moved > 0 AND bal > $6`,
          [tpl.orgId, tpl.ledgerId, yearFrom, yearTo, today, CASH_LIMIT],
        ),
        yellow: 0,
      },
      W3: { red: await q1(`SELECT count(*)::int AS n FROM (${cashDays}) x WHERE x.dr > 0 AND x.cr > 0 AND coalesce(x.bank_dr, 0) = 0`, [tpl.orgId, tpl.ledgerId, yearFrom, yearTo, today]), yellow: 0 },
      W4: {
        red: 0,
        yellow: await q1(
          `SELECT count(*)::int AS n FROM (SELECT v.id FROM vouchers v JOIN journal_lines l ON l.org_id = v.org_id AND l.voucher_id = v.id
             WHERE v.org_id = $1 AND v.ledger_id = $2 AND v.status = 'posted' AND v.voucher_date BETWEEN $3 AND $4 AND l.account_code LIKE '101%' AND l.credit > 0
             GROUP BY v.id HAVING sum(l.credit) >= $5) x`,
          [tpl.orgId, tpl.ledgerId, yearFrom, yearTo, LARGE_CASH],
        ),
      },
      W9: {
        red: await q1(`SELECT count(*)::int AS n FROM rent_schedule WHERE org_id = $1 AND accrual_run_id IS NOT NULL AND received < amount AND $2::date - due_date > $3`, [tpl.orgId, today, CONTRACT_THRESHOLDS.rent_overdue_red_days]),
        yellow: await q1(`SELECT count(*)::int AS n FROM rent_schedule WHERE org_id = $1 AND accrual_run_id IS NOT NULL AND received < amount AND $2::date - due_date > $3 AND $2::date - due_date <= $4`, [
          tpl.orgId,
          today,
          CONTRACT_THRESHOLDS.rent_overdue_days,
          CONTRACT_THRESHOLDS.rent_overdue_red_days,
        ]),
      },
      W10: { red: await q1(`SELECT count(*)::int AS n FROM contracts WHERE org_id = $1 AND status <> 'draft' AND trade_id IS NULL AND monthly_rent * 12 >= $2`, [tpl.orgId, CONTRACT_THRESHOLDS.trade_required_rent]), yellow: 0 },
      W19: {
        red: 0,
        yellow: await q1(
          `SELECT count(*)::int AS n FROM generate_series($1::date, $2::date, interval '1 month') AS m(d)
             LEFT JOIN periods p ON p.org_id = $4 AND p.ledger_id = $5 AND p.period = to_char(m.d, 'YYYY-MM')
            WHERE (m.d + interval '1 month' - interval '1 day')::date < $3::date AND (m.d + interval '1 month' + ($6 - 1) * interval '1 day')::date < $3::date
              AND coalesce(p.status, 'open') <> 'closed'`,
          [yearFrom, `${year}-12-01`, today, tpl.orgId, tpl.ledgerId, CLOSE_DUE_DAY],
        ),
      },
    };
    const closedMonths = await q1(`SELECT count(*)::int AS n FROM periods WHERE org_id = $1 AND status = 'closed'`, [tpl.orgId]);
    if (closedMonths !== 0) throw new Error('the loader closes no month (W16/W17 are implied to be 0 only then)');
    const perOrgImplied = Object.values(implied).reduce((s, r) => s + r.red + r.yellow, 0);
    say(`implied per organization: ${JSON.stringify(implied)} = ${perOrgImplied}`);

    // ---- statements per organization evaluation, the first (all inserted) on the last organization ----
    const warningsService = b.app.get(supervisionLib.WarningsService);
    const probe = world.orgs[ORGS - 1];
    const evaluateProbe = () => RequestContext.run({ requestId: 'bench-count', principal: null }, () => warningsService.evaluate(probe.orgId, year));
    const first = await countStatements(evaluateProbe);
    say(`one evaluation, first: ${JSON.stringify(first.result)}: ${first.statements} statements, ${first.ms} ms in-process`);

    // ---- the nightly run through the queue, twice ----
    const queue = b.app.get<Queue>(getQueueToken(supervisionLib.SUPERVISION_QUEUE), { strict: false });
    const nightly = async () => {
      // The sweep's end comes from its own promise, not from its state: the evaluations keep the
      // last 1,000 completed jobs (removeOnComplete: 1000), and that trim removes the sweep's job
      // too once a night has more than 1,000 organizations — a state poll then never saw
      // 'completed' and the full-scale run waited until it was killed.
      let swept: { done: boolean; value?: { jobs: number } } = { done: false };
      const run = await queueRun(b, {
        workers: WORKERS,
        enqueue: async () => {
          const sweep: Job = await queue.add('sweep', { today }, { removeOnComplete: false });
          sweep.finished().then(
            (value: { jobs: number }) => (swept = { done: true, value }),
            () => (swept = { done: true }),
          );
        },
        done: async () => {
          if (!swept.done) return false;
          const c = await queue.getJobCounts();
          // (not `delayed`: the worker adds the repeatable nightly sweep, which waits there for its hour)
          return c.waiting === 0 && c.active === 0;
        },
        pollMs: 50,
      });
      const counts = await queue.getJobCounts();
      const failed = (await queue.getFailed()).slice(0, 3).map((j) => ({ name: j.name, reason: j.failedReason }));
      await queue.clean(0, 'completed');
      await queue.clean(0, 'failed');
      return { ...run, evaluateJobs: swept.value?.jobs ?? null, failedJobs: counts.failed, failed };
    };
    const rowsState = async () =>
      (
        await b.pool.query<{ n: number; hash: string; audits: number }>(
          `SELECT (SELECT count(*)::int FROM warnings) AS n,
                  (SELECT md5(coalesce(string_agg(w.xmin::text || (w.*)::text, '|' ORDER BY w.org_id, w.id), '')) FROM warnings w) AS hash,
                  (SELECT count(*)::int FROM audit_log WHERE action = 'warnings.evaluated') AS audits`,
        )
      ).rows[0];
    say('nightly run 1 …');
    const run1 = await nightly();
    const after1 = await rowsState();
    say(`nightly run 1: ${run1.seconds} s, ${run1.evaluateJobs} evaluations, ${run1.failedJobs} failed, peak RSS ${run1.peakRssMiB} MiB; ${after1.n} warnings`);
    say('nightly run 2 …');
    const run2 = await nightly();
    const after2 = await rowsState();
    say(`nightly run 2: ${run2.seconds} s, ${run2.failedJobs} failed; ${after2.n} warnings, ${after2.hash === after1.hash ? 'unchanged' : 'CHANGED'}`);
    const again = await countStatements(evaluateProbe);
    say(`one evaluation, again: ${JSON.stringify(again.result)}: ${again.statements} statements, ${again.ms} ms in-process`);

    // ---- warnings against what the data implies ----
    const byRule = (await b.pool.query<{ rule_code: string; red: number; yellow: number }>(`SELECT rule_code, count(*) FILTER (WHERE colour = 'red')::int AS red, count(*) FILTER (WHERE colour = 'yellow')::int AS yellow FROM warnings GROUP BY rule_code ORDER BY rule_code`)).rows;
    const perOrg = (await b.pool.query<{ orgs: number; min: number; max: number }>(`SELECT count(*)::int AS orgs, min(n)::int AS min, max(n)::int AS max FROM (SELECT org_id, count(*) AS n FROM warnings GROUP BY org_id) x`)).rows[0];
    const rules = new Set([...Object.keys(implied), ...byRule.map((r) => r.rule_code)]);
    const ruleCheck = [...rules].sort().map((code) => {
      const want = implied[code] ?? { red: 0, yellow: 0 };
      const got = byRule.find((r) => r.rule_code === code) ?? { red: 0, yellow: 0 };
      return { rule: code, impliedRed: want.red * ORGS, impliedYellow: want.yellow * ORGS, red: got.red, yellow: got.yellow, ok: got.red === want.red * ORGS && got.yellow === want.yellow * ORGS };
    });
    const warningsOk =
      ruleCheck.every((r) => r.ok) && after1.n === perOrgImplied * ORGS && perOrg.orgs === ORGS && perOrg.min === perOrgImplied && perOrg.max === perOrgImplied && run1.failedJobs === 0 && run1.evaluateJobs === ORGS;
    const secondRunOk = after2.hash === after1.hash && after2.n === after1.n && after2.audits === after1.audits && run2.failedJobs === 0 && again.result.inserted === 0 && again.result.updated === 0;
    say(`warnings ${warningsOk ? 'ok' : 'WRONG'}: ${JSON.stringify(ruleCheck)}`);

    // ---- the town dashboard of the first town (the template's), as its supervisor, over HTTP ----
    const town = world.towns[0];
    const token = (await b.http.expect<{ accessToken: string }>(200, 'POST', '/api/v1/auth/login', null, { username: 'bench.sanzi.supervisor', password: 'bench.sanzi.supervisor-password' })).accessToken;
    const path = `/api/v1/orgs/${town.townId}/supervision/dashboard`;
    const server = b.app.getHttpServer() as Server;
    const serverMs: number[] = [];
    const onRequest = (req: IncomingMessage, res: ServerResponse) => {
      if (req.url !== path) return;
      const t0 = process.hrtime.bigint();
      res.once('finish', () => serverMs.push(Number(process.hrtime.bigint() - t0) / 1e6));
    };
    server.prependListener('request', onRequest);
    type Dashboard = { red: number; yellow: number; organizations: { orgId: string; red: number; yellow: number }[] };
    for (let k = 0; k < 5; k++) await b.http.expect<Dashboard>(200, 'GET', path, token);
    serverMs.length = 0;
    const clientMs: number[] = [];
    let answer: Dashboard | null = null;
    for (let k = 0; k < REQUESTS; k++) {
      const t0 = process.hrtime.bigint();
      answer = await b.http.expect<Dashboard>(200, 'GET', path, token);
      clientMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    const timedServerMs = [...serverMs];
    const dashCount = await countStatements(() => b.http.expect<Dashboard>(200, 'GET', path, token));
    server.removeListener('request', onRequest);
    const townCounts = (
      await b.pool.query<{ red: number; yellow: number }>(
        `SELECT count(*) FILTER (WHERE w.colour = 'red')::int AS red, count(*) FILTER (WHERE w.colour = 'yellow')::int AS yellow
           FROM warnings w JOIN organizations o ON o.id = w.org_id WHERE o.ancestor_ids[1] = $1 AND w.state IN ('open', 'acknowledged')`,
        [town.townId],
      )
    ).rows[0];
    const dashboardOk = answer !== null && answer.organizations.length === town.organizations && answer.red === townCounts.red && answer.yellow === townCounts.yellow && townCounts.red + townCounts.yellow > 0;
    const server50 = summarize(timedServerMs);
    say(`dashboard of a town of ${town.organizations}: server p50 ${server50.p50} ms, p95 ${server50.p95} ms (client p50 ${summarize(clientMs).p50} ms); ${dashCount.statements} statements; ${dashboardOk ? 'ok' : 'WRONG'}`);

    const ok = warningsOk && secondRunOk && dashboardOk;
    if (!ok) process.exitCode = 1;
    const perOrgMs = (run1.seconds * 1000) / ORGS;
    const results = {
      scenario: 'supervision-nightly-and-dashboard',
      startedAt: startedAt.toISOString(),
      machine: b.machine,
      organizations: ORGS,
      towns: world.towns.length,
      today,
      year,
      load: { ...world.seconds, rows: world.rows, templateVouchers: tpl.vouchers, templateLines: tpl.lines },
      thresholds: { fromLoader: { cash_limit: CASH_LIMIT, large_cash_payment: LARGE_CASH, close_due_day: CLOSE_DUE_DAY, disclosure_due_day: 15, budget_yellow_percent: 90, budget_red_percent: 100 }, contract: CONTRACT_THRESHOLDS },
      nightly: {
        first: run1,
        second: run2,
        msPerOrganization: round(perOrgMs, 1),
        extrapolatedDongguan3024Seconds: round((perOrgMs * 3024) / 1000, 1),
        target: { seconds: 60, met: ORGS >= 3024 ? run1.seconds <= 60 : null },
      },
      statementsPerEvaluation: {
        first: { result: first.result, statements: first.statements, ms: first.ms, texts: first.texts },
        again: { result: again.result, statements: again.statements, ms: again.ms, texts: again.texts },
      },
      warnings: { impliedPerOrganization: implied, impliedTotal: perOrgImplied * ORGS, total: after1.n, perOrganization: perOrg, byRule: ruleCheck, ok: warningsOk },
      secondRun: { before: after1, after: after2, ok: secondRunOk },
      dashboard: {
        townOrganizations: town.organizations,
        requests: REQUESTS,
        warmups: 5,
        serverMs: server50,
        clientMs: summarize(clientMs),
        statementsPerRequest: dashCount.statements,
        target: { p95ServerMs: 200, met: town.organizations >= 60 ? server50.p95 <= 200 : null },
        answer: { red: answer?.red ?? null, yellow: answer?.yellow ?? null, organizations: answer?.organizations.length ?? null },
        warningsTable: townCounts,
        ok: dashboardOk,
      },
      ok,
    };
    say(JSON.stringify({ ...results, machine: undefined, statementsPerEvaluation: undefined }, null, 2));
    writeResults('supervision', startedAt, results, args.out);
  } finally {
    await b.scratch.teardown();
  }
});
