import { Clock, Decimal, money, RequestContext } from '@app/core';
import { AssetsService } from '@app/assets';
import { AccrualService } from '@app/contracts';
import { bearer, seedWorld, startTestApp, TestApp, World } from './support/test-app.js';
import { booksClient, Line } from './support/books.js';
import { idFor } from './support/shares.js';

/**
 * Issue 17 (SPEC §9): the public ledger's budget, the warning rules against the town's dated
 * thresholds, the nightly evaluation's idempotency, and 财务公开 packs published on month close.
 */
describe('supervision: budget, warnings, 财务公开', () => {
  let t: TestApp;
  let world: World;
  let books: ReturnType<typeof booksClient>;
  let ledgerId: string;
  let clock: Clock;
  const org = () => `/api/v1/orgs/${world.unionId}`;
  const town = () => `/api/v1/orgs/${world.townId}`;

  const pay = (account: string, amount: string): Line[] => [{ accountCode: account, debit: amount }, { accountCode: '101', credit: amount }];
  const receive = (amount: string): Line[] => [{ accountCode: '101', debit: amount }, { accountCode: '503', credit: amount }];
  const threshold = async (param: string, value: string, effectiveFrom: string) => {
    const res = await t.http().post(`${town()}/warning-thresholds`).set(bearer(world.tokens.supervisor)).send({ param, value, effectiveFrom });
    expect(res.status).toBe(200);
  };
  const evaluate = async (year = '2024') => {
    const res = await t.http().post(`${org()}/warnings/evaluate`).set(bearer(world.tokens.supervisor)).send({ year });
    expect(res.status).toBe(200);
    return res.body as { inserted: number; updated: number; unchanged: number };
  };
  const warnings = async (rule?: string) => {
    const res = await t.http().get(`${org()}/warnings?limit=1000${rule ? `&rule=${rule}` : ''}`).set(bearer(world.tokens.supervisor));
    expect(res.status).toBe(200);
    return res.body.items as { id: string; ledgerId: string; ruleCode: string; period: string; subjectType: string; subjectId: string; measured: string; threshold: string; colour: string; state: string }[];
  };

  beforeAll(async () => {
    t = await startTestApp();
    world = await seedWorld(t);
    clock = t.app.get(Clock);
    clock.setToday('2024-06-30');
    books = booksClient(t, world);
    const res = await t.http().post(books.base).set(bearer(world.tokens.accountant)).send({ name: '公共开支账', kind: 'public', chart: '2023', startPeriod: '2024-01' });
    expect(res.status).toBe(201);
    ledgerId = res.body.id;
    await books.addAccount(ledgerId, '51301', '治安', '513');
    await books.addAccount(ledgerId, '51302', '行政管理', '513');
    await books.addAccount(ledgerId, '51401', '环卫', '514');
    await threshold('cash_limit', '5000.00', '2024-01-01');
    await threshold('large_cash_payment', '3000.00', '2024-01-01');
    // From March on a smaller payment is already large: the change applies from its date only.
    await threshold('large_cash_payment', '2000.00', '2024-03-01');
    await threshold('budget_yellow_percent', '90.00', '2024-01-01');
    await threshold('budget_red_percent', '100.00', '2024-01-01');
    await threshold('close_due_day', '15.00', '2024-01-01');
    await threshold('disclosure_due_day', '10.00', '2024-01-01');
  });
  afterAll(() => t.close());

  describe('budget', () => {
    let versionId: string;
    const lines = [
      { itemCode: 'ZA', itemName: '治安', amount: '3500.00', accounts: ['51301'] },
      { itemCode: 'XZ', itemName: '行政管理', amount: '3300.00', accounts: ['51302'] },
      { itemCode: 'HW', itemName: '环卫', amount: '3000.00', accounts: ['51401'] },
    ];

    it('is drafted by the accountant, approved by the board, then its lines are fixed (also in SQL)', async () => {
      const created = await t.http().post(`${books.base}/${ledgerId}/budgets`).set(bearer(world.tokens.accountant)).send({ year: 2024, lines });
      expect([created.status, created.body.status, created.body.version, created.body.total]).toEqual([201, 'draft', 1, '9800.00']);
      versionId = created.body.id;
      expect((await t.http().post(`${books.base}/${ledgerId}/budgets/${versionId}/approve`).set(bearer(world.tokens.accountant))).status).toBe(403);
      const approved = await t.http().post(`${books.base}/${ledgerId}/budgets/${versionId}/approve`).set(bearer(world.tokens.board));
      expect([approved.status, approved.body.status]).toEqual([200, 'approved']);
      const edit = await t.http().put(`${books.base}/${ledgerId}/budgets/${versionId}/lines`).set(bearer(world.tokens.accountant)).send({ lines });
      expect([edit.status, edit.body.code]).toEqual([409, 'BUDGET_LOCKED']);
      await expect(t.sql(`UPDATE budget_lines SET amount = 1 WHERE version_id = $1`, [versionId])).rejects.toThrow(/BUDGET_LOCKED/);
    });

    it('an adjustment is a new version; its approval supersedes the first, and the history keeps both', async () => {
      const adjusted = lines.map((l) => (l.itemCode === 'HW' ? { ...l, amount: '4000.00' } : l));
      const res = await t.http().post(`${books.base}/${ledgerId}/budgets/adjustments`).set(bearer(world.tokens.accountant)).send({ year: 2024, reason: '村民代表会议决定增加环卫支出', lines: adjusted });
      expect([res.status, res.body.version, res.body.status]).toEqual([201, 2, 'draft']);
      await t.http().post(`${books.base}/${ledgerId}/budgets/${res.body.id}/approve`).set(bearer(world.tokens.board)).expect(200);
      const history = await t.http().get(`${books.base}/${ledgerId}/budgets?year=2024`).set(bearer(world.tokens.supervisor));
      expect(history.body.versions.map((v: { version: number; status: string; total: string }) => [v.version, v.status, v.total])).toEqual([
        [1, 'superseded', '9800.00'],
        [2, 'approved', '10800.00'],
      ]);
    });

    it('a budget belongs on a public ledger', async () => {
      const collective = await books.createLedger('集体经济账', '2024-01');
      const res = await t.http().post(`${books.base}/${collective.id}/budgets`).set(bearer(world.tokens.accountant)).send({ year: 2024, lines });
      expect([res.status, res.body.code]).toEqual([409, 'LEDGER_NOT_PUBLIC']);
    });
  });

  describe('warnings', () => {
    beforeAll(async () => {
      await books.book(ledgerId, '2024-01-05', '镇补助款', receive('5000.00')); // cash 5000.00: at the limit, not over
      await books.book(ledgerId, '2024-01-10', '治安巡逻费', pay('51301', '2999.99')); // just under 3000: not large
      await books.book(ledgerId, '2024-01-15', '垫付款', [{ accountCode: '515', debit: '100.00' }, { accountCode: '113', credit: '100.00', counterparty: '张三 441900198001011237 13800138000' }]);
      await books.book(ledgerId, '2024-02-03', '镇补助款', receive('3000.00')); // cash 5000.01: over the limit
      await books.book(ledgerId, '2024-02-20', '办公用品', pay('51302', '3000.00')); // large (≥ 3000); 行政管理 90.91 % of its budget
      await books.book(ledgerId, '2024-02-22', '镇补助款', receive('2500.00'));
      await books.book(ledgerId, '2024-02-25', '清运垃圾', pay('51401', '2500.00')); // 2500 < 3000 in February: not large
      await books.book(ledgerId, '2024-03-01', '镇补助款', receive('1000.00'));
      await books.book(ledgerId, '2024-03-05', '清运垃圾', pay('51401', '2500.00')); // 2500 ≥ 2000 from March: large; 环卫 125 %
      await books.book(ledgerId, '2024-04-02', '收取停车费', receive('100.00'));
      await books.book(ledgerId, '2024-04-02', '治安巡逻费', pay('51301', '100.00')); // 坐支: received and paid cash the same day, nothing banked
    });

    it('each active rule raises on its fixture and not just under its threshold; the threshold in force at the date is used', async () => {
      await evaluate();
      const all = await warnings();
      const pick = (rule: string) => all.filter((w) => w.ruleCode === rule && w.ledgerId === ledgerId).map((w) => [w.period, w.subjectType, w.measured, w.threshold, w.colour]).sort();
      expect(pick('W1')).toEqual([['2024-02', 'ledger', '5000.01', '5000.00', 'red']]);
      expect(pick('W4')).toEqual([
        ['2024-02', 'voucher', '3000.00', '3000.00', 'yellow'],
        ['2024-03', 'voucher', '2500.00', '2000.00', 'yellow'],
      ]);
      expect(pick('W3')).toEqual([['2024-04', 'ledger', '100.00', '0.00', 'red']]);
      // 治安 3099.99 of 3500.00 = 88.57 %: under 90 %, no warning. 行政管理 90.91 % yellow; 环卫 125 % of the adjusted 4000 red, first crossed in March.
      expect(pick('W14')).toEqual([
        ['2024-02', 'budget_line', '90.91', '90.00', 'yellow'],
        ['2024-03', 'budget_line', '125.00', '100.00', 'red'],
      ]);
      // Today is 2024-06-30: January to May are past their close day (the 15th of the next month) and not closed.
      expect(pick('W19').map((w) => w[0])).toEqual(['2024-01', '2024-02', '2024-03', '2024-04', '2024-05']);
      expect(pick('W19')[0]).toEqual(['2024-01', 'ledger', '136.00', '15.00', 'yellow']);
    });

    it('a month not closed by its day raises W19 the day after, not on the day', async () => {
      clock.setToday('2024-07-15');
      await evaluate();
      expect((await warnings('W19')).map((w) => w.period)).not.toContain('2024-06');
      clock.setToday('2024-07-16');
      await evaluate();
      expect((await warnings('W19')).find((w) => w.period === '2024-06')).toMatchObject({ measured: '1.00', threshold: '15.00', colour: 'yellow' });
    });

    it('re-running the evaluation (the nightly job) the same day changes nothing', async () => {
      const before = await t.sql(`SELECT * FROM warnings ORDER BY id`);
      const audit = await t.sql(`SELECT count(*)::int AS n FROM audit_log`);
      expect(await evaluate()).toMatchObject({ inserted: 0, updated: 0 });
      expect(await t.sql(`SELECT * FROM warnings ORDER BY id`)).toEqual(before);
      expect(await t.sql(`SELECT count(*)::int AS n FROM audit_log`)).toEqual(audit);
      // The database key refuses a second row for the same rule + subject + period.
      await expect(
        t.sql(`INSERT INTO warnings (org_id, id, rule_code, rule_version, ledger_id, period, subject_type, subject_id, subject_label, measured, threshold, colour, first_seen, last_seen)
               SELECT org_id, gen_random_uuid(), rule_code, rule_version, ledger_id, period, subject_type, subject_id, subject_label, measured, threshold, colour, first_seen, last_seen FROM warnings LIMIT 1`),
      ).rejects.toThrow(/uq_warnings_key/);
    });

    it('a warning goes open → acknowledged → resolved with a reason; resolved is final', async () => {
      const [w] = await warnings('W1');
      const ack = await t.http().post(`${org()}/warnings/${w.id}/state`).set(bearer(world.tokens.accountant)).send({ state: 'acknowledged' });
      expect([ack.status, ack.body.state]).toEqual([200, 'acknowledged']);
      const noReason = await t.http().post(`${org()}/warnings/${w.id}/state`).set(bearer(world.tokens.supervisor)).send({ state: 'resolved' });
      expect([noReason.status, noReason.body.code]).toEqual([400, 'WARNING_STATE']);
      const resolved = await t.http().post(`${org()}/warnings/${w.id}/state`).set(bearer(world.tokens.supervisor)).send({ state: 'resolved', reason: '超限现金已存入银行' });
      expect([resolved.status, resolved.body.state, resolved.body.stateReason]).toEqual([200, 'resolved', '超限现金已存入银行']);
      const again = await t.http().post(`${org()}/warnings/${w.id}/state`).set(bearer(world.tokens.supervisor)).send({ state: 'dismissed', reason: 'x1' });
      expect([again.status, again.body.code]).toEqual([409, 'WARNING_STATE']);
      // Evaluating again keeps the state.
      await evaluate();
      expect((await warnings('W1'))[0].state).toBe('resolved');
    });

    it('the rule catalogue: the contract rules run once the town sets their thresholds; the rules without data wait', async () => {
      const res = await t.http().get(`${town()}/warning-rules`).set(bearer(world.tokens.supervisor));
      const byCode = new Map<string, { state: string; needs?: string }>(res.body.rules.map((r: { code: string }) => [r.code, r]));
      expect(res.body.rules).toHaveLength(19);
      for (const code of ['W8', 'W9', 'W10']) expect(byCode.get(code)!.state).toBe('unconfigured');
      for (const code of ['W1', 'W3', 'W4', 'W11', 'W12', 'W14', 'W16', 'W17', 'W19']) expect(byCode.get(code)!.state).toBe('active');
      for (const code of ['W2', 'W5', 'W6', 'W7', 'W13', 'W15', 'W18']) expect(byCode.get(code)).toMatchObject({ state: 'waiting', needs: expect.any(String) });
    });

    it('the town dashboard counts red and yellow per organization and drills down to the subject', async () => {
      const res = await t.http().get(`${town()}/supervision/dashboard`).set(bearer(world.tokens.supervisor));
      expect(res.status).toBe(200);
      const union = res.body.organizations.find((o: { orgId: string }) => o.orgId === world.unionId);
      const live = (await warnings()).filter((w) => w.state === 'open' || w.state === 'acknowledged');
      expect([union.red, union.yellow]).toEqual([live.filter((w) => w.colour === 'red').length, live.filter((w) => w.colour === 'yellow').length]);
      expect(union.ledgers.find((l: { ledgerId: string }) => l.ledgerId === ledgerId)).toMatchObject({ kind: 'public', closedTo: null });
      const w4 = (await warnings('W4'))[0];
      const voucher = await t.http().get(`${books.base}/${ledgerId}/vouchers/${w4.subjectId}`).set(bearer(world.tokens.supervisor));
      expect([voucher.status, voucher.body.totalDebit]).toEqual([200, w4.measured]);
      // The drill-down: the same voucher with each line's account code and name (from the ledger's chart).
      const w4s = (await warnings('W4')).filter((w) => w.ledgerId === ledgerId && w.period === '2024-02');
      const drill = await t.http().get(`${org()}/warnings/${w4s[0].id}/voucher`).set(bearer(world.tokens.supervisor));
      expect(drill.status).toBe(200);
      expect([drill.body.memo, drill.body.totalDebit]).toEqual(['办公用品', '3000.00']);
      expect(drill.body.lines.map((l: Record<string, unknown>) => [l.accountCode, l.accountName, l.debit, l.credit])).toEqual([
        ['51302', '行政管理', '3000.00', null],
        ['101', '库存现金', null, '3000.00'],
      ]);
      // A warning about something else has no voucher; another organization's warning is not found.
      const w14 = (await warnings('W14'))[0];
      const none = await t.http().get(`${org()}/warnings/${w14.id}/voucher`).set(bearer(world.tokens.supervisor));
      expect([none.status, none.body.code]).toEqual([404, 'WARNING_NOT_FOUND']);
      const elsewhere = await t.http().get(`/api/v1/orgs/${world.townId}/warnings/${w4s[0].id}/voucher`).set(bearer(world.tokens.supervisor));
      expect([elsewhere.status, elsewhere.body.code]).toEqual([404, 'WARNING_NOT_FOUND']);
      expect((await t.http().get(`${org()}/supervision/dashboard`).set(bearer(world.tokens.supervisor))).body.code).toBe('NOT_A_TOWN');
    });

    it('budget-vs-actual per item and month, from posted lines of this ledger only (JSON and CSV)', async () => {
      const res = await t.http().get(`${books.base}/${ledgerId}/budget-execution?year=2024&period=2024-03`).set(bearer(world.tokens.supervisor));
      expect(res.status).toBe(200);
      expect(res.body.rows.map((r: Record<string, unknown>) => [r.itemCode, r.budget, r.adjustedBudget, r.monthActual, r.ytdActual, r.executionPercent, r.remaining, r.overBudget])).toEqual([
        ['HW', '3000.00', '4000.00', '2500.00', '5000.00', '125.00', '-1000.00', true],
        ['XZ', '3300.00', '3300.00', '0.00', '3000.00', '90.91', '300.00', false],
        ['ZA', '3500.00', '3500.00', '0.00', '2999.99', '85.71', '500.01', false],
      ]);
      expect(res.body.unbudgeted).toBe('100.00');
      const csv = await t.http().get(`${books.base}/${ledgerId}/budget-execution?year=2024&period=2024-03&format=csv`).set(bearer(world.tokens.supervisor));
      expect(csv.text).toContain('HW,环卫,3000.00,4000.00,2500.00,5000.00,125.00,-1000.00,是');
    });
  });

  describe('财务公开', () => {
    let packId: string;

    it('closing a month publishes its pack; its figures are that month’s reports exactly; counterparties are masked', async () => {
      await books.close(ledgerId, '2024-01');
      const list = await t.http().get(`${org()}/disclosure-packs`).set(bearer(world.tokens.accountant));
      expect(list.body.items.map((p: { period: string; version: number; superseded: boolean }) => [p.period, p.version, p.superseded])).toEqual([['2024-01', 1, false]]);
      packId = list.body.items[0].id;
      const pack = (await t.http().get(`${org()}/disclosure-packs/${packId}`).set(bearer(world.tokens.shareholder))).body;
      const journal = (await t.http().get(`${books.base}/${ledgerId}/reports/journal?from=2024-01&to=2024-01`).set(bearer(world.tokens.auditor))).body;
      const tb = await books.trialBalance(ledgerId, '2024-01', '2024-01');
      expect(pack.content.lines.map((l: Record<string, string>) => [l.number, l.accountCode, l.debit, l.credit])).toEqual(journal.entries.map((e: Record<string, string>) => [e.number, e.accountCode, e.debit, e.credit]));
      expect(pack.content.trialBalance.rows).toEqual(tb.rows);
      expect(pack.content.trialBalance.totals).toEqual(tb.totals);
      const masked = pack.content.lines.find((l: { accountCode: string }) => l.accountCode === '113');
      expect(masked.counterparty).toBe('张三 441900********1237 138****8000');
      expect(JSON.stringify(pack.content)).not.toContain('13800138000');
      // The public ledger lets nothing and holds no cards: the register sections are there, empty.
      expect([pack.content.contracts.rows, pack.content.fixedAssets.rows, pack.content.trades]).toEqual([[], [], []]);
      // 债权债务 with the balance carried: 张三 owes nothing at the year's start, 100.00 credited in January.
      expect(pack.content.receivablesPayables).toEqual([{ accountCode: '113', counterparty: '张三 441900********1237 138****8000', opening: '0.00', debit: '0.00', credit: '100.00', closing: '-100.00' }]);
      expect(pack.content.budgetExecution.rows.find((r: { itemCode: string }) => r.itemCode === 'ZA').ytdActual).toBe('2999.99');
    });

    it('a pack is immutable in SQL, and an edit behind the trigger is reported by the audit verification', async () => {
      await expect(t.sql(`UPDATE disclosure_packs SET version = 9 WHERE id = $1`, [packId])).rejects.toThrow(/PACK_IMMUTABLE/);
      await expect(t.sql(`DELETE FROM disclosure_packs WHERE id = $1`, [packId])).rejects.toThrow(/PACK_IMMUTABLE/);
      const verify = async () => (await t.http().get(`${org()}/audit-log/verify`).set(bearer(world.tokens.auditor))).body;
      expect(await verify()).toMatchObject({ ok: true, problems: [] });
      const client = await t.db.pool.connect();
      try {
        await client.query(`SET session_replication_role = replica`);
        await client.query(`UPDATE disclosure_packs SET content = jsonb_set(content, '{lines,0,debit}', '"1.00"') WHERE id = $1`, [packId]);
        const result = await verify();
        expect(result.ok).toBe(false);
        expect(result.problems).toContainEqual({ id: expect.any(String), reason: `disclosure_pack ${packId} was changed outside the application after this row` });
        await client.query(`UPDATE disclosure_packs SET content = jsonb_set(content, '{lines,0,debit}', '"5000.00"') WHERE id = $1`, [packId]);
      } finally {
        await client.query(`SET session_replication_role = DEFAULT`);
        client.release();
      }
      expect((await verify()).ok).toBe(true);
    });

    it('a member files an objection on a line, the accountant answers it; another organization gets 404', async () => {
      const bad = await t.http().post(`${org()}/disclosure-packs/${packId}/objections`).set(bearer(world.tokens.shareholder)).send({ lineRef: 'lines:99', text: '这笔是什么？' });
      expect([bad.status, bad.body.code]).toEqual([400, 'PACK_LINE_NOT_FOUND']);
      const filed = await t.http().post(`${org()}/disclosure-packs/${packId}/objections`).set(bearer(world.tokens.shareholder)).send({ lineRef: 'lines:2', text: '治安巡逻费为什么这么多？' });
      expect(filed.status).toBe(201);
      const open = await t.http().get(`${org()}/disclosure-objections?open=true`).set(bearer(world.tokens.accountant));
      expect(open.body.items.map((o: { id: string }) => o.id)).toEqual([filed.body.id]);
      const answered = await t.http().post(`${org()}/disclosure-objections/${filed.body.id}/answer`).set(bearer(world.tokens.accountant)).send({ answer: '一月份共巡逻 30 天，有签到表。' });
      expect([answered.status, answered.body.answer]).toEqual([200, '一月份共巡逻 30 天，有签到表。']);
      const twice = await t.http().post(`${org()}/disclosure-objections/${filed.body.id}/answer`).set(bearer(world.tokens.accountant)).send({ answer: '再答' });
      expect([twice.status, twice.body.code]).toEqual([409, 'OBJECTION_ANSWERED']);
      const mine = await t.http().get(`${org()}/disclosure-objections`).set(bearer(world.tokens.shareholder));
      expect(mine.body.items[0].answer).toBe('一月份共巡逻 30 天，有签到表。');
      expect((await t.http().get(`${org()}/disclosure-packs/${packId}`).set(bearer(world.tokens.otherAccountant))).status).toBe(404);
      expect((await t.http().get(`/api/v1/orgs/${world.otherUnionId}/disclosure-packs`).set(bearer(world.tokens.shareholder))).status).toBe(404);
    });

    it('reopen and close publishes version 2 and marks version 1 superseded', async () => {
      await t.http().post(`${books.base}/${ledgerId}/periods/2024-01/reopen`).set(bearer(world.tokens.board)).send({ reason: '补记一月份漏记的凭证' }).expect(200);
      await books.book(ledgerId, '2024-01-31', '补记巡逻费', pay('51301', '0.01'));
      await books.close(ledgerId, '2024-01');
      const list = await t.http().get(`${org()}/disclosure-packs`).set(bearer(world.tokens.shareholder));
      expect(list.body.items.map((p: { period: string; version: number; superseded: boolean }) => [p.period, p.version, p.superseded])).toEqual([
        ['2024-01', 2, false],
        ['2024-01', 1, true],
      ]);
      const v2 = (await t.http().get(`${org()}/disclosure-packs/${list.body.items[0].id}`).set(bearer(world.tokens.shareholder))).body;
      expect(v2.content.lines).toHaveLength(8);
    });

    it('a closed month without its pack by day N raises W17 the day after', async () => {
      // A month closed before publication existed: its period row closed directly, no pack.
      await t.sql(`UPDATE periods SET status = 'closed', closed_at = '2024-03-01T02:00:00Z' WHERE ledger_id = $1 AND period = '2024-02'`, [ledgerId]);
      clock.setToday('2024-03-10');
      await evaluate();
      expect((await warnings('W17')).map((w) => w.period)).not.toContain('2024-02');
      clock.setToday('2024-03-11');
      await evaluate();
      expect((await warnings('W17')).find((w) => w.period === '2024-02')).toMatchObject({ measured: '1.00', threshold: '10.00', colour: 'red' });
    });
  });
  describe('contract warnings (W8–W12) over the contracts register', () => {
    let collective: string;
    const ids: Record<string, string> = {};
    const c = (path: string, body: unknown, token = world.tokens.accountant) => t.http().post(`${org()}${path}`).set(bearer(token)).send(body as object);
    const accrue = (period: string) => RequestContext.run({ requestId: 'test', principal: null }, () => t.app.get(AccrualService).accrue(world.unionId, collective, period));
    const contract = async (number: string, extra: Record<string, unknown>, signedOn: string) => {
      const res = await c('/contracts', {
        ledgerId: collective,
        number,
        title: `${number} 租赁合同`,
        parties: [{ kind: 'person', name: `承租人${number.slice(-1)}`, idCode: idFor(Object.keys(ids).length + 11), phone: '13912345678' }],
        objects: [{ description: `${number} 标的` }],
        startDate: '2024-07-01',
        endDate: '2025-06-30',
        billingCycle: 'monthly',
        monthlyRent: '1000.00',
        ...extra,
      });
      expect(res.status).toBe(201);
      ids[number] = res.body.id;
      expect((await c(`/contracts/${res.body.id}/sign`, { signedOn })).status).toBe(200);
      return res.body.id as string;
    };
    const contractWarnings = async (rule: string) =>
      (await warnings(rule)).map((w) => [Object.keys(ids).find((k) => ids[k] === w.subjectId) ?? w.subjectId, w.period, w.measured, w.threshold, w.colour]).sort();
    const resource = async (number: string, currentUse: string) => {
      const res = await c('/resources', { number, type: '耕地', name: `${number} 地块`, areaMu: '10.0000', currentUse });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };

    beforeAll(async () => {
      clock.setToday('2024-06-30');
      collective = (await books.createLedger('经营账', '2024-01')).id;
      await threshold('contract_expiry_days', '60.00', '2024-01-01');
      await threshold('contract_expiry_red_days', '30.00', '2024-01-01');
      await threshold('rent_overdue_days', '0.00', '2024-01-01');
      await threshold('rent_overdue_red_days', '90.00', '2024-01-01');
      await threshold('trade_required_rent', '50000.00', '2024-01-01');
      // From May on a smaller lease must trade too: contracts signed before keep the old threshold.
      await threshold('trade_required_rent', '40000.00', '2024-05-01');
      // W8: ends in 31 days (yellow), in 62 days (not yet), in 31 days but renewed (no warning).
      await contract('W8-A', { endDate: '2024-07-31' }, '2024-06-20');
      await contract('W8-B', { endDate: '2024-08-31' }, '2024-06-20');
      const renewed = await contract('W8-C', { endDate: '2024-07-31', monthlyRent: '2000.00' }, '2024-06-20');
      // W11: the renewal of W8-C below its last rent; W8-D renewed at the same rent (not below).
      const lower = await c(`/contracts/${renewed}/renewal`, { number: 'W11-C2', endDate: '2025-07-31', monthlyRent: '1999.99' });
      ids['W11-C2'] = lower.body.id;
      await c(`/contracts/${lower.body.id}/sign`, { signedOn: '2024-06-25' }).expect(200);
      const same = await contract('W8-D', { endDate: '2024-07-31', monthlyRent: '2000.00' }, '2024-06-20');
      const equal = await c(`/contracts/${same}/renewal`, { number: 'W11-D2', endDate: '2025-07-31', monthlyRent: '2000.00' });
      ids['W11-D2'] = equal.body.id;
      await c(`/contracts/${equal.body.id}/sign`, { signedOn: '2024-06-25' }).expect(200);
      // W10: 42,000.00 a year signed in April (threshold 50,000: no), in May (40,000: yes); 39,999.96 in May (just under).
      await contract('W10-G', { monthlyRent: '3500.00' }, '2024-04-20');
      await contract('W10-H', { monthlyRent: '3500.00' }, '2024-05-02');
      await contract('W10-I', { monthlyRent: '3333.33' }, '2024-05-02');
      // W9: a lease from January; January and February paid, then 500.00 (applied to March, the oldest due), the rest not.
      await contract('W9-F', { startDate: '2024-01-01', endDate: '2024-12-31' }, '2023-12-20');
      // W12: ended in March, its land still marked contracted out (raised); the same on land now idle (not raised).
      await contract('W12-J', { startDate: '2024-01-01', endDate: '2024-03-31', objects: [{ description: '村东耕地', resourceId: await resource('ZY-J', 'contracted_out') }] }, '2023-12-20');
      await contract('W12-K', { startDate: '2024-01-01', endDate: '2024-03-31', objects: [{ description: '村西耕地', resourceId: await resource('ZY-K', 'idle') }] }, '2023-12-20');
      for (const period of ['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06']) await accrue(period);
      await c(`/contracts/${ids['W9-F']}/receipts`, { date: '2024-02-10', amount: '2000.00' }).expect(201);
      await c(`/contracts/${ids['W9-F']}/receipts`, { date: '2024-06-10', amount: '500.00' }).expect(201);
      for (const k of ['W12-J', 'W12-K']) await c(`/contracts/${ids[k]}/receipts`, { date: '2024-03-15', amount: '3000.00' }).expect(201);
    });

    it('each rule raises on its fixture and not just outside its threshold; the threshold in force at the fact’s date is used', async () => {
      const result = await evaluate('2024');
      expect(result.inserted).toBeGreaterThan(0);
      expect(await contractWarnings('W8')).toEqual([['W8-A', '2024-07', '31.00', '60.00', 'yellow']]);
      // W9: March's remaining 500.00 121 days (red), April 90 (yellow: not over 90), May 60, June 29 days.
      expect(await contractWarnings('W9')).toEqual([
        ['W9-F', '2024-03', '121.00', '90.00', 'red'],
        ['W9-F', '2024-04', '90.00', '0.00', 'yellow'],
        ['W9-F', '2024-05', '60.00', '0.00', 'yellow'],
        ['W9-F', '2024-06', '29.00', '0.00', 'yellow'],
      ]);
      expect((await warnings('W9')).find((w) => w.period === '2024-05')).toMatchObject({ subjectType: 'contract', ledgerId: collective });
      expect(await contractWarnings('W10')).toEqual([['W10-H', '2024-07', '42000.00', '40000.00', 'red']]);
      expect(await contractWarnings('W11')).toEqual([['W11-C2', '2024-08', '1999.99', '2000.00', 'yellow']]);
      expect(await contractWarnings('W12')).toEqual([['W12-J', '2024-03', '91.00', '0.00', 'red']]);
    });

    it('the next day moves the figures (W8 turns red at 30 days), and re-running the same day changes nothing', async () => {
      clock.setToday('2024-07-01');
      await evaluate('2024');
      expect(await contractWarnings('W8')).toEqual([['W8-A', '2024-07', '30.00', '30.00', 'red']]);
      const before = await t.sql(`SELECT * FROM warnings ORDER BY id`);
      expect(await evaluate('2024')).toMatchObject({ inserted: 0, updated: 0 });
      expect(await t.sql(`SELECT * FROM warnings ORDER BY id`)).toEqual(before);
    });

    it('a contract below its trade’s 底价 (changed behind the application) raises W11; a traded one needs no W10', async () => {
      const trade = await c('/trades', { number: 'JY-W11', title: '鱼塘承包权公开竞投', object: { description: '5 号鱼塘' }, reservePrice: '4000.00', increment: '100.00' });
      const bidder = await c(`/trades/${trade.body.id}/bidders`, { kind: 'person', name: '赵六', idCode: idFor(40), phone: '13700001111' });
      await c(`/trades/${trade.body.id}/bids`, { bidderId: bidder.body.bidders[0].id, amount: '4000.00' }).expect(201);
      const done = await c(`/trades/${trade.body.id}/complete`, { date: '2024-07-01', ledgerId: collective, contractNumber: 'W11-T', startDate: '2024-08-01', endDate: '2025-07-31' });
      ids['W11-T'] = done.body.contractId;
      await c(`/contracts/${done.body.contractId}/sign`, { signedOn: '2024-07-01' }).expect(200);
      await evaluate('2024');
      expect((await contractWarnings('W10')).map((w) => w[0])).toEqual(['W10-H']); // 48,000 a year, but traded
      expect((await contractWarnings('W11')).map((w) => w[0])).toEqual(['W11-C2']); // at 底价, not below
      await t.sql(`UPDATE contracts SET monthly_rent = 3999.99 WHERE id = $1`, [done.body.contractId]);
      await evaluate('2024');
      expect(await contractWarnings('W11')).toEqual([
        ['W11-C2', '2024-08', '1999.99', '2000.00', 'yellow'],
        ['W11-T', '2024-08', '3999.99', '4000.00', 'yellow'],
      ]);
      await t.sql(`UPDATE contracts SET monthly_rent = 4000.00 WHERE id = $1`, [done.body.contractId]);
    });

    it('the month’s pack carries 合同台账, 固定资产台账, the trades and 债权债务 carried forward, equal to the registers’ reports and the books', async () => {
      const card = await t.http().post(`/api/v1/orgs/${world.unionId}/ledgers/${collective}/assets`).set(bearer(world.tokens.accountant)).send({
        cardNo: 'GZ-P1', name: '二号仓库', category: '房屋建筑物', purpose: 'leased', acquisitionType: 'purchase', creditAccountCode: '102',
        cost: '120000.00', salvageRate: '0.05', inServiceDate: '2024-01-15', method: 'straight_line', usefulLifeMonths: 120,
      });
      expect(card.status).toBe(201);
      const asSystem = <T>(fn: () => Promise<T>) => RequestContext.run({ requestId: 'test', principal: null }, fn);
      for (const period of ['2024-02', '2024-03', '2024-04', '2024-05', '2024-06', '2024-07']) await asSystem(() => t.app.get(AssetsService).runMonth(world.unionId, collective, period));
      await accrue('2024-07');
      clock.setToday('2024-08-05');
      for (const period of ['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06', '2024-07']) await books.close(collective, period);
      const list = await t.http().get(`${org()}/disclosure-packs?ledgerId=${collective}`).set(bearer(world.tokens.shareholder));
      const july = list.body.items.find((p: { period: string }) => p.period === '2024-07');
      const pack = (await t.http().get(`${org()}/disclosure-packs/${july.id}`).set(bearer(world.tokens.shareholder))).body.content;
      const tb = await books.trialBalance(collective, '2024-07', '2024-07');
      // A balance as debit − credit (negative on the credit side), as 债权债务 shows it.
      const closing = (code: string) => {
        const r = tb.rows.find((x: { code: string }) => x.code === code);
        return r ? money(new Decimal(r.closingDebit).minus(r.closingCredit)) : '0.00';
      };
      // 合同台账: each contract's outstanding = the 账龄 report's total as of the month's end, and its tenant's 112 balance in 债权债务.
      const aging = (await t.http().get(`${org()}/contracts/aging?asOf=2024-07-31`).set(bearer(world.tokens.auditor))).body;
      const outstanding = pack.contracts.rows.filter((r: { outstanding: string }) => r.outstanding !== '0.00').map((r: { number: string; outstanding: string }) => [r.number, r.outstanding]);
      expect(outstanding).toEqual(aging.items.map((a: { contractNumber: string; total: string }) => [a.contractNumber, a.total]));
      expect(pack.contracts.totals.outstanding).toBe(aging.totals.total);
      expect(pack.contracts.rows.find((r: { number: string }) => r.number === 'W9-F')).toMatchObject({ due: '7000.00', received: '2500.00', outstanding: '4500.00', overdue: '4500.00', dueInMonth: '1000.00', receivedInMonth: '0.00', status: 'active' });
      const debts112 = pack.receivablesPayables.filter((d: { accountCode: string }) => d.accountCode === '112');
      for (const r of pack.contracts.rows as { counterparty: string; outstanding: string }[]) {
        expect(debts112.find((d: { counterparty: string }) => d.counterparty === r.counterparty)?.closing ?? '0.00').toBe(r.outstanding);
      }
      // 债权债务 carries balances: Σ closing of 112 = its 科目余额表 closing balance.
      expect(money(debts112.reduce((a: Decimal, d: { closing: string }) => a.plus(d.closing), new Decimal(0)))).toBe(closing('112'));
      expect(debts112.find((d: { counterparty: string }) => d.counterparty.startsWith('承租人F'))).toMatchObject({ opening: '0.00', debit: '7000.00', credit: '2500.00', closing: '4500.00' });
      // 固定资产台账: the card with 6 months of 950.00; totals = 151 and 152.
      expect(pack.fixedAssets.rows.map((r: Record<string, string>) => [r.cardNo, r.cost, r.accumulated, r.netValue, r.state])).toEqual([['GZ-P1', '120000.00', '5700.00', '114300.00', 'in_use']]);
      expect([pack.fixedAssets.totals.cost, `-${pack.fixedAssets.totals.accumulated}`]).toEqual([closing('151'), closing('152')]);
      // The trade closed in July, its bidder masked.
      expect(pack.trades).toEqual([
        { number: 'JY-W11', title: '鱼塘承包权公开竞投', method: 'public_bidding', object: '5 号鱼塘', reservePrice: '4000.00', status: 'completed', closedOn: '2024-07-01', winningAmount: '4000.00', premium: '0.00', failureReason: null, bidders: [{ name: '赵六', idCode: expect.stringMatching(/^\d{6}\*{8}\d{3}[\dX]$/), phone: '137****1111', winner: true }], bids: 1 },
      ]);
      const text = JSON.stringify(pack);
      for (const secret of ['13912345678', '13700001111', idFor(40), idFor(11)]) expect(text).not.toContain(secret);
      expect(pack.contracts.rows[0].parties[0].phone).toBe('139****5678');
    });

    it('a contract warning drills down to the contract', async () => {
      const [w] = await warnings('W12');
      const res = await t.http().get(`${org()}/contracts/${w.subjectId}`).set(bearer(world.tokens.supervisor));
      expect([res.status, res.body.number]).toEqual([200, 'W12-J']);
    });
  });
});
