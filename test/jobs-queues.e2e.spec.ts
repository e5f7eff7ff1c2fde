import { JobQueues } from '@app/jobs';
import { ASSETS_QUEUE } from '@app/assets';
import { AUDIT_QUEUE } from '@app/audit';
import { CONTRACTS_QUEUE } from '@app/contracts';
import { YEAR_END_QUEUE } from '@app/dividends';
import { EXPORTS_QUEUE } from '@app/exports';
import { SHARES_QUEUE } from '@app/shares';
import { SUPERVISION_QUEUE } from '@app/supervision';
import { bearer, seedWorld, startTestApp, TestApp, World } from './support/test-app.js';

/** Each context owns its queue (libs/<context>/src/queue); the jobs endpoint and bull-board list what they registered. */
describe('job queues come from the contexts', () => {
  let t: TestApp;
  let world: World;

  beforeAll(async () => {
    t = await startTestApp();
    world = await seedWorld(t);
  });
  afterAll(() => t.close());

  it('finds every queue a context registered, and only those', () => {
    expect([ASSETS_QUEUE, AUDIT_QUEUE, CONTRACTS_QUEUE, EXPORTS_QUEUE, SHARES_QUEUE, SUPERVISION_QUEUE, YEAR_END_QUEUE]).toEqual(['assets', 'audit', 'contracts', 'exports', 'shares', 'supervision', 'year-end']);
    expect(t.app.get(JobQueues).all().map((q) => q.name)).toEqual(['assets', 'audit', 'contracts', 'exports', 'shares', 'supervision', 'year-end']);
    expect(t.app.get(JobQueues).get('no-such-queue')).toBeUndefined();
  });

  it('bull-board shows the same queues to an admin', async () => {
    const res = await t.http().get('/api/v1/admin/queues/api/queues').set(bearer(world.tokens.admin));
    expect(res.status).toBe(200);
    expect((res.body.queues as { name: string }[]).map((q) => q.name).sort()).toEqual(['assets', 'audit', 'contracts', 'exports', 'shares', 'supervision', 'year-end']);
  });

  it('a job id naming an unknown queue is 404 JOB_NOT_FOUND', async () => {
    const res = await t.http().get(`/api/v1/jobs/nosuch.${world.unionId}.verify.0`).set(bearer(world.tokens.auditor));
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('JOB_NOT_FOUND');
  });
});
