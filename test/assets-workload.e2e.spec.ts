import { bearer, seedWorld, startTestApp, TestApp, World } from './support/test-app.js';
import { booksClient } from './support/books.js';

type JobView = { state: string; result: { total: string; cards: number; voucherId: string | null } | null; failedReason: string | null };

/**
 * 工作量法 (SPEC §8): a tractor of 300,000.00 with 5 % salvage (15,000.00) over 10,000 hours
 * depreciates (300,000.00 − 15,000.00) × hours ÷ 10,000 a month: 120.5 hours in February are
 * 285,000.00 × 120.5 ÷ 10,000 = 3,434.25 exactly; the month its hours reach the total takes the
 * rest, 285,000.00 − 3,434.25 = 281,565.75. Beside it a straight-line workshop of 4,750.00 a month.
 * POST …/assets/runs/preview answers what the run would post, writing nothing; the run itself
 * refuses, before it is queued, a workload that names no 工作量法 card due that month.
 */
describe('assets: the month\'s workload of 工作量法 cards, previewed and run', () => {
  let t: TestApp;
  let world: World;
  let base: string;
  let tractorId: string;
  let workshopId: string;

  beforeAll(async () => {
    t = await startTestApp({ withProcessors: true });
    world = await seedWorld(t);
    const books = booksClient(t, world);
    const ledgerId = (await books.createLedger('集体经济账', '2024-01')).id;
    await books.opening(ledgerId, [
      { accountCode: '102', debit: '5000000.00' },
      { accountCode: '301', credit: '5000000.00' },
    ]);
    base = `/api/v1/orgs/${world.unionId}/ledgers/${ledgerId}/assets`;
    const card = async (body: object) => {
      const res = await t.http().post(base).set(bearer(world.tokens.accountant)).send(body);
      expect(res.status).toBe(201);
      return res.body as { id: string; salvage: string; totalUnits: string | null; monthlyAmount: string };
    };
    const common = { acquisitionType: 'purchase', creditAccountCode: '102', salvageRate: '0.05', inServiceDate: '2024-01-10' };
    const tractor = await card({ ...common, cardNo: 'JX-0001', name: '东方红拖拉机', category: '机器设备', purpose: 'production', cost: '300000.00', method: 'units', usefulLifeMonths: 120, totalUnits: '10000' });
    expect(tractor).toMatchObject({ salvage: '15000.00', totalUnits: '10000.0000', monthlyAmount: '0.00' });
    tractorId = tractor.id;
    workshopId = (await card({ ...common, cardNo: 'GZ-0001', name: '一号厂房', category: '房屋建筑物', purpose: 'leased', cost: '1200000.00', method: 'straight_line', usefulLifeMonths: 240 })).id;
  });
  afterAll(() => t.close());

  const preview = (body: object, token = world.tokens.accountant) => t.http().post(`${base}/runs/preview`).set(bearer(token)).send(body);
  const written = async () =>
    (
      await t.sql<{ n: string }>(
        `SELECT (SELECT count(*) FROM depreciation_runs) || '/' || (SELECT count(*) FROM depreciation_lines) || '/' || (SELECT count(*) FROM vouchers) || '/' || (SELECT sum(units_used)::text FROM fixed_assets) AS n`,
      )
    )[0].n;
  const waitForJob = async (jobId: string): Promise<JobView> => {
    let job: JobView = { state: 'waiting', result: null, failedReason: null };
    for (let i = 0; i < 400 && !['completed', 'failed'].includes(job.state); i++) {
      await new Promise((r) => setTimeout(r, 25));
      job = (await t.http().get(`/api/v1/jobs/${jobId}`).set(bearer(world.tokens.accountant))).body;
    }
    return job;
  };

  it('previews February: the tractor needs its hours (0.00 without them, 3,434.25 for 120.5), the workshop 4,750.00; nothing is written', async () => {
    const before = await written();
    const none = await preview({ period: '2024-02' });
    expect(none.status).toBe(200);
    expect(none.body).toEqual({
      period: '2024-02',
      total: '4750.00',
      cards: 1,
      lines: [
        { assetId: workshopId, cardNo: 'GZ-0001', name: '一号厂房', method: 'straight_line', totalUnits: null, unitsUsed: '0.0000', units: null, amount: '4750.00', accumulatedAfter: '4750.00' },
        { assetId: tractorId, cardNo: 'JX-0001', name: '东方红拖拉机', method: 'units', totalUnits: '10000.0000', unitsUsed: '0.0000', units: '0.0000', amount: '0.00', accumulatedAfter: '0.00' },
      ],
    });
    const hours = await preview({ period: '2024-02', units: [{ assetId: tractorId, units: '120.5' }] });
    expect(hours.status).toBe(200);
    expect(hours.body).toMatchObject({ total: '8184.25', cards: 2 });
    expect(hours.body.lines[1]).toMatchObject({ cardNo: 'JX-0001', units: '120.5000', amount: '3434.25', accumulatedAfter: '3434.25' });
    expect(await written()).toBe(before);
  });

  it('refuses a workload for no 工作量法 card due that month, twice for one card, or malformed, with 400 and a stable code; an auditor may not preview', async () => {
    const before = await written();
    const bad = async (units: unknown, path = `${base}/runs/preview`) => {
      const res = await t.http().post(path).set(bearer(world.tokens.accountant)).send({ period: '2024-02', units });
      expect(res.status).toBe(400);
      return [res.body.code, JSON.stringify(res.body.details ?? null)];
    };
    expect(await bad([{ assetId: workshopId, units: '10' }])).toEqual(['WORKLOAD_INVALID', '[{"field":"units[0].assetId"}]']);
    expect(await bad([{ assetId: tractorId, units: '10' }, { assetId: tractorId, units: '5' }])).toEqual(['WORKLOAD_INVALID', '[{"field":"units[1].assetId"}]']);
    expect(await bad([{ assetId: '00000000-0000-4000-8000-000000000001', units: '10' }])).toEqual(['WORKLOAD_INVALID', '[{"field":"units[0].assetId"}]']);
    expect((await bad([{ assetId: tractorId, units: '-1' }]))[0]).toBe('VALIDATION_FAILED');
    expect((await bad([{ assetId: tractorId, units: '1.00001' }]))[0]).toBe('VALIDATION_FAILED');
    expect((await bad([{ assetId: tractorId, units: 12 }]))[0]).toBe('VALIDATION_FAILED');
    // the run checks the same before it is queued: no job, nothing written
    expect(await bad([{ assetId: workshopId, units: '10' }], `${base}/runs`)).toEqual(['WORKLOAD_INVALID', '[{"field":"units[0].assetId"}]']);
    expect((await preview({ period: '2024-02' }, world.tokens.auditor)).status).toBe(403);
    expect(await written()).toBe(before);
  });

  it('runs February with 120.5 hours through the queue: 8,184.25 in one voucher, Dr 401 3,434.25 for the tractor; the card and 折旧明细表 carry the hours', async () => {
    const res = await t.http().post(`${base}/runs`).set(bearer(world.tokens.accountant)).send({ period: '2024-02', units: [{ assetId: tractorId, units: '120.5' }] });
    expect(res.status).toBe(202);
    const job = await waitForJob(res.body.jobId);
    expect(job.state).toBe('completed');
    expect(job.result).toMatchObject({ total: '8184.25', cards: 2 });
    const lines = await t.sql<{ line: string }>(
      `SELECT account_code || ' ' || CASE WHEN debit > 0 THEN 'Dr ' || debit::text ELSE 'Cr ' || credit::text END AS line FROM journal_lines WHERE voucher_id = $1 ORDER BY line_no`,
      [job.result!.voucherId],
    );
    expect(lines.map((l) => l.line)).toEqual(['511 Dr 4750.00', '152 Cr 4750.00', '401 Dr 3434.25', '152 Cr 3434.25']);
    expect((await t.http().get(`${base}/${tractorId}`).set(bearer(world.tokens.auditor))).body).toMatchObject({ accumulated: '3434.25', netValue: '296565.75', unitsUsed: '120.5000' });
    const months = await t.http().get(`${base}/depreciation?from=2024-02&to=2024-02&assetId=${tractorId}`).set(bearer(world.tokens.auditor));
    expect(months.body.items).toEqual([expect.objectContaining({ period: '2024-02', units: '120.5000', amount: '3434.25', accumulatedAfter: '3434.25' })]);
  });

  it('after February: its preview is 409 DEPRECIATION_MONTH_RUN, April 409 DEPRECIATION_OUT_OF_ORDER; March with the last 9,879.5 hours takes the rest, 281,565.75', async () => {
    expect((await preview({ period: '2024-02' })).body.code).toBe('DEPRECIATION_MONTH_RUN');
    const april = await preview({ period: '2024-04' });
    expect([april.status, april.body.code]).toEqual([409, 'DEPRECIATION_OUT_OF_ORDER']);
    const march = await preview({ period: '2024-03', units: [{ assetId: tractorId, units: '9879.5' }] });
    expect(march.status).toBe(200);
    expect(march.body).toMatchObject({ total: '286315.75', cards: 2 });
    expect(march.body.lines[1]).toMatchObject({ unitsUsed: '120.5000', units: '9879.5000', amount: '281565.75', accumulatedAfter: '285000.00' });
    const res = await t.http().post(`${base}/runs`).set(bearer(world.tokens.accountant)).send({ period: '2024-03', units: [{ assetId: tractorId, units: '9879.5' }] });
    const job = await waitForJob(res.body.jobId);
    expect(job.result).toMatchObject({ total: '286315.75', cards: 2 });
    expect((await t.http().get(`${base}/${tractorId}`).set(bearer(world.tokens.auditor))).body).toMatchObject({ accumulated: '285000.00', netValue: '15000.00', unitsUsed: '10000.0000' });
    expect((await t.http().get(`${base}/integrity`).set(bearer(world.tokens.auditor))).body).toMatchObject({ ok: true, cardsAccumulated: '294500.00', account152: '294500.00' });
  });
});
