/**
 * Contracts benchmark (issue 16): a month's rent accrual for N organizations × 30 contracts each,
 * through the `contracts` queue with 2 worker processes (the compiled worker, as `npm run
 * start:worker` starts it). Each job is one organization's month: one transaction, one voucher.
 * Measures the wall time from enqueueing to the last run committed, and the workers' peak RSS.
 * Dongguan is 3,024 organizations (target ≤ 60 s, worker RSS ≤ 512 MB): run with --orgs 3024 on
 * an idle machine, or read the extrapolation (time per organization × 3,024) in the results.
 *
 *   npm run build && npx tsx bench/contracts.bench.ts --orgs 60
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { round, runBench, say, startBench, writeResults } from './support/harness.js';
import { startWorkerArgs, WorkerProcess } from './support/worker-process.js';

type ContractsLib = typeof import('../libs/contracts/src/index.js');
type LedgerLib = typeof import('../libs/ledger/src/index.js');

const { values: args } = parseArgs({ options: { orgs: { type: 'string', default: '60' }, workers: { type: 'string', default: '2' }, out: { type: 'string' } } });
const ORGS = Number(args.orgs);
const CONTRACTS = 30;
const WORKERS = Number(args.workers);
const PERIOD = '2025-03';

runBench(async () => {
  const startedAt = new Date();
  const b = await startBench({ poolSize: 10 });
  const dist = new URL('../dist/', import.meta.url);
  const contractsLib = (await import(new URL('libs/contracts/src/index.js', dist).href)) as ContractsLib;
  const ledgerLib = (await import(new URL('libs/ledger/src/index.js', dist).href)) as LedgerLib;
  const { RequestContext, creditCodeCheckChar, idNumberCheckChar } = b.compiled.core;
  const orgs = b.app.get(b.compiled.organizations.OrganizationsService);
  const ledgers = b.app.get(ledgerLib.LedgersService);
  const contracts = b.app.get(contractsLib.ContractsService);
  const accruals = b.app.get(contractsLib.AccrualService);
  const code = (body: string) => body + creditCodeCheckChar(body);
  const person = (n: number) => {
    const first17 = `4419001980${String((n % 12) + 1).padStart(2, '0')}${String((n % 28) + 1).padStart(2, '0')}${String(n % 1000).padStart(3, '0')}`;
    return first17 + idNumberCheckChar(first17);
  };

  say(`seeding ${ORGS} organizations × ${CONTRACTS} contracts (through the services) …`);
  const seedStart = process.hrtime.bigint();
  const targets: { orgId: string; ledgerId: string }[] = [];
  await RequestContext.run({ requestId: 'bench-seed', principal: null }, async () => {
    const town = await orgs.create({ code: code('11441900MB2C00099'), name: '基准测试街道', kind: 'town' });
    for (let i = 0; i < ORGS; i++) {
      const org = await orgs.create({ code: code(`N2441900MA${String(i).padStart(7, '0')}`), name: `基准${i}股份经济联合社`, kind: 'union', parentId: town.id });
      const ledger = await ledgers.create(org.id, { name: '集体经济账', kind: 'collective', chart: '2023', startPeriod: '2025-01' });
      for (let c = 0; c < CONTRACTS; c++) {
        const created = await contracts.create(org.id, {
          ledgerId: ledger.id,
          number: `HT-${String(c).padStart(3, '0')}`,
          title: '厂房租赁合同',
          parties: [{ kind: 'person', name: `承租人${c}`, idCode: person(i * CONTRACTS + c) }],
          objects: [{ description: `${c} 号厂房` }],
          startDate: '2025-01-01',
          endDate: '2027-12-31',
          billingCycle: 'monthly',
          monthlyRent: `${8000 + c * 137}.50`,
          escalationPercent: '5.00',
        } as never);
        await contracts.sign(org.id, created.id, '2024-12-20');
      }
      targets.push({ orgId: org.id, ledgerId: ledger.id });
    }
  });
  const seedSeconds = Number(process.hrtime.bigint() - seedStart) / 1e9;
  say(`seeded in ${round(seedSeconds)} s`);

  const env = b.compiled.core.processEnv();
  const workers: WorkerProcess[] = [];
  for (let k = 0; k < WORKERS; k++) {
    workers.push(await WorkerProcess.start(startWorkerArgs(), { PATH: env.PATH, REDIS_URL: env.REDIS_URL, DATABASE_URL: b.databaseUrl, QUEUE_PREFIX: b.queuePrefix, DB_POOL_SIZE: '4' }));
  }
  const loadBefore = os.loadavg().map((x) => round(x, 2));
  for (const w of workers) w.startSampling();
  const start = process.hrtime.bigint();
  for (const t of targets) await accruals.enqueue(t.orgId, t.ledgerId, PERIOD, 'bench');
  let done = 0;
  while (done < ORGS) {
    await new Promise((r) => setTimeout(r, 100));
    done = (await b.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM rent_accrual_runs WHERE period = $1`, [PERIOD])).rows[0].n;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const memory = workers.map((w) => ({ ...w.stopSampling(), hwmMiB: w.memory().hwmMiB }));
  const loadAfter = os.loadavg().map((x) => round(x, 2));
  await Promise.all(workers.map((w) => w.stop()));

  const check = (
    await b.pool.query<{ vouchers: number; bills: number; total: string }>(
      `SELECT count(DISTINCT voucher_id)::int AS vouchers, sum(bill_count)::int AS bills, sum(total)::text AS total FROM rent_accrual_runs WHERE period = $1`,
      [PERIOD],
    )
  ).rows[0];
  const perOrgMs = (seconds * 1000) / ORGS;
  const results = {
    scenario: 'contracts-accrual',
    startedAt: startedAt.toISOString(),
    machine: b.machine,
    uptimeLoadBefore: loadBefore,
    uptimeLoadAfter: loadAfter,
    organizations: ORGS,
    contractsPerOrganization: CONTRACTS,
    workers: WORKERS,
    period: PERIOD,
    seedSeconds: round(seedSeconds),
    accrualSeconds: round(seconds, 2),
    msPerOrganization: round(perOrgMs, 1),
    extrapolatedDongguan3024Seconds: round((perOrgMs * 3024) / 1000, 1),
    workerMemory: memory,
    check,
  };
  say(JSON.stringify(results, null, 2));
  writeResults('contracts', startedAt, results, args.out);
  await b.scratch.teardown();
});
