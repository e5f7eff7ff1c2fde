import fc from 'fast-check';
import { AssetsService } from '@app/assets';
import { RequestContext } from '@app/core';
import { bearer, seedWorld, startTestApp, TestApp, World } from './support/test-app.js';
import { booksClient } from './support/books.js';

type JobView = { state: string; progress: number; result: { total: string; voucherId: string | null } | null; failedReason: string | null };

/**
 * SPEC §8 fixed assets, the worked fixture (hand-checked): a workshop of 1,200,000.00 with 5 %
 * salvage over 20 years depreciates 4,750.00 a month from the month after it enters service; sold
 * in April for 1,200,000.00 with 5,000.00 of costs after three months (14,250.00 accumulated) it
 * leaves a net gain of 1,200,000.00 − 1,185,750.00 − 5,000.00 = 9,250.00 to 504.
 */
describe('assets: fixed-asset cards, depreciation, disposal, resources', () => {
  let t: TestApp;
  let world: World;
  let books: ReturnType<typeof booksClient>;
  let ledgerId: string;
  let base: string;
  let workshopId: string;
  const service = () => t.app.get(AssetsService);
  const asSystem = <T>(fn: () => Promise<T>) => RequestContext.run({ requestId: 'test-assets', principal: null }, fn);

  beforeAll(async () => {
    t = await startTestApp({ withProcessors: true });
    world = await seedWorld(t);
    books = booksClient(t, world);
    ledgerId = (await books.createLedger('集体经济账', '2024-01')).id;
    await books.addAccount(ledgerId, '10201', '农商银行', '102');
    await books.opening(ledgerId, [
      { accountCode: '10201', debit: '5000000.00' },
      { accountCode: '32202', credit: '5000000.00' },
    ]);
    base = `/api/v1/orgs/${world.unionId}/ledgers/${ledgerId}/assets`;
  });
  afterAll(() => t.close());

  const workshop = {
    cardNo: 'GZ-0001',
    name: '一号厂房',
    category: '房屋建筑物',
    location: '村东工业区',
    custodian: '李四',
    purpose: 'leased',
    acquisitionType: 'purchase',
    creditAccountCode: '10201',
    cost: '1200000.00',
    salvageRate: '0.05',
    inServiceDate: '2024-01-15',
    method: 'straight_line',
    usefulLifeMonths: 240,
  };
  const waitForJob = async (jobId: string): Promise<JobView> => {
    let job: JobView = { state: 'waiting', progress: 0, result: null, failedReason: null };
    for (let i = 0; i < 400 && !['completed', 'failed'].includes(job.state); i++) {
      await new Promise((r) => setTimeout(r, 25));
      job = (await t.http().get(`/api/v1/jobs/${jobId}`).set(bearer(world.tokens.accountant))).body;
    }
    return job;
  };
  const voucherLines = async (voucherId: string) =>
    (
      await t.sql<{ account_code: string; debit: string; credit: string; asset_id: string | null }>(
        `SELECT account_code, debit::text, credit::text, asset_id FROM journal_lines WHERE voucher_id = $1 ORDER BY line_no`,
        [voucherId],
      )
    ).map((l) => `${l.account_code} ${l.debit !== '0.00' ? `Dr ${l.debit}` : `Cr ${l.credit}`}${l.asset_id ? ' card' : ''}`);
  const integrity = async () => (await t.http().get(`${base}/integrity`).set(bearer(world.tokens.auditor))).body;

  it('a card posts its acquisition Dr 151 / Cr 10201 with the card on the line; retried with the same key, one card', async () => {
    const send = () => t.http().post(base).set(bearer(world.tokens.accountant)).set('Idempotency-Key', 'card-gz-0001').send(workshop);
    const first = await send();
    expect(first.status).toBe(201);
    const replay = await send();
    expect(replay.status).toBe(201);
    expect(replay.body.id).toBe(first.body.id);
    workshopId = first.body.id;
    expect(first.body).toMatchObject({ salvage: '60000.00', monthlyAmount: '4750.00', accumulated: '0.00', netValue: '1200000.00', expenseAccount: '511', state: 'in_use' });
    expect(await voucherLines(first.body.sourceVoucherId)).toEqual(['151 Dr 1200000.00 card', '10201 Cr 1200000.00']);
    expect((await t.sql(`SELECT 1 FROM fixed_assets WHERE card_no = 'GZ-0001'`)).length).toBe(1);
    expect(await integrity()).toMatchObject({ ok: true, cardsAccumulated: '0.00', account152: '0.00', cardsCost: '1200000.00', account151: '1200000.00', linesWithoutCard: 0 });
  });

  it('refuses malformed cards and runs with 400 and a stable code', async () => {
    const bad = async (body: object, path = base) => {
      const res = await t.http().post(path).set(bearer(world.tokens.accountant)).send(body);
      expect(res.status).toBe(400);
      return res.body.code as string;
    };
    expect(await bad({ ...workshop, cardNo: 'X1', cost: 1200000 })).toBe('VALIDATION_FAILED');
    expect(await bad({ ...workshop, cardNo: 'X2', cost: '1200000.001' })).toBe('VALIDATION_FAILED');
    expect(await bad({ ...workshop, cardNo: 'X3', salvageRate: '1.5000' })).toBe('ACQUISITION_INVALID');
    expect(await bad({ ...workshop, cardNo: 'X4', inServiceDate: '2024-02-30' })).toBe('VALIDATION_FAILED');
    expect(await bad({ ...workshop, cardNo: 'X5', method: 'units' })).toBe('UNITS_INVALID');
    expect(await bad({ ...workshop, cardNo: 'X6', creditAccountCode: undefined })).toBe('ACQUISITION_INVALID');
    expect(await bad({ period: '2024-13' }, `${base}/runs`)).toBe('VALIDATION_FAILED');
    expect((await t.http().post(base).set(bearer(world.tokens.auditor)).send(workshop)).status).toBe(403);
  });

  it('January: the card entered in January is not depreciated (start month M+1)', async () => {
    const run = await asSystem(() => service().runMonth(world.unionId, ledgerId, '2024-01'));
    expect(run).toMatchObject({ period: '2024-01', total: '0.00', cards: 0, voucherId: null });
  });

  it('February through the queue: 4,750.00, one voucher Dr 511 / Cr 152 with the card; the job reports progress', async () => {
    const first = await t.http().post(`${base}/runs`).set(bearer(world.tokens.accountant)).set('Idempotency-Key', 'run-2024-02').send({ period: '2024-02' });
    expect(first.status).toBe(202);
    const again = await t.http().post(`${base}/runs`).set(bearer(world.tokens.accountant)).set('Idempotency-Key', 'run-2024-02').send({ period: '2024-02' });
    expect(again.body.jobId).toBe(first.body.jobId);
    const job = await waitForJob(first.body.jobId);
    expect(job.state).toBe('completed');
    expect(job.progress).toBe(100);
    expect(job.result).toMatchObject({ total: '4750.00' });
    expect(await voucherLines(job.result!.voucherId!)).toEqual(['511 Dr 4750.00 card', '152 Cr 4750.00 card']);
    expect((await t.http().get(`${base}/${workshopId}`).set(bearer(world.tokens.auditor))).body).toMatchObject({ accumulated: '4750.00', netValue: '1195250.00' });
    expect(await integrity()).toMatchObject({ ok: true, cardsAccumulated: '4750.00', account152: '4750.00' });
  });

  it('two runs for one month at once: one run, one voucher', async () => {
    const [a, b] = await Promise.all([asSystem(() => service().runMonth(world.unionId, ledgerId, '2024-03')), asSystem(() => service().runMonth(world.unionId, ledgerId, '2024-03'))]);
    expect(a.id).toBe(b.id);
    expect(a).toMatchObject({ total: '4750.00', cards: 1 });
    expect(await t.sql(`SELECT id FROM vouchers WHERE ledger_id = $1 AND source_ref = 'depreciation:2024-03'`, [ledgerId])).toHaveLength(1);
    // The database refuses a second run for the month whatever the application does.
    await expect(t.sql(`INSERT INTO depreciation_runs (org_id, id, ledger_id, period, total, cards) VALUES ($1, gen_random_uuid(), $2, '2024-03', 0, 0)`, [world.unionId, ledgerId])).rejects.toThrow(/uq_depreciation_runs_month/);
  });

  it('a card change that would rewrite a posted month is refused (service and database)', async () => {
    const res = await t.http().patch(`${base}/${workshopId}`).set(bearer(world.tokens.accountant)).send({ usefulLifeMonths: 120 });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('ASSET_MONTH_POSTED');
    expect((await t.http().patch(`${base}/${workshopId}`).set(bearer(world.tokens.accountant)).send({ custodian: '王五' })).body.custodian).toBe('王五');
    await expect(t.sql(`UPDATE fixed_assets SET cost = 1000000 WHERE id = $1`, [workshopId])).rejects.toThrow(/ASSET_MONTH_POSTED/);
    await expect(t.sql(`UPDATE fixed_assets SET state = 'disposed', disposed_on = '2024-02-10' WHERE id = $1`, [workshopId])).rejects.toThrow(/ASSET_MONTH_POSTED/);
    await expect(t.sql(`UPDATE depreciation_lines SET amount = 1 WHERE asset_id = $1`, [workshopId])).rejects.toThrow(/DEPRECIATION_IMMUTABLE/);
    const out = await asSystem(() => service().runMonth(world.unionId, ledgerId, '2024-05').catch((e: { code?: string }) => e.code));
    expect(out).toBe('DEPRECIATION_OUT_OF_ORDER');
  });

  it('disposal in April with a gain: the month is still depreciated, exact lines through 154 to 504', async () => {
    const res = await t
      .http()
      .post(`${base}/${workshopId}/disposal`)
      .set(bearer(world.tokens.accountant))
      .send({ date: '2024-04-20', proceeds: '1200000.00', costs: '5000.00', bankAccountCode: '10201', reason: '厂房整体转让' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ state: 'disposed', disposedOn: '2024-04-20', accumulated: '14250.00' });
    expect(await voucherLines(res.body.disposalVoucherId)).toEqual([
      '511 Dr 4750.00 card',
      '152 Cr 4750.00 card',
      '152 Dr 14250.00 card',
      '154 Dr 1185750.00 card',
      '151 Cr 1200000.00 card',
      '154 Dr 5000.00 card',
      '10201 Cr 5000.00',
      '10201 Dr 1200000.00',
      '154 Cr 1200000.00 card',
      '154 Dr 9250.00 card',
      '504 Cr 9250.00',
    ]);
    const april = await asSystem(() => service().runMonth(world.unionId, ledgerId, '2024-04'));
    expect(april).toMatchObject({ total: '0.00', cards: 0 });
    expect(await integrity()).toMatchObject({ ok: true, cardsAccumulated: '0.00', account152: '0.00', cardsCost: '0.00', account151: '0.00' });
    const tb = await books.trialBalance(ledgerId, '2024-01', '2024-04');
    expect(tb.balanced).toBe(true);
    expect(tb.rows.find((r: { code: string }) => r.code === '154')).toMatchObject({ closingDebit: '0.00', closingCredit: '0.00' });
  });

  it('the card list filters by category and state (exact); an unknown state is 400', async () => {
    const cards = async (query: string) => (await t.http().get(`${base}?${query}`).set(bearer(world.tokens.auditor))).body.items.map((a: { cardNo: string; state: string }) => `${a.cardNo} ${a.state}`);
    expect(await cards('state=disposed')).toEqual(['GZ-0001 disposed']);
    expect(await cards('state=in_use')).toEqual([]);
    expect(await cards(`category=${encodeURIComponent('房屋建筑物')}&state=disposed`)).toEqual(['GZ-0001 disposed']);
    expect(await cards(`category=${encodeURIComponent('机器设备')}`)).toEqual([]);
    const bad = await t.http().get(`${base}?state=sold`).set(bearer(world.tokens.auditor));
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });

  it('固定资产台账 and 折旧明细表: pages, CSV and XLSX', async () => {
    const reg = await t.http().get(`${base}/register?asOf=2024-03`).set(bearer(world.tokens.auditor));
    expect(reg.status).toBe(200);
    expect(reg.body).toEqual({
      items: [{ assetId: workshopId, cardNo: 'GZ-0001', name: '一号厂房', category: '房屋建筑物', location: '村东工业区', inServiceDate: '2024-01-15', cost: '1200000.00', accumulated: '9500.00', netValue: '1190500.00', state: 'in_use' }],
      nextCursor: null,
    });
    const lines = await t.http().get(`${base}/depreciation?from=2024-01&to=2024-12&limit=2`).set(bearer(world.tokens.auditor));
    expect(lines.body.items.map((l: { period: string; amount: string; accumulatedAfter: string }) => `${l.period} ${l.amount} ${l.accumulatedAfter}`)).toEqual(['2024-02 4750.00 4750.00', '2024-03 4750.00 9500.00']);
    const next = await t.http().get(`${base}/depreciation?from=2024-01&to=2024-12&limit=2&cursor=${lines.body.nextCursor}`).set(bearer(world.tokens.auditor));
    expect(next.body.items.map((l: { period: string; amount: string }) => `${l.period} ${l.amount}`)).toEqual(['2024-04 4750.00']);
    const csv = await t.http().get(`${base}/depreciation?from=2024-01&to=2024-12&format=csv`).set(bearer(world.tokens.auditor));
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text).toContain('月份,卡片编号,资产名称,本月折旧,工作量,累计折旧');
    expect(csv.text).toContain('2024-04,GZ-0001,一号厂房,4750.00,,14250.00');
    const xlsx = await t.http().get(`${base}/register?asOf=2024-12&format=xlsx`).set(bearer(world.tokens.auditor)).buffer(true);
    expect(xlsx.headers['content-type']).toMatch(/spreadsheetml/);
  });

  it('resources: register, list, current use; malformed areas refused', async () => {
    const path = `/api/v1/orgs/${world.unionId}/resources`;
    const res = await t.http().post(path).set(bearer(world.tokens.accountant)).send({ number: 'ZY-001', type: '耕地', name: '村东耕地', boundaries: '东至河，西至路', areaMu: '12.5', currentUse: 'contracted_out' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ areaMu: '12.5000', areaM2: '8333.38', currentUse: 'contracted_out' });
    expect((await t.http().post(path).set(bearer(world.tokens.accountant)).send({ number: 'ZY-002', type: '耕地', name: 'x', areaMu: 12, currentUse: 'idle' })).status).toBe(400);
    expect((await t.http().post(path).set(bearer(world.tokens.accountant)).send({ number: 'ZY-001', type: '耕地', name: 'x', areaMu: '1', currentUse: 'idle' })).body.code).toBe('RESOURCE_NUMBER_TAKEN');
    const patched = await t.http().patch(`${path}/${res.body.id}`).set(bearer(world.tokens.accountant)).send({ currentUse: 'idle' });
    expect(patched.body.currentUse).toBe('idle');
    expect((await t.http().get(path).set(bearer(world.tokens.auditor))).body.items).toHaveLength(1);
  });

  it('property: random cards and months → Σ depreciation = cost − salvage at end of life; 152 reconciles after every run', async () => {
    let round = 0;
    const card = fc.record({
      cents: fc.integer({ min: 100, max: 500_000_000 }),
      rate: fc.integer({ min: 0, max: 1000 }),
      life: fc.integer({ min: 1, max: 9 }),
      units: fc.option(fc.integer({ min: 1, max: 1000 }), { nil: null }),
      entry: fc.integer({ min: 1, max: 2 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(card, { minLength: 1, maxLength: 4 }), async (cards) => {
        round++;
        const ledger = (await books.createLedger(`性质账${round}`, '2024-01')).id;
        const path = `/api/v1/orgs/${world.unionId}/ledgers/${ledger}/assets`;
        const ids: { id: string; expected: string; units: number | null }[] = [];
        for (const [i, c] of cards.entries()) {
          const cost = (BigInt(c.cents) / 100n).toString() + '.' + String(c.cents % 100).padStart(2, '0');
          const body = {
            cardNo: `P${round}-${i}`,
            name: '性质测试',
            category: '机器设备',
            purpose: 'management',
            acquisitionType: 'purchase',
            creditAccountCode: '102',
            cost,
            salvageRate: `0.${String(c.rate).padStart(4, '0')}`,
            inServiceDate: `2024-0${c.entry}-10`,
            method: c.units ? 'units' : 'straight_line',
            usefulLifeMonths: c.life,
            ...(c.units ? { totalUnits: String(c.units) } : {}),
          };
          const res = await t.http().post(path).set(bearer(world.tokens.accountant)).send(body);
          if (res.status !== 201) throw new Error(JSON.stringify(res.body));
          ids.push({ id: res.body.id, expected: ((BigInt(c.cents) - BigInt(res.body.salvage.replace('.', ''))) as bigint).toString(), units: c.units });
        }
        for (let m = 1; m <= 12; m++) {
          const period = `2024-${String(m).padStart(2, '0')}`;
          // units cards use a third of their total a month, rounded up, so they finish within the year
          const units = ids.filter((x) => x.units).map((x) => ({ assetId: x.id, units: String(Math.ceil(x.units! / 3)) }));
          await asSystem(() => service().runMonth(world.unionId, ledger, period, units));
          const check = (await t.http().get(`${path}/integrity`).set(bearer(world.tokens.auditor))).body;
          if (!check.ok) throw new Error(`${period}: ${JSON.stringify(check)}`);
        }
        for (const x of ids) {
          const sum = await t.sql<{ s: string }>(`SELECT coalesce(sum(amount), 0)::text AS s FROM depreciation_lines WHERE asset_id = $1`, [x.id]);
          expect(sum[0].s.replace('.', '').replace(/^0+(?=\d)/, '')).toBe(x.expected);
        }
      }),
      { numRuns: 6 },
    );
  });
});
