import { Clock } from '@app/core';
import { bearer, binary, seedWorld, startTestApp, TestApp, World } from './support/test-app.js';
import { booksClient } from './support/books.js';
import { idFor, sharesClient } from './support/shares.js';
import { pdfText } from './support/pdf-text.js';
import { bookSpecYear } from './support/year.js';

describe('distribution (分红): SPEC §6 end to end, on the year-end queue', () => {
  let t: TestApp;
  let world: World;
  let ledgerId: string;
  let planId: string;
  const holders: Record<string, string> = {};
  const base = () => `/api/v1/orgs/${world.unionId}/distributions`;

  const waitForJob = async (jobId: string) => {
    let job = { state: 'waiting', result: null as unknown, failedReason: null as string | null, progress: 0 };
    for (let i = 0; i < 200 && !['completed', 'failed'].includes(job.state); i++) {
      await new Promise((r) => setTimeout(r, 50));
      job = (await t.http().get(`/api/v1/jobs/${jobId}`).set(bearer(world.tokens.accountant))).body;
    }
    return job;
  };

  beforeAll(async () => {
    t = await startTestApp({ withProcessors: true });
    world = await seedWorld(t);
    ({ ledgerId } = await bookSpecYear(t, world));
    const sh = sharesClient(t, world);
    sh.clock.setToday('2024-01-01');
    await sh.shareClass('BASIC', '基本股', '1', { transferable: true, inheritable: true });
    const hh = await sh.household('H0001');
    const legs = [];
    for (const [i, [key, q]] of ([['a', '4000'], ['b', '3000'], ['c', '2000'], ['d', '1000']] as const).entries()) {
      holders[key] = (await sh.shareholder(String(i + 1).padStart(4, '0'), `股东${key}`, idFor(i + 1), hh.id)).id;
      legs.push({ shareholderId: holders[key], shareClass: 'BASIC', quantity: q });
    }
    await t.http().patch(`/api/v1/orgs/${world.unionId}/settings`).set(bearer(world.tokens.board)).send({ noticeDays: 0, minReservePercent: '10.00' });
    await sh.effect({ type: 'initial_allocation', effectiveDate: '2024-01-01', legs });
    await t.sql(`UPDATE shareholders SET bank_account = '6222020200112233' || substr(number, 4, 1) WHERE org_id = $1`, [world.unionId]);
  });
  afterAll(() => t.close());

  it('guard rails: more than the distributable or reserves under the charter minimum are refused unless overridden', async () => {
    const over = await t.http().post(base()).set(bearer(world.tokens.accountant)).send({ ledgerId, fiscalYear: 2024, reservePercent: '30.00', totalAmount: '4500000.01' });
    expect([over.status, over.body.code]).toEqual([422, 'PLAN_EXCEEDS_DISTRIBUTABLE']);
    expect(over.body.message).toBe('distributes 4500000.01, more than the distributable 4500000.00 (本年收益 − 公积公益金 + 年初未分配收益)');
    const lowReserve = await t.http().post(base()).set(bearer(world.tokens.accountant)).send({ ledgerId, fiscalYear: 2024, reservePercent: '5.00', totalAmount: '3000000.00' });
    expect([lowReserve.status, lowReserve.body.code]).toEqual([422, 'RESERVE_BELOW_MINIMUM']);
    for (const [body, code] of [
      [{ ledgerId, fiscalYear: 2024, reservePercent: '30.00', totalAmount: '-1.00' }, 'INVALID_AMOUNT'],
      [{ ledgerId, fiscalYear: 2024, reservePercent: '30.00', totalAmount: '1.005' }, 'INVALID_AMOUNT'],
      [{ ledgerId, fiscalYear: 2024, reservePercent: '30.00', totalAmount: 3000000 }, 'INVALID_AMOUNT'],
      [{ ledgerId, fiscalYear: 2024, reservePercent: '30.00', totalAmount: '1.00', recordDate: '2023-12-31' }, 'RECORD_DATE_INVALID'],
      [{ ledgerId, fiscalYear: 2024, reservePercent: '30.00' }, 'PLAN_INVALID'],
    ] as const) {
      const res = await t.http().post(base()).set(bearer(world.tokens.accountant)).send(body);
      expect([res.status, res.body.code]).toEqual([400, code]);
    }
    const otherLedger = await booksClient(t, { ...world, tokens: { ...world.tokens, accountant: world.tokens.otherAccountant } }, world.otherUnionId).createLedger('另一账套', '2024-01');
    const foreign = await t.http().post(base()).set(bearer(world.tokens.accountant)).send({ ledgerId: otherLedger.id, fiscalYear: 2024, reservePercent: '30.00', totalAmount: '1.00' });
    expect([foreign.status, foreign.body.code]).toEqual([404, 'LEDGER_NOT_FOUND']);
    expect(await t.sql(`SELECT id FROM distribution_plans`)).toEqual([]);
  });

  it('the plan: 公积公益金 30% of 本年收益 5,000,000 = 1,500,000; distributable 4,500,000', async () => {
    const res = await t.http().post(base()).set(bearer(world.tokens.accountant)).send({ ledgerId, fiscalYear: 2024, reservePercent: '30.00', totalAmount: '3000000.00' });
    expect(res.status).toBe(201);
    planId = res.body.id;
    expect(res.body).toMatchObject({
      status: 'draft',
      recordDate: '2024-12-31',
      profit: '5000000.00',
      openingUndistributed: '1000000.00',
      reserveAmount: '1500000.00',
      distributable: '4500000.00',
      classWeights: { BASIC: '1.0000' },
      payableAccount: '21101',
      warnings: [],
    });
  });

  it('calculation runs as a job: 202, a deterministic job id, progress, 300.00 per unit over 10,000 units', async () => {
    const first = await t.http().post(`${base()}/${planId}/calculate`).set(bearer(world.tokens.accountant));
    const second = await t.http().post(`${base()}/${planId}/calculate`).set(bearer(world.tokens.accountant));
    expect(first.status).toBe(202);
    expect(second.body.jobId).toBe(first.body.jobId);
    const job = await waitForJob(first.body.jobId);
    expect(job).toMatchObject({ state: 'completed', progress: 100, result: { planId, status: 'calculated', allocationCount: 4, grossTotal: '3000000.00' } });
    const allocations = await t.http().get(`${base()}/${planId}/allocations`).set(bearer(world.tokens.auditor));
    expect(allocations.body.items.map((a: { shareholderNumber: string; units: string; gross: string; net: string }) => [a.shareholderNumber, a.units, a.gross, a.net])).toEqual([
      ['0001', '4000.00000000', '1200000.00', '1200000.00'],
      ['0002', '3000.00000000', '900000.00', '900000.00'],
      ['0003', '2000.00000000', '600000.00', '600000.00'],
      ['0004', '1000.00000000', '300000.00', '300000.00'],
    ]);
  });

  /** What a refused request must leave as it was: the plan row and the organization's audit chain. */
  const planState = async (id: string) => {
    const [plan] = await t.sql(`SELECT status, notice_ends_on::text, objections, approved_by, warnings, notice_skip_reason FROM distribution_plans WHERE id = $1`, [id]);
    const [audit] = await t.sql(`SELECT count(*)::int AS n FROM audit_log WHERE org_id = $1`, [world.unionId]);
    return { plan, audit };
  };

  let clockBefore: string;

  it('the 公示: published by the accountant for the charter’s notice days; not approved, republished or recalculated before it ends', async () => {
    const clock = t.app.get(Clock);
    clockBefore = clock.today();
    clock.setToday('2025-01-06');
    const settings = await t.http().patch(`/api/v1/orgs/${world.unionId}/settings`).set(bearer(world.tokens.board)).send({ noticeDays: 7 });
    expect(settings.status).toBe(200);
    const early = await t.http().post(`${base()}/${planId}/post`).set(bearer(world.tokens.accountant));
    expect([early.status, early.body.code]).toEqual([409, 'PLAN_STATE']);
    const before = await planState(planId);
    const unpublished = await t.http().post(`${base()}/${planId}/approve`).set(bearer(world.tokens.board));
    expect([unpublished.status, unpublished.body.code]).toEqual([409, 'PLAN_NOT_PUBLISHED']);
    for (const who of ['board', 'shareholder', 'auditor'] as const) {
      expect((await t.http().post(`${base()}/${planId}/publish`).set(bearer(world.tokens[who]))).status).toBe(403);
    }
    expect(await planState(planId)).toEqual(before);

    const published = await t.http().post(`${base()}/${planId}/publish`).set(bearer(world.tokens.accountant));
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ status: 'public_notice', noticeEndsOn: '2025-01-13', objections: [], noticeSkipReason: null, grossTotal: '3000000.00' });
    // A member finds the plan in its 公示 (to object in time), with their own allocation only; staff logins have none of their own.
    await t.sql(`UPDATE users SET shareholder_id = $1 WHERE username = 'shareholder'`, [holders.c]);
    const notices = await t.http().get('/api/v1/me/distribution-notices').set(bearer(world.tokens.shareholder));
    expect(notices.body).toEqual({
      items: [
        {
          orgId: world.unionId,
          organization: '测试股份经济联合社',
          planId,
          fiscalYear: 2024,
          recordDate: '2024-12-31',
          totalAmount: '3000000.00',
          amountPerUnit: null,
          grossTotal: '3000000.00',
          noticeEndsOn: '2025-01-13',
          mine: { units: '2000.00000000', gross: '600000.00', tax: '0.00', net: '600000.00', withheld: '0.00' },
        },
      ],
      nextCursor: null,
    });
    expect((await t.http().get('/api/v1/me/distribution-notices').set(bearer(world.tokens.auditor))).body).toEqual({ items: [], nextCursor: null });
    const again = await t.http().post(`${base()}/${planId}/publish`).set(bearer(world.tokens.accountant));
    expect([again.status, again.body.code]).toEqual([409, 'PLAN_STATE']);
    const recalc = await t.http().post(`${base()}/${planId}/calculate`).set(bearer(world.tokens.accountant));
    expect([recalc.status, recalc.body.code]).toEqual([409, 'PLAN_STATE']);
    // What is published is what the board approves: the database fixes the allocations during the 公示.
    await expect(t.sql(`UPDATE distribution_allocations SET paid = 0.01 WHERE plan_id = $1 AND shareholder_number = '0001'`, [planId])).rejects.toThrow(/PLAN_LOCKED/);

    clock.setToday('2025-01-12');
    const inNotice = await planState(planId);
    const tooEarly = await t.http().post(`${base()}/${planId}/approve`).set(bearer(world.tokens.board));
    expect([tooEarly.status, tooEarly.body.code, tooEarly.body.message]).toEqual([409, 'NOTICE_NOT_ENDED', 'The 公示 runs until 2025-01-13']);
    const skipping = await t.http().post(`${base()}/${planId}/approve`).set(bearer(world.tokens.board)).send({ skipNotice: { reason: '理事会决定提前批准' } });
    expect([skipping.status, skipping.body.code]).toEqual([409, 'PLAN_STATE']);
    expect(await planState(planId)).toEqual(inNotice);
  });

  it('an objection during the 公示 sends the plan back to calculated, with the objection kept; it is published again', async () => {
    const clock = t.app.get(Clock);
    const inNotice = await planState(planId);
    for (const body of [{}, { reason: '' }, { reason: '   ' }, { reason: 42 }, { reason: '有异议', extra: 1 }]) {
      const bad = await t.http().post(`${base()}/${planId}/objections`).set(bearer(world.tokens.shareholder)).send(body);
      expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    }
    for (const who of ['accountant', 'auditor', 'cashier'] as const) {
      expect((await t.http().post(`${base()}/${planId}/objections`).set(bearer(world.tokens[who])).send({ reason: '有异议' })).status).toBe(403);
    }
    expect(await planState(planId)).toEqual(inNotice);

    const first = await t.http().post(`${base()}/${planId}/objections`).set(bearer(world.tokens.shareholder)).send({ reason: '第三组人口股未按登记日核定' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'calculated', noticeEndsOn: null, objections: [{ by: world.userIds.shareholder, reason: '第三组人口股未按登记日核定', at: expect.any(String) }] });
    const shown = await t.http().get(`${base()}/${planId}`).set(bearer(world.tokens.auditor));
    expect(shown.body.objections.map((o: { reason: string }) => o.reason)).toEqual(['第三组人口股未按登记日核定']);
    const unpublished = await t.http().post(`${base()}/${planId}/approve`).set(bearer(world.tokens.board));
    expect([unpublished.status, unpublished.body.code]).toEqual([409, 'PLAN_NOT_PUBLISHED']);
    const outOfNotice = await t.http().post(`${base()}/${planId}/objections`).set(bearer(world.tokens.supervisor)).send({ reason: '公示已撤回' });
    expect([outOfNotice.status, outOfNotice.body.code]).toEqual([409, 'PLAN_STATE']);

    clock.setToday('2025-01-14');
    const republished = await t.http().post(`${base()}/${planId}/publish`).set(bearer(world.tokens.accountant));
    expect(republished.body).toMatchObject({ status: 'public_notice', noticeEndsOn: '2025-01-21' });
    const second = await t.http().post(`${base()}/${planId}/objections`).set(bearer(world.tokens.supervisor)).send({ reason: '请附成员代表会议纪要' });
    expect(second.body.status).toBe('calculated');
    expect(second.body.objections.map((o: { by: string; reason: string }) => [o.by, o.reason])).toEqual([
      [world.userIds.shareholder, '第三组人口股未按登记日核定'],
      [world.userIds.supervisor, '请附成员代表会议纪要'],
    ]);
    // A member objecting again is answered with their own objections only, not the supervisor's.
    expect((await t.http().post(`${base()}/${planId}/publish`).set(bearer(world.tokens.accountant))).body.status).toBe('public_notice');
    const third = await t.http().post(`${base()}/${planId}/objections`).set(bearer(world.tokens.shareholder)).send({ reason: '户内分配比例有误' });
    expect(third.status).toBe(200);
    expect(third.body.objections.map((o: { by: string; reason: string }) => [o.by, o.reason])).toEqual([
      [world.userIds.shareholder, '第三组人口股未按登记日核定'],
      [world.userIds.shareholder, '户内分配比例有误'],
    ]);
    const all = await t.http().get(`${base()}/${planId}`).set(bearer(world.tokens.auditor));
    expect(all.body.objections.map((o: { reason: string }) => o.reason)).toEqual(['第三组人口股未按登记日核定', '请附成员代表会议纪要', '户内分配比例有误']);
  });

  it('approval is the board’s, once the notice has run (from its last day on, as for share events)', async () => {
    const clock = t.app.get(Clock);
    clock.setToday('2025-01-15');
    const published = await t.http().post(`${base()}/${planId}/publish`).set(bearer(world.tokens.accountant));
    expect(published.body).toMatchObject({ status: 'public_notice', noticeEndsOn: '2025-01-22' });
    clock.setToday('2025-01-21');
    const tooEarly = await t.http().post(`${base()}/${planId}/approve`).set(bearer(world.tokens.board));
    expect([tooEarly.status, tooEarly.body.code]).toEqual([409, 'NOTICE_NOT_ENDED']);
    clock.setToday('2025-01-22');
    const notBoard = await t.http().post(`${base()}/${planId}/approve`).set(bearer(world.tokens.accountant));
    expect(notBoard.status).toBe(403);
    const approved = await t.http().post(`${base()}/${planId}/approve`).set(bearer(world.tokens.board));
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', noticeEndsOn: '2025-01-22', noticeSkipReason: null, warnings: [] });
    expect(approved.body.objections).toHaveLength(3);
    const actions = await t.sql<{ action: string; actor_name: string }>(`SELECT action, actor_name FROM audit_log WHERE entity_id = $1 ORDER BY seq`, [planId]);
    expect(actions.map((a) => `${a.action} ${a.actor_name}`)).toEqual([
      'distribution.created accountant',
      'distribution.calculated system',
      'distribution.allocated system',
      'distribution.published accountant',
      'distribution.objected shareholder',
      'distribution.published accountant',
      'distribution.objected supervisor',
      'distribution.published accountant',
      'distribution.objected shareholder',
      'distribution.published accountant',
      'distribution.approved board',
    ]);
    const warnings = await t.http().get(`${base()}/warnings`).set(bearer(world.tokens.supervisor));
    expect(warnings.body).toEqual({ items: [], nextCursor: null });
    // Verification re-hashes each plan as it is now: the plans match; the four bank accounts set in SQL in beforeAll are reported, rightly.
    const verify = await t.http().get(`/api/v1/orgs/${world.unionId}/audit-log/verify`).set(bearer(world.tokens.auditor));
    expect(verify.body.problems.map((p: { reason: string }) => p.reason.split(' ')[0])).toEqual(Array(4).fill('shareholder'));
    // Back to the register's date: the payment voucher below is dated by this clock.
    clock.setToday(clockBefore);
  });

  it('10 parallel posts post once; the books end exactly as SPEC §6', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => t.http().post(`${base()}/${planId}/post`).set(bearer(world.tokens.accountant))));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status !== 200).map((r) => r.body.code)).toEqual(Array(9).fill('PLAN_STATE'));
    const vouchers = await t.sql<{ memo: string; n: number }>(`SELECT memo, count(*)::int AS n FROM vouchers WHERE source = 'distribution' GROUP BY memo ORDER BY memo`);
    expect(vouchers).toEqual([
      { memo: '向成员分配', n: 1 },
      { memo: '提取公积公益金', n: 1 },
      { memo: '结转各项分配', n: 1 },
    ]);
    const tb = await booksClient(t, world).trialBalance(ledgerId, '2024-01', '2024-12');
    const row = (code: string) => tb.rows.find((r: { code: string }) => r.code === code);
    expect(row('321')).toMatchObject({ closingDebit: '0.00', closingCredit: '0.00' });
    expect(row('322')).toMatchObject({ closingCredit: '1500000.00' });
    expect(row('311')).toMatchObject({ closingCredit: '1500000.00' });
    expect(row('21101')).toMatchObject({ closingCredit: '3000000.00' });
    expect(tb.balanced).toBe(true);
  });

  it('a payment batch pays every allocation once: the 代发 file, Dr 21101 / Cr 102, and no second payment', async () => {
    const batch = await t.http().post(`${base()}/${planId}/payment-batches`).set(bearer(world.tokens.cashier)).send({});
    expect(batch.status).toBe(201);
    expect(batch.body).toMatchObject({ status: 'prepared', total: '3000000.00', rows: 4, payees: 4 });
    const again = await t.http().post(`${base()}/${planId}/payment-batches`).set(bearer(world.tokens.cashier)).send({});
    expect([again.status, again.body.code]).toEqual([409, 'NOTHING_TO_PAY']);
    const file = await t.http().get(`${base()}/${planId}/payment-batches/${batch.body.id}/file`).set(bearer(world.tokens.cashier));
    expect(file.text.split('\r\n').slice(0, 2)).toEqual(['\uFEFF姓名,证件号码,账号,金额,附言', `股东a,${idFor(1)},62220202001122331,1200000.00,2024年度分红`]);
    const confirms = await Promise.all(
      Array.from({ length: 10 }, () => t.http().post(`${base()}/${planId}/payment-batches/${batch.body.id}/confirm`).set(bearer(world.tokens.cashier)).send({ bankAccountCode: '10201' })),
    );
    expect(confirms.filter((r) => r.status === 200)).toHaveLength(1);
    expect(confirms.find((r) => r.status === 200)!.body).toMatchObject({ status: 'confirmed', total: '3000000.00', planStatus: 'paid' });
    expect(confirms.filter((r) => r.status !== 200).map((r) => r.body.code)).toEqual(Array(9).fill('BATCH_STATE'));
    const [payable] = await t.sql<{ d: string; c: string }>(`SELECT sum(debit)::text AS d, sum(credit)::text AS c FROM account_balances WHERE account_code = '21101'`);
    expect(payable).toEqual({ d: '3000000.00', c: '3000000.00' });
    const paid = await t.sql<{ paid: string }>(`SELECT paid::text FROM distribution_allocations WHERE plan_id = $1 ORDER BY shareholder_number`, [planId]);
    expect(paid.map((p) => p.paid)).toEqual(['1200000.00', '900000.00', '600000.00', '300000.00']);
  });

  it('statements: staff see any holder’s, a shareholder only their own', async () => {
    const staff = await t.http().get(`/api/v1/orgs/${world.unionId}/shareholders/${holders.b}/statements?year=2024`).set(bearer(world.tokens.auditor));
    expect(staff.status).toBe(200);
    expect(staff.body.household).toBe('H0001');
    expect(staff.body.distributions[0]).toMatchObject({
      recordDate: '2024-12-31',
      approvedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      holdings: [{ shareClass: 'BASIC', name: '基本股', quantity: '3000.0000', weight: '1.0000', units: '3000.00000000' }],
      gross: '900000.00',
      tax: '0.00',
      net: '900000.00',
      withheld: '0.00',
      paid: '900000.00',
    });
    await t.sql(`UPDATE users SET shareholder_id = $1 WHERE username = 'shareholder'`, [holders.c]);
    const mine = await t.http().get('/api/v1/me/statements?year=2024').set(bearer(world.tokens.shareholder));
    expect(mine.body.map((s: { shareholder: { number: string }; distributions: { net: string }[] }) => [s.shareholder.number, s.distributions[0].net])).toEqual([['0003', '600000.00']]);
    const other = await t.http().get(`/api/v1/orgs/${world.unionId}/shareholders/${holders.b}/statements?year=2024`).set(bearer(world.tokens.shareholder));
    expect(other.status).toBe(403);
  });

  it('the statement as a PDF in Chinese: its text, extracted, carries the figures', async () => {
    const res = await t
      .http()
      .get(`/api/v1/me/statements?year=2024&format=pdf`)
      .set(bearer(world.tokens.shareholder))
      .buffer(true)
      .parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(res.body as Buffer);
    expect(text).toContain('2024年度股东分红对账单');
    expect(text).toContain('股东编号：0003');
    expect(text).toMatch(/股权登记日：2024年12月31日 分配方案批准日：\d{4}年\d{1,2}月\d{1,2}日/);
    // The holdings table (持股, 权重, 折算股数 to 4 places) and the amounts table, grouped by thousands.
    expect(text).toContain('\n基本股 2,000.0000 1.0000 2,000.0000\n合计 2,000.0000\n');
    expect(text).toContain('应分红利 代扣税款 实分红利 暂缓发放 已发放\n600,000.00 0.00 600,000.00 0.00 600,000.00\n');
    expect(text).toContain('实分红利（大写）：人民币陆拾万元整');
    expect(text).toMatch(/发放日期：\d{4}年\d{1,2}月\d{1,2}日/);
    expect(text).toContain('（单位盖章）');
    expect(text).toContain(`身份证号：${idFor(3).slice(0, 6)}********${idFor(3).slice(14)}`);
  });

  it('the database refuses to change the allocations of a posted plan', async () => {
    await expect(t.sql(`UPDATE distribution_allocations SET gross = gross + 0.01 WHERE plan_id = $1`, [planId])).rejects.toThrow(/PLAN_LOCKED/);
    await expect(t.sql(`DELETE FROM distribution_allocations WHERE plan_id = $1`, [planId])).rejects.toThrow(/PLAN_LOCKED/);
    // Inserts and deletes are checked once per statement (a calculation writes a million rows at once).
    await expect(
      t.sql(
        `INSERT INTO distribution_allocations (org_id, plan_id, shareholder_id, shareholder_number, collective, units, frozen_units, gross, tax, net, withheld, paid)
         SELECT org_id, plan_id, gen_random_uuid(), 'X' || shareholder_number, collective, units, frozen_units, gross, tax, net, withheld, 0 FROM distribution_allocations WHERE plan_id = $1`,
        [planId],
      ),
    ).rejects.toThrow(/PLAN_LOCKED: the allocations of a (posted|paid) plan are fixed/);
    await expect(t.sql(`UPDATE distribution_allocations SET paid = net + 1 WHERE plan_id = $1`, [planId])).rejects.toThrow(/ck_distribution_allocations_paid/);
    await expect(t.sql(`UPDATE distribution_plans SET status = 'public_notice' WHERE id = $1`, [planId])).rejects.toThrow(/PLAN_STATE/);
  });

  it('allocations edited behind the triggers (two holders’ amounts swapped, same total) are reported by the audit verify', async () => {
    // (The fixtures set some shareholders' details in SQL: only the distribution's entries matter here.)
    const verify = async () => {
      const body = (await t.http().get(`/api/v1/orgs/${world.unionId}/audit-log/verify`).set(bearer(world.tokens.auditor))).body as { problems: { id: string; reason: string }[] };
      return body.problems.filter((p) => p.reason.startsWith('distribution'));
    };
    expect(await verify()).toEqual([]);
    const [last] = await t.sql(`SELECT seq::text FROM audit_log WHERE org_id = $1 AND entity = 'distribution_allocations' AND entity_id = $2 ORDER BY seq DESC LIMIT 1`, [world.unionId, planId]);
    const swap = async () => {
      const client = await t.db.pool.connect();
      try {
        await client.query(`SET session_replication_role = replica`);
        await client.query(
          `WITH two AS (SELECT shareholder_id, gross, tax, net, paid, row_number() OVER (ORDER BY shareholder_number) AS k FROM distribution_allocations WHERE plan_id = $1 AND NOT collective ORDER BY shareholder_number LIMIT 2)
           UPDATE distribution_allocations a SET gross = o.gross, tax = o.tax, net = o.net, paid = o.paid FROM two m JOIN two o ON o.k = 3 - m.k WHERE a.plan_id = $1 AND a.shareholder_id = m.shareholder_id`,
          [planId],
        );
      } finally {
        await client.query(`SET session_replication_role = origin`);
        client.release();
      }
    };
    await swap();
    expect(await verify()).toEqual([{ id: last.seq, reason: `distribution_allocations ${planId} was changed outside the application after this row` }]);
    await swap();
    expect(await verify()).toEqual([]);
  });

  it('the board may approve without the 公示 only with a reason (skipNotice), logged in the audit log and listed as a warning', async () => {
    const { id: spareLedger } = await booksClient(t, world).createLedger('公益事业账', '2024-01');
    const created = await t
      .http()
      .post(base())
      .set(bearer(world.tokens.accountant))
      .send({ ledgerId: spareLedger, fiscalYear: 2024, reservePercent: '10.00', totalAmount: '100.00', override: { reason: '动用以前年度积累' } });
    expect(created.status).toBe(201);
    const overridden = 'distributes 100.00, more than the distributable 0.00 (本年收益 − 公积公益金 + 年初未分配收益); overridden: 动用以前年度积累';
    expect(created.body.warnings).toEqual([overridden]);
    const id = created.body.id as string;
    const job = await waitForJob((await t.http().post(`${base()}/${id}/calculate`).set(bearer(world.tokens.accountant))).body.jobId);
    expect(job).toMatchObject({ state: 'completed', result: { status: 'calculated', grossTotal: '100.00' } });
    // The database, too, approves a calculated plan only with a recorded reason for skipping the 公示.
    await expect(t.sql(`UPDATE distribution_plans SET status = 'approved' WHERE id = $1`, [id])).rejects.toThrow(/PLAN_NOT_PUBLISHED/);

    const before = await planState(id);
    const reason = '成员代表会议已当场表决通过，不再另行公示';
    expect((await t.http().post(`${base()}/${id}/approve`).set(bearer(world.tokens.accountant)).send({ skipNotice: { reason } })).status).toBe(403);
    for (const body of [{ skipNotice: {} }, { skipNotice: { reason: '' } }, { skipNotice: { reason: '   ' } }, { skipNotice: reason }, { skipNotice: { reason, extra: 1 } }, { skip: true }]) {
      const bad = await t.http().post(`${base()}/${id}/approve`).set(bearer(world.tokens.board)).send(body);
      expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    }
    expect(await planState(id)).toEqual(before);

    const approved = await t.http().post(`${base()}/${id}/approve`).set(bearer(world.tokens.board)).send({ skipNotice: { reason } });
    expect(approved.status).toBe(200);
    const skipped = `approved without a 公示; reason: ${reason}`;
    expect(approved.body).toMatchObject({ status: 'approved', noticeEndsOn: null, noticeSkipReason: reason, objections: [], warnings: [overridden, skipped] });
    const warnings = await t.http().get(`${base()}/warnings`).set(bearer(world.tokens.supervisor));
    expect(warnings.body.items.map((p: { id: string; warnings: string[] }) => [p.id, p.warnings])).toEqual([[id, [overridden, skipped]]]);
    const [audit] = await t.sql<{ action: string; actor_name: string; payload: unknown }>(`SELECT action, actor_name, payload FROM audit_log WHERE entity_id = $1 ORDER BY seq DESC LIMIT 1`, [id]);
    expect(audit).toEqual({ action: 'distribution.approved', actor_name: 'board', payload: { skipNotice: { reason }, warnings: [skipped] } });
    // Verification re-hashes each plan as it is now: the plans match; the four bank accounts set in SQL in beforeAll are reported, rightly.
    const verify = await t.http().get(`/api/v1/orgs/${world.unionId}/audit-log/verify`).set(bearer(world.tokens.auditor));
    expect(verify.body.problems.map((p: { reason: string }) => p.reason.split(' ')[0])).toEqual(Array(4).fill('shareholder'));
  });
});
