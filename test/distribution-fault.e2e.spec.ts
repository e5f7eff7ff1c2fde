import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { processEnv, RequestContext } from '@app/core';
import { DistributionsService } from '@app/dividends';
import { LedgersService } from '@app/ledger';
import { bearer, seedWorld, startTestApp, TestApp, World } from './support/test-app.js';

const HOLDERS = 60_000;
const WORKER = 'dist/apps/worker/src/main.js';

/**
 * A worker process is killed with SIGKILL in the middle of a large calculation. Nothing may be half
 * written; after another worker starts, Bull hands it the stalled job, which completes; the plan has
 * exactly one set of allocations with the right total, and posting then happens once.
 */
describe('distribution: a killed worker', () => {
  let t: TestApp;
  let world: World;
  const workers: ChildProcess[] = [];

  const startWorker = () => {
    const child = spawn(process.execPath, [WORKER], {
      env: { ...processEnv(), DATABASE_URL: t.config.databaseUrl, REDIS_URL: t.config.redisUrl, QUEUE_PREFIX: t.config.queuePrefix, QUEUE_LOCK_MS: '2000', LOG_LEVEL: 'silent' },
      stdio: 'ignore',
    });
    workers.push(child);
    return child;
  };

  beforeAll(async () => {
    if (!existsSync(WORKER)) throw new Error(`${WORKER} is missing: npm test builds it first (npm run build)`);
    t = await startTestApp({ env: { QUEUE_LOCK_MS: '2000', DB_POOL_SIZE: '4' } });
    world = await seedWorld(t);
  });
  afterAll(async () => {
    for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL');
    await t.close();
  });

  it(`SIGKILL during the calculation for ${HOLDERS.toLocaleString('en')} holders: nothing half-written, the retried job completes once`, async () => {
    const orgId = world.unionId;
    const as = <T>(fn: () => Promise<T>) =>
      RequestContext.run({ requestId: 'fault', principal: { userId: world.userIds.accountant, username: 'accountant', isAdmin: false, grants: [], shareholderId: null } }, fn);
    const ledger = await as(() => t.app.get(LedgersService).create(orgId, { name: '故障测试账', kind: 'collective', chart: '2023', startPeriod: '2024-01' }));
    // Test data in bulk, straight into the register (the API's checks are not what is under test here).
    await t.sql(`INSERT INTO share_classes (org_id, code, name, weight, transferable, giftable, inheritable) VALUES ($1, 'BASIC', '基本股', 1, true, true, true)`, [orgId]);
    await t.sql(`INSERT INTO households (org_id, id, code) VALUES ($1, gen_random_uuid(), 'BIG')`, [orgId]);
    await t.sql(
      `INSERT INTO shareholders (org_id, id, number, name, id_number, household_id, member)
       SELECT $1, gen_random_uuid(), lpad(g::text, 7, '0'), '股东' || g, '4419001980' || lpad(g::text, 8, '0'), (SELECT id FROM households WHERE org_id = $1 AND code = 'BIG'), true
         FROM generate_series(1, $2) g`,
      [orgId, HOLDERS],
    );
    await t.sql(`INSERT INTO share_events (org_id, id, type, status, effective_date) VALUES ($1, '00000000-0000-4000-8000-00000000e001', 'initial_allocation', 'effective', '2024-01-01')`, [orgId]);
    await t.sql(
      `INSERT INTO share_event_legs (org_id, event_id, leg_no, shareholder_id, class_code, quantity)
       SELECT $1, '00000000-0000-4000-8000-00000000e001', row_number() OVER (ORDER BY number), id, 'BASIC', 1 + (row_number() OVER (ORDER BY number) % 7) FROM shareholders WHERE org_id = $1`,
      [orgId],
    );
    const plans = t.app.get(DistributionsService);
    const plan = await as(() =>
      plans.create(orgId, { ledgerId: ledger.id, fiscalYear: 2024, reservePercent: '0', totalAmount: '1234567.89', override: { reason: '故障测试' } } as never, world.userIds.accountant),
    );

    const first = startWorker();
    const { body } = await t.http().post(`/api/v1/orgs/${orgId}/distributions/${plan.id}/calculate`).set(bearer(world.tokens.accountant));
    const job = async () => (await t.http().get(`/api/v1/jobs/${body.jobId}`).set(bearer(world.tokens.accountant))).body as { state: string; attemptsMade: number };
    for (let i = 0; i < 400 && (await job()).state !== 'active'; i++) await new Promise((r) => setTimeout(r, 25));
    expect((await job()).state).toBe('active');
    await new Promise((r) => setTimeout(r, 300));
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));

    const [mid] = await t.sql<{ n: number; status: string }>(
      `SELECT (SELECT count(*)::int FROM distribution_allocations WHERE plan_id = $1) AS n, (SELECT status FROM distribution_plans WHERE id = $1) AS status`,
      [plan.id],
    );
    expect(mid).toEqual({ n: 0, status: 'draft' });

    startWorker();
    let state = await job();
    for (let i = 0; i < 600 && state.state !== 'completed' && state.state !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      state = await job();
    }
    expect(state.state).toBe('completed');
    const [done] = await t.sql<{ n: number; gross: string; status: string }>(
      `SELECT count(*)::int AS n, sum(gross)::text AS gross, (SELECT status FROM distribution_plans WHERE id = $1) AS status FROM distribution_allocations WHERE plan_id = $1`,
      [plan.id],
    );
    expect(done).toEqual({ n: HOLDERS, gross: '1234567.89', status: 'calculated' });

    const approved = await t.http().post(`/api/v1/orgs/${orgId}/distributions/${plan.id}/approve`).set(bearer(world.tokens.board)).send({ skipNotice: { reason: '故障测试：不经公示' } });
    expect(approved.body.status).toBe('approved');
    const posts = await Promise.all(Array.from({ length: 3 }, () => t.http().post(`/api/v1/orgs/${orgId}/distributions/${plan.id}/post`).set(bearer(world.tokens.accountant))));
    expect(posts.map((p) => p.status).sort()).toEqual([200, 409, 409]);
  }, 180_000);
});
