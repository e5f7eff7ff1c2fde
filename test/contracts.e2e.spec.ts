import fc from 'fast-check';
import { creditCodeCheckChar, RequestContext } from '@app/core';
import { AccrualService } from '@app/contracts';
import { bearer, seedWorld, startTestApp, TestApp, World } from './support/test-app.js';
import { booksClient } from './support/books.js';
import { idFor } from './support/shares.js';

const creditCode = (body: string) => body + creditCodeCheckChar(body);

describe('contracts, rent and trading (SPEC §8, issue 16)', () => {
  let t: TestApp;
  let world: World;
  let ledgerId: string;
  let contractId: string;
  const base = () => `/api/v1/orgs/${world.unionId}`;
  const post = (path: string, body: unknown, token = world.tokens.accountant) => t.http().post(`${base()}${path}`).set(bearer(token)).send(body as object);
  const get = (path: string, token = world.tokens.accountant) => t.http().get(`${base()}${path}`).set(bearer(token));
  const accrue = (period: string, ledger = ledgerId) => RequestContext.run({ requestId: 'test', principal: null }, () => t.app.get(AccrualService).accrue(world.unionId, ledger, period));
  const months = (from: string, n: number) => Array.from({ length: n }, (_, i) => {
    const k = Number(from.slice(0, 4)) * 12 + Number(from.slice(5, 7)) - 1 + i;
    return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
  });
  const lease = (number: string, extra: Record<string, unknown> = {}) => ({
    ledgerId,
    number,
    title: '2 号厂房租赁合同',
    parties: [{ kind: 'person', name: '张三', idCode: idFor(1) }],
    objects: [{ description: '第三工业区 2 号厂房', area: '1200.00' }],
    startDate: '2024-01-01',
    endDate: '2026-12-31',
    billingCycle: 'monthly',
    monthlyRent: '12000.00',
    escalationPercent: '5.00',
    deposit: '24000.00',
    ...extra,
  });
  const books112 = async (counterparty: string) =>
    (await t.sql<{ b: string }>(
      `SELECT coalesce(sum(l.debit - l.credit), 0)::text AS b FROM journal_lines l JOIN vouchers v ON v.org_id = l.org_id AND v.id = l.voucher_id
        WHERE l.org_id = $1 AND l.ledger_id = $2 AND l.account_code = '112' AND l.counterparty = $3 AND v.status = 'posted'`,
      [world.unionId, ledgerId, counterparty],
    ))[0].b;

  beforeAll(async () => {
    t = await startTestApp({ withProcessors: true });
    world = await seedWorld(t);
    ledgerId = (await booksClient(t, world).createLedger('集体经济账', '2024-01')).id;
  });
  afterAll(() => t.close());

  it('malformed input is refused before anything is written', async () => {
    for (const [body, code] of [
      [lease('BAD-1', { parties: [{ kind: 'person', name: '张三', idCode: idFor(1).slice(0, 17) + (idFor(1)[17] === '1' ? '2' : '1') }] }), 'INVALID_ID_NUMBER'],
      [lease('BAD-2', { parties: [{ kind: 'company', name: '东莞某公司', idCode: '91441900123456789X' === creditCode('91441900123456789') ? '914419001234567890' : '91441900123456789X' }] }), 'INVALID_CREDIT_CODE'],
      [lease('BAD-3', { startDate: '2025-02-30' }), 'VALIDATION_FAILED'],
      [lease('BAD-4', { monthlyRent: '0.1e3' }), 'VALIDATION_FAILED'],
      [lease('BAD-5', { monthlyRent: 12000 }), 'VALIDATION_FAILED'],
      [lease('BAD-6', { startDate: '2024-01-15' }), 'CONTRACT_TERM_INVALID'],
    ] as const) {
      const res = await post('/contracts', body);
      expect([res.status, res.body.code, body.number]).toEqual([400, code, body.number]);
    }
    expect(await t.sql(`SELECT id FROM contracts`)).toEqual([]);
    const company = await post('/contracts', lease('OK-CO', { parties: [{ kind: 'company', name: '东莞某公司', idCode: creditCode('91441900123456789') }] }));
    expect(company.status).toBe(201);
    expect(company.body.parties[0].idCode).toBe(creditCode('91441900123456789'));
  });

  it('the worked lease: 12,000.00/month, +5 % from year 2 → exact schedule (rounded half-up per contract year)', async () => {
    const res = await post('/contracts', lease('HT-2024-001'));
    expect(res.status).toBe(201);
    contractId = res.body.id;
    expect(res.body).toMatchObject({ status: 'draft', counterparty: '张三（HT-2024-001）', receivableAccount: '112', totalRent: '453960.00', deposit: '24000.00' });
    expect(res.body.parties[0].idCode).toBe(`${idFor(1).slice(0, 6)}********${idFor(1).slice(14)}`);
    const schedule = res.body.schedule as { monthlyAmount: string; dueDate: string; contractYear: number }[];
    expect(schedule).toHaveLength(36);
    expect([schedule[0], schedule[11], schedule[12], schedule[24], schedule[35]].map((b) => [b.dueDate, b.contractYear, b.monthlyAmount])).toEqual([
      ['2024-01-01', 1, '12000.00'],
      ['2024-12-01', 1, '12000.00'],
      ['2025-01-01', 2, '12600.00'],
      ['2026-01-01', 3, '13230.00'],
      ['2026-12-01', 3, '13230.00'],
    ]);
    // A quarterly schedule at +3.3333 %: bills of 3 months; year 3 = 12000 × 1.033333² = 12813.3250… → 12813.33 (half-up, from the exact factor).
    const q = await post('/contracts', lease('HT-2024-Q', { billingCycle: 'quarterly', escalationPercent: '3.3333' }));
    expect(q.body.schedule).toHaveLength(12);
    expect(q.body.schedule[4]).toMatchObject({ dueDate: '2025-01-01', months: 3, monthlyAmount: '12400.00', amount: '37200.00' });
    expect(q.body.schedule[8]).toMatchObject({ dueDate: '2026-01-01', monthlyAmount: '12813.33', amount: '38439.99' });
  });

  it('accrual before signing accrues nothing; signed, the month accrues once (Dr 112 / Cr 501), the deposit goes to 21199', async () => {
    expect((await post(`/contracts/${contractId}/sign`, { signedOn: '2023-12-20' })).status).toBe(200);
    const dep = await post(`/contracts/${contractId}/deposits`, { kind: 'received', date: '2024-01-02' }, world.tokens.cashier);
    expect([dep.status, dep.body.depositReceived]).toEqual([201, true]);
    expect((await post(`/contracts/${contractId}/deposits`, { kind: 'received', date: '2024-01-02' })).body.code).toBe('DEPOSIT_STATE');
    // Two runs of one month at the same time: one voucher.
    const [a, b] = await Promise.all([accrue('2024-01'), accrue('2024-01')]);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    expect(a.voucherId).toBe(b.voucherId);
    expect(a.total).toBe('12000.00');
    expect(await t.sql(`SELECT count(*)::int AS n FROM vouchers WHERE source = 'rent' AND source_ref = 'accrual:2024-01'`)).toEqual([{ n: 1 }]);
    const lines = await t.sql(`SELECT account_code, debit::text, credit::text, counterparty FROM journal_lines WHERE voucher_id = $1 ORDER BY line_no`, [a.voucherId]);
    expect(lines).toEqual([
      { account_code: '112', debit: '12000.00', credit: '0.00', counterparty: '张三（HT-2024-001）' },
      { account_code: '501', debit: '0.00', credit: '12000.00', counterparty: null },
    ]);
    // The database refuses a second run row for the month and a change to an accrued bill.
    await expect(t.sql(`INSERT INTO rent_accrual_runs (org_id, id, ledger_id, period, total, bill_count) VALUES ($1, gen_random_uuid(), $2, '2024-01', 0, 0)`, [world.unionId, ledgerId])).rejects.toThrow(/uq_rent_accrual_runs_month/);
    await expect(t.sql(`UPDATE rent_schedule SET amount = 1, monthly_amount = 1 WHERE org_id = $1 AND contract_id = $2 AND seq = 1`, [world.unionId, contractId])).rejects.toThrow(/RENT_BILL_ACCRUED/);
  });

  it('the month through the queue: 202 {jobId}, a double click enqueues once, the job reports its run', async () => {
    const first = await post('/contracts/accruals', { ledgerId, period: '2024-02' });
    const second = await post('/contracts/accruals', { ledgerId, period: '2024-02' });
    expect(first.status).toBe(202);
    expect(second.body.jobId).toBe(first.body.jobId);
    let job = { state: 'waiting', progress: 0, result: null as unknown };
    for (let i = 0; i < 200 && job.state !== 'completed' && job.state !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      job = (await t.http().get(`/api/v1/jobs/${first.body.jobId}`).set(bearer(world.tokens.accountant))).body;
    }
    expect(job).toMatchObject({ state: 'completed', progress: 100, result: { period: '2024-02', total: '12000.00', billCount: 1 } });
  });

  it('paid late and partly: receipts apply oldest due first; aging, 应收租金明细 and 112 as of 2025-03-31', async () => {
    for (const m of months('2024-03', 13)) await accrue(m);
    // Jan paid on 2024-02-10; then 30,000.00 on 2024-05-20 pays Feb, Mar and half of Apr.
    const r1 = await post(`/contracts/${contractId}/receipts`, { date: '2024-02-10', amount: '12000.00' }, world.tokens.cashier);
    expect([r1.status, r1.body.applied]).toEqual([201, [{ seq: 1, dueDate: '2024-01-01', amount: '12000.00' }]]);
    const key = 'receipt-2024-05-20';
    const r2 = await post(`/contracts/${contractId}/receipts`, { date: '2024-05-20', amount: '30000.00' }).set('Idempotency-Key', key);
    const again = await post(`/contracts/${contractId}/receipts`, { date: '2024-05-20', amount: '30000.00' }).set('Idempotency-Key', key);
    expect(again.body.id).toBe(r2.body.id);
    expect(r2.body.applied).toEqual([
      { seq: 2, dueDate: '2024-02-01', amount: '12000.00' },
      { seq: 3, dueDate: '2024-03-01', amount: '12000.00' },
      { seq: 4, dueDate: '2024-04-01', amount: '6000.00' },
    ]);
    expect(await t.sql(`SELECT count(*)::int AS n FROM rent_receipts WHERE contract_id = $1`, [contractId])).toEqual([{ n: 2 }]);
    const over = await post(`/contracts/${contractId}/receipts`, { date: '2025-03-31', amount: '139800.01' });
    expect([over.status, over.body.code]).toEqual([422, 'RECEIPT_EXCEEDS_DUE']);

    const detail = (await get(`/contracts/${contractId}`)).body;
    expect(detail).toMatchObject({ outstanding: '139800.00', status: 'active' });
    expect(await books112('张三（HT-2024-001）')).toBe('139800.00');

    const aging = await get('/contracts/aging?asOf=2025-03-31');
    expect(aging.body.items).toEqual([
      { contractId, contractNumber: 'HT-2024-001', counterparty: '张三（HT-2024-001）', notDue: '0.00', d1to30: '12600.00', d31to90: '25200.00', d91to180: '24000.00', over180: '78000.00', total: '139800.00' },
    ]);
    const receivables = await get('/contracts/receivables?asOf=2025-03-31&limit=2');
    expect(receivables.body.items.map((r: { dueDate: string; outstanding: string; daysOverdue: number; bucket: string }) => [r.dueDate, r.outstanding, r.daysOverdue, r.bucket])).toEqual([
      ['2024-04-01', '6000.00', 364, 'over180'],
      ['2024-05-01', '12000.00', 334, 'over180'],
    ]);
    expect(receivables.body.nextCursor).toEqual(expect.any(String));
    const csv = await get('/contracts/aging?asOf=2025-03-31&format=csv');
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text).toContain('HT-2024-001,张三（HT-2024-001）,0.00,12600.00,25200.00,24000.00,78000.00,139800.00');
    const xlsx = await get('/contracts?format=xlsx');
    expect(xlsx.headers['content-type']).toMatch(/spreadsheetml/);

    const integrity = await get(`/contracts/integrity?ledgerId=${ledgerId}`);
    expect(integrity.body).toEqual({ ok: true, checked: 1, problems: [] });
  });

  it('renewal is a linked new draft from the day after the end; termination drops the bills not accrued', async () => {
    const renewal = await post(`/contracts/${contractId}/renewal`, { number: 'HT-2027-001', endDate: '2029-12-31', monthlyRent: '14000.00' });
    expect(renewal.body).toMatchObject({ status: 'draft', renewalOf: contractId, startDate: '2027-01-01', totalRent: '529620.00' });
    expect((await post(`/contracts/${contractId}/renewal`, { number: 'HT-2027-002', endDate: '2029-12-31', monthlyRent: '14000.00' })).body.code).toBe('CONTRACT_ALREADY_RENEWED');
    const q = (await get('/contracts?limit=10')).body.items.find((c: { number: string }) => c.number === 'HT-2024-Q');
    await post(`/contracts/${q.id}/sign`, { signedOn: '2024-01-01' });
    const term = await post(`/contracts/${q.id}/terminate`, { date: '2024-06-30', reason: '承租方违约，双方协商解除' });
    expect(term.body.status).toBe('terminated');
    expect(term.body.schedule.map((b: { dueDate: string }) => b.dueDate)).toEqual(['2024-01-01', '2024-04-01']);
  });

  it('a trade with three bidders: below 底价 or below last + increment refused, the winner gets the draft contract, a closed trade is immutable', async () => {
    const trade = await post('/trades', { number: 'JY-2024-001', title: '3 号厂房租赁权公开竞投', object: { description: '第三工业区 3 号厂房', area: '800.00' }, reservePrice: '10000.00', increment: '200.00' });
    expect(trade.status).toBe(201);
    const tradeId = trade.body.id;
    const ids: string[] = [];
    for (const [i, b] of [
      { kind: 'person', name: '李四', idCode: idFor(2) },
      { kind: 'person', name: '王五', idCode: idFor(3) },
      { kind: 'company', name: '东莞市某某实业有限公司', idCode: creditCode('91441900MA4W12345') },
    ].entries()) {
      const res = await post(`/trades/${tradeId}/bidders`, b);
      expect(res.status).toBe(201);
      ids[i] = res.body.bidders.find((x: { name: string }) => x.name === b.name).id;
    }
    const bid = (i: number, amount: string) => post(`/trades/${tradeId}/bids`, { bidderId: ids[i], amount });
    expect((await bid(0, '9999.99')).body.code).toBe('BID_BELOW_RESERVE');
    expect((await bid(0, '10000.00')).status).toBe(201);
    expect((await bid(1, '10199.99')).body.code).toBe('BID_TOO_LOW');
    expect((await bid(1, '10200.00')).status).toBe(201);
    expect((await bid(2, '10600.00')).status).toBe(201);
    expect((await bid(0, '10800.00')).body.lastBid).toBe('10800.00');
    // The database refuses the same on any path.
    await expect(t.sql(`INSERT INTO trade_bids (org_id, trade_id, seq, bidder_id, amount) VALUES ($1, $2, 99, $3, '10900.00')`, [world.unionId, tradeId, ids[1]])).rejects.toThrow(/BID_TOO_LOW/);
    const done = await post(`/trades/${tradeId}/complete`, { date: '2024-12-20', ledgerId, contractNumber: 'HT-2025-001', startDate: '2025-01-01', endDate: '2027-12-31', deposit: '21600.00' });
    expect(done.body).toMatchObject({ status: 'completed', winnerBidderId: ids[0], winningAmount: '10800.00' });
    const contract = (await get(`/contracts/${done.body.contractId}`)).body;
    expect(contract).toMatchObject({ status: 'draft', tradeId, monthlyRent: '10800.00', parties: [{ name: '李四' }], objects: [{ description: '第三工业区 3 号厂房', area: '800.00' }] });
    expect((await bid(2, '11000.00')).body.code).toBe('TRADE_CLOSED');
    await expect(t.sql(`UPDATE trades SET winning_amount = 1 WHERE id = $1`, [tradeId])).rejects.toThrow(/TRADE_CLOSED/);
    await expect(t.sql(`INSERT INTO trade_bids (org_id, trade_id, seq, bidder_id, amount) VALUES ($1, $2, 98, $3, '99999.00')`, [world.unionId, tradeId, ids[1]])).rejects.toThrow(/TRADE_CLOSED/);
    // 流标 with its reason.
    const empty = await post('/trades', { number: 'JY-2024-002', title: '鱼塘承包权', object: { description: '5 号鱼塘' }, reservePrice: '2000.00', increment: '100.00' });
    expect((await post(`/trades/${empty.body.id}/complete`, { date: '2024-12-20', ledgerId, contractNumber: 'X-1', startDate: '2025-01-01', endDate: '2025-12-31' })).body.code).toBe('NO_BIDS');
    const failed = await post(`/trades/${empty.body.id}/fail`, { date: '2024-12-20', reason: '无人报名竞投' });
    expect(failed.body).toMatchObject({ status: 'failed', failureReason: '无人报名竞投' });
    expect((await post(`/trades/${empty.body.id}/fail`, { date: '2024-12-21', reason: '再次流标' })).body.code).toBe('TRADE_CLOSED');
  });

  it('property: random schedules, accruals and receipts → 112 per tenant = Σ schedule outstanding', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          rent: fc.integer({ min: 1, max: 5_000_000 }),
          esc: fc.integer({ min: 0, max: 1500 }),
          cycle: fc.constantFrom('monthly', 'quarterly', 'yearly'),
          years: fc.integer({ min: 1, max: 3 }),
          paid: fc.array(fc.integer({ min: 1, max: 100 }), { maxLength: 4 }),
        }),
        async ({ rent, esc, cycle, years, paid }) => {
          n += 1;
          const ledger2 = (await booksClient(t, world).createLedger(`性质测试账 ${n}`, '2024-01')).id;
          const number = `P-${n}`;
          const created = await post('/contracts', { ...lease(number), ledgerId: ledger2, monthlyRent: (rent / 100).toFixed(2), escalationPercent: (esc / 100).toFixed(2), billingCycle: cycle, endDate: `${2023 + years}-12-31` });
          expect(created.status).toBe(201);
          await post(`/contracts/${created.body.id}/sign`, { signedOn: '2024-01-01' });
          for (const m of months('2024-01', 14)) await accrue(m, ledger2);
          for (const pct of paid) {
            const due = (await get(`/contracts/${created.body.id}`)).body.outstanding as string;
            const cents = Math.floor((Number(due.replace('.', '')) * pct) / 100);
            if (cents === 0) continue;
            const amount = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
            expect((await post(`/contracts/${created.body.id}/receipts`, { date: '2025-02-28', amount })).status).toBe(201);
          }
          const integrity = (await get(`/contracts/integrity?ledgerId=${ledger2}`)).body;
          expect(integrity.problems).toEqual([]);
        },
      ),
      { numRuns: 8 },
    );
  });
});
