import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { bearer, seedWorld, startTestApp, TestApp, World } from './support/test-app.js';
import { idFor, sharesClient } from './support/shares.js';

describe('share events: the scheduled sweep finalizes due events, one job per organization', () => {
  let t: TestApp;
  let world: World;

  beforeAll(async () => {
    t = await startTestApp({ withProcessors: true });
    world = await seedWorld(t);
  });
  afterAll(() => t.close());

  it('registers a nightly repeatable sweep, and a sweep run makes due events effective', async () => {
    const queue = t.app.get<Queue>(getQueueToken('shares'), { strict: false });
    const repeatable = await queue.getRepeatableJobs();
    expect(repeatable.map((r) => [r.name, r.cron, r.tz])).toEqual([['sweep', '10 0 * * *', 'Asia/Shanghai']]);

    const sh = sharesClient(t, world);
    sh.clock.setToday('2025-02-01');
    await sh.shareClass('BASIC', '基本股', '1', { transferable: true, inheritable: true });
    const hh = await sh.household('H1');
    const a = await sh.shareholder('0001', '陈一', idFor(1), hh.id);
    const due = await sh.apply({ type: 'initial_allocation', effectiveDate: '2025-02-01', legs: [{ shareholderId: a.id, shareClass: 'BASIC', quantity: '10' }] });
    await sh.approve(due.id);
    const notYet = await sh.apply({ type: 'initial_allocation', effectiveDate: '2025-02-01', legs: [{ shareholderId: a.id, shareClass: 'BASIC', quantity: '1' }] });
    sh.clock.setToday('2025-02-08');
    await sh.approve(notYet.id);

    const sweep = await queue.add('sweep', {});
    expect(await sweep.finished()).toEqual({ organizations: 1 });
    const finalizeJob = await queue.getJob(`${world.unionId}.finalize-due.2025-02-08`);
    expect(await finalizeJob!.finished()).toEqual({ finalized: [due.id], failed: [] });
    const view = await t.http().get(`${sh.base}/share-events/${due.id}`).set(bearer(world.tokens.auditor));
    expect(view.body.status).toBe('effective');
    const other = await t.http().get(`${sh.base}/share-events/${notYet.id}`).set(bearer(world.tokens.auditor));
    expect(other.body.status).toBe('public_notice');
    const [row] = await t.sql<{ actor_name: string }>(`SELECT actor_name FROM audit_log WHERE org_id = $1 AND action = 'share_event.effective'`, [world.unionId]);
    expect(row.actor_name).toBe('system');
  });
});
