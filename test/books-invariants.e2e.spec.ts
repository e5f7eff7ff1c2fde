import { bearer, seedWorld, startTestApp, TestApp, World } from './support/test-app.js';
import { booksClient, Line, CLEAN_INTEGRITY } from './support/books.js';

describe('books: invariants under bad input, concurrency and direct SQL (SPEC §3.1–3.4)', () => {
  let t: TestApp;
  let world: World;
  let books: ReturnType<typeof booksClient>;
  let ledgerId: string;
  let otherLedgerId: string;

  const counts = async () =>
    (
      await t.sql<{ v: number; l: number; b: number; a: number }>(
        `SELECT (SELECT count(*)::int FROM vouchers) AS v, (SELECT count(*)::int FROM journal_lines) AS l,
                (SELECT count(*)::int FROM account_balances) AS b, (SELECT count(*)::int FROM audit_log) AS a`,
      )
    )[0];

  beforeAll(async () => {
    t = await startTestApp({ env: { DB_POOL_SIZE: '20' } });
    world = await seedWorld(t);
    books = booksClient(t, world);
    ledgerId = (await books.createLedger('集体经济账', '2024-01')).id;
    await books.addAccount(ledgerId, '10201', '工商银行', '102');
    const otherBooks = booksClient(t, { ...world, tokens: { ...world.tokens, accountant: world.tokens.otherAccountant } }, world.otherUnionId);
    otherLedgerId = (await otherBooks.createLedger('另一账套', '2024-01')).id;
  });
  afterAll(() => t.close());

  const ok: Line[] = [
    { accountCode: '10201', debit: '100.00' },
    { accountCode: '501', credit: '100.00' },
  ];

  describe('bad input: 4xx with a stable code, nothing written', () => {
    const cases: [string, () => Record<string, unknown>, number, string][] = [
      ['unbalanced', () => ({ date: '2024-02-01', memo: 'x', lines: [{ accountCode: '10201', debit: '100.00' }, { accountCode: '501', credit: '99.99' }] }), 400, 'VOUCHER_UNBALANCED'],
      ['a line with both sides', () => ({ date: '2024-02-01', memo: 'x', lines: [{ accountCode: '10201', debit: '100.00', credit: '100.00' }, { accountCode: '501', credit: '100.00' }] }), 400, 'LINE_BOTH_SIDES'],
      ['a line with neither side', () => ({ date: '2024-02-01', memo: 'x', lines: [{ accountCode: '10201' }, { accountCode: '501', credit: '100.00' }] }), 400, 'LINE_NO_AMOUNT'],
      ['zero', () => ({ date: '2024-02-01', memo: 'x', lines: [{ accountCode: '10201', debit: '0.00' }, { accountCode: '501', credit: '0.00' }] }), 400, 'INVALID_AMOUNT'],
      ['negative', () => ({ date: '2024-02-01', memo: 'x', lines: [{ accountCode: '10201', debit: '-100.00' }, { accountCode: '501', debit: '100.00' }] }), 400, 'INVALID_AMOUNT'],
      ['"1.005"', () => ({ date: '2024-02-01', memo: 'x', lines: [{ accountCode: '10201', debit: '1.005' }, { accountCode: '501', credit: '1.005' }] }), 400, 'INVALID_AMOUNT'],
      ['"1e3"', () => ({ date: '2024-02-01', memo: 'x', lines: [{ accountCode: '10201', debit: '1e3' }, { accountCode: '501', credit: '1000.00' }] }), 400, 'INVALID_AMOUNT'],
      ['"0.1e3"', () => ({ date: '2024-02-01', memo: 'x', lines: [{ accountCode: '10201', debit: '0.1e3' }, { accountCode: '501', credit: '100.00' }] }), 400, 'INVALID_AMOUNT'],
      ['"１００" (full-width)', () => ({ date: '2024-02-01', memo: 'x', lines: [{ accountCode: '10201', debit: '１００' }, { accountCode: '501', credit: '100.00' }] }), 400, 'INVALID_AMOUNT'],
      ['a number instead of a string', () => ({ date: '2024-02-01', memo: 'x', lines: [{ accountCode: '10201', debit: 100 }, { accountCode: '501', credit: '100.00' }] }), 400, 'INVALID_AMOUNT'],
      ['an unknown account', () => ({ date: '2024-02-01', memo: 'x', lines: [{ accountCode: '199', debit: '100.00' }, { accountCode: '501', credit: '100.00' }] }), 400, 'ACCOUNT_NOT_FOUND'],
      ['a non-leaf account', () => ({ date: '2024-02-01', memo: 'x', lines: [{ accountCode: '102', debit: '100.00' }, { accountCode: '501', credit: '100.00' }] }), 400, 'ACCOUNT_NOT_LEAF'],
      ['113 without counterparty', () => ({ date: '2024-02-01', memo: 'x', lines: [{ accountCode: '113', debit: '100.00' }, { accountCode: '501', credit: '100.00' }] }), 400, 'COUNTERPARTY_REQUIRED'],
      ['211 without counterparty', () => ({ date: '2024-02-01', memo: 'x', lines: [{ accountCode: '10201', debit: '100.00' }, { accountCode: '21199', credit: '100.00' }] }), 400, 'COUNTERPARTY_REQUIRED'],
      ['a date before the ledger starts', () => ({ date: '2023-12-31', memo: 'x', lines: ok }), 400, 'DATE_OUTSIDE_LEDGER'],
      ['an impossible date', () => ({ date: '2024-02-30', memo: 'x', lines: ok }), 400, 'INVALID_DATE'],
      ['a single line', () => ({ date: '2024-02-01', memo: 'x', lines: [ok[0]] }), 400, 'VALIDATION_FAILED'],
      ['an unknown field', () => ({ date: '2024-02-01', memo: 'x', lines: ok, approvedBy: 'me' }), 400, 'VALIDATION_FAILED'],
    ];
    it.each(cases)('%s', async (_label, body, status, code) => {
      const before = await counts();
      const res = await t.http().post(`${books.base}/${ledgerId}/vouchers`).set(bearer(world.tokens.accountant)).send(body());
      expect([res.status, res.body.code]).toEqual([status, code]);
      expect(await counts()).toEqual(before);
    });

    it('another organization’s ledger id is 404, and another organization in the path is 404', async () => {
      const before = await counts();
      const res = await t.http().post(`${books.base}/${otherLedgerId}/vouchers`).set(bearer(world.tokens.accountant)).send({ date: '2024-02-01', memo: 'x', lines: ok });
      expect([res.status, res.body.code]).toEqual([404, 'LEDGER_NOT_FOUND']);
      const cross = await t.http().get(`/api/v1/orgs/${world.otherUnionId}/ledgers/${otherLedgerId}/accounts`).set(bearer(world.tokens.accountant));
      expect([cross.status, cross.body.code]).toEqual([404, 'ORG_NOT_FOUND']);
      expect(await counts()).toEqual(before);
    });

    it('the lifecycle refuses: reviewer = preparer, posting an unreviewed draft, editing reviewed or posted vouchers, reversing twice', async () => {
      // An accountant who also holds the reviewer role cannot review their own voucher.
      await t.http().post(`/api/v1/users/${world.userIds.accountant}/grants`).set(bearer(world.tokens.admin)).send({ grants: [{ orgId: world.unionId, role: 'reviewer' }] });
      const own = await books.draft(ledgerId, '2024-02-01', '自审', ok);
      const selfReview = await t.http().post(`${books.base}/${ledgerId}/vouchers/${own.id}/review`).set(bearer(world.tokens.accountant));
      expect([selfReview.status, selfReview.body.code]).toEqual([403, 'REVIEWER_IS_PREPARER']);

      const unreviewed = await t.http().post(`${books.base}/${ledgerId}/vouchers/${own.id}/post`).set(bearer(world.tokens.accountant));
      expect([unreviewed.status, unreviewed.body.code]).toEqual([409, 'VOUCHER_NOT_REVIEWED']);

      await books.review(ledgerId, own.id);
      const editReviewed = await t.http().put(`${books.base}/${ledgerId}/vouchers/${own.id}`).set(bearer(world.tokens.accountant)).send({ date: '2024-02-01', memo: 'y', lines: ok });
      expect([editReviewed.status, editReviewed.body.code]).toEqual([409, 'VOUCHER_NOT_DRAFT']);
      await books.post(ledgerId, own.id);
      const editPosted = await t.http().put(`${books.base}/${ledgerId}/vouchers/${own.id}`).set(bearer(world.tokens.accountant)).send({ date: '2024-02-01', memo: 'y', lines: ok });
      expect([editPosted.status, editPosted.body.code]).toEqual([409, 'VOUCHER_NOT_DRAFT']);
      const deletePosted = await t.http().delete(`${books.base}/${ledgerId}/vouchers/${own.id}`).set(bearer(world.tokens.accountant));
      expect([deletePosted.status, deletePosted.body.code]).toEqual([409, 'VOUCHER_NOT_DRAFT']);

      const reversal = await t.http().post(`${books.base}/${ledgerId}/vouchers/${own.id}/reverse`).set(bearer(world.tokens.accountant)).send({ date: '2024-02-20' });
      expect(reversal.status).toBe(201);
      expect(reversal.body).toMatchObject({ status: 'posted', number: '记-0002', memo: '冲销 2024-02 记-0001', reversesId: own.id, totalDebit: '-100.00', totalCredit: '-100.00' });
      expect(reversal.body.lines.map((l: { accountCode: string; debit: string | null; credit: string | null }) => [l.accountCode, l.debit, l.credit])).toEqual([
        ['10201', '-100.00', null],
        ['501', null, '-100.00'],
      ]);
      const twice = await t.http().post(`${books.base}/${ledgerId}/vouchers/${own.id}/reverse`).set(bearer(world.tokens.accountant)).send({ date: '2024-02-21' });
      expect([twice.status, twice.body.code]).toEqual([409, 'VOUCHER_ALREADY_REVERSED']);
      const ofReversal = await t.http().post(`${books.base}/${ledgerId}/vouchers/${reversal.body.id}/reverse`).set(bearer(world.tokens.accountant)).send({ date: '2024-02-21' });
      expect([ofReversal.status, ofReversal.body.code]).toEqual([409, 'VOUCHER_IS_REVERSAL']);
      // Turnover of both accounts nets to zero.
      const tb = await books.trialBalance(ledgerId, '2024-02', '2024-02');
      expect(tb.rows.find((r: { code: string }) => r.code === '501')).toMatchObject({ debit: '0.00', credit: '0.00', closingCredit: '0.00' });
      const original = await t.http().get(`${books.base}/${ledgerId}/vouchers/${own.id}`).set(bearer(world.tokens.auditor));
      expect(original.body.reversedById).toBe(reversal.body.id);
    });

    it('a closed period takes no voucher; reopening needs the board and a reason, and is logged', async () => {
      await books.close(ledgerId, '2024-01');
      const before = await counts();
      const res = await t.http().post(`${books.base}/${ledgerId}/vouchers`).set(bearer(world.tokens.accountant)).send({ date: '2024-01-15', memo: 'x', lines: ok });
      expect([res.status, res.body.code]).toEqual([409, 'PERIOD_CLOSED']);
      expect(await counts()).toEqual(before);
      const byAccountant = await t.http().post(`${books.base}/${ledgerId}/periods/2024-01/reopen`).set(bearer(world.tokens.accountant)).send({ reason: '补记' });
      expect(byAccountant.status).toBe(403);
      const noReason = await t.http().post(`${books.base}/${ledgerId}/periods/2024-01/reopen`).set(bearer(world.tokens.board)).send({});
      expect([noReason.status, noReason.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      const reopened = await t.http().post(`${books.base}/${ledgerId}/periods/2024-01/reopen`).set(bearer(world.tokens.board)).send({ reason: '补记一月份漏记的租金' });
      expect(reopened.body).toMatchObject({ period: '2024-01', status: 'open' });
      const [log] = await t.sql<{ action: string; payload: unknown; actor_name: string }>(
        `SELECT action, payload, actor_name FROM audit_log WHERE org_id = $1 ORDER BY seq DESC LIMIT 1`,
        [world.unionId],
      );
      expect(log).toEqual({ action: 'period.reopened', payload: { reason: '补记一月份漏记的租金' }, actor_name: 'board' });
    });
  });

  describe('concurrency', () => {
    it('200 vouchers posted in parallel into one ledger-month get 记-0001…记-0200 exactly, no client sees an error', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 200; i++) {
        const v = await books.draft(ledgerId, '2024-05-10', `并发 ${i}`, ok);
        ids.push(v.id);
      }
      await Promise.all(ids.map((id) => books.review(ledgerId, id)));
      const results = await Promise.all(ids.map((id) => t.http().post(`${books.base}/${ledgerId}/vouchers/${id}/post`).set(bearer(world.tokens.accountant))));
      expect(results.filter((r) => r.status !== 200).map((r) => r.body)).toEqual([]);
      const numbers = results.map((r) => r.body.number as string).sort();
      expect(numbers).toEqual(Array.from({ length: 200 }, (_, i) => `记-${String(i + 1).padStart(4, '0')}`));
      const tb = await books.trialBalance(ledgerId, '2024-05', '2024-05');
      expect(tb.rows.find((r: { code: string }) => r.code === '501')).toMatchObject({ credit: '20000.00' });
    });

    it('50 parallel posts of one voucher post it once', async () => {
      const v = await books.draft(ledgerId, '2024-06-10', '重复记账', ok);
      await books.review(ledgerId, v.id);
      const results = await Promise.all(Array.from({ length: 50 }, () => t.http().post(`${books.base}/${ledgerId}/vouchers/${v.id}/post`).set(bearer(world.tokens.accountant))));
      expect(results.filter((r) => r.status === 200)).toHaveLength(1);
      expect(new Set(results.filter((r) => r.status !== 200).map((r) => `${r.status} ${r.body.code}`))).toEqual(new Set(['409 VOUCHER_ALREADY_POSTED']));
      const [row] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM vouchers WHERE ledger_id = $1 AND period = '2024-06' AND status = 'posted'`, [ledgerId]);
      expect(row.n).toBe(1);
      const integrity = await t.http().get(`${books.base}/${ledgerId}/integrity`).set(bearer(world.tokens.auditor));
      expect(integrity.body).toEqual(CLEAN_INTEGRITY);
    });
  });

  describe('the database itself', () => {
    it('refuses UPDATE and DELETE of posted vouchers and their lines', async () => {
      const [posted] = await t.sql<{ id: string }>(`SELECT id FROM vouchers WHERE ledger_id = $1 AND status = 'posted' LIMIT 1`, [ledgerId]);
      await expect(t.sql(`UPDATE journal_lines SET debit = debit + 1 WHERE voucher_id = $1 AND line_no = 1`, [posted.id])).rejects.toThrow(/VOUCHER_IMMUTABLE/);
      await expect(t.sql(`DELETE FROM journal_lines WHERE voucher_id = $1`, [posted.id])).rejects.toThrow(/VOUCHER_IMMUTABLE/);
      await expect(t.sql(`UPDATE vouchers SET memo = 'changed' WHERE id = $1`, [posted.id])).rejects.toThrow(/VOUCHER_IMMUTABLE/);
      await expect(t.sql(`DELETE FROM vouchers WHERE id = $1`, [posted.id])).rejects.toThrow(/VOUCHER_IMMUTABLE/);
    });

    it('rejects an unbalanced voucher at commit', async () => {
      const client = await t.db.pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(
          `INSERT INTO vouchers (org_id, id, ledger_id, period, voucher_date, memo, status, source) VALUES ($1, gen_random_uuid(), $2, '2024-07', '2024-07-01', 'sql', 'draft', 'manual')`,
          [world.unionId, ledgerId],
        );
        await client.query(
          `INSERT INTO journal_lines (org_id, voucher_id, line_no, ledger_id, account_code, debit, credit)
           SELECT org_id, id, n, ledger_id, CASE n WHEN 1 THEN '10201' ELSE '501' END, CASE n WHEN 1 THEN 100 ELSE 0 END, CASE n WHEN 2 THEN 99 ELSE 0 END
             FROM vouchers, generate_series(1, 2) n WHERE memo = 'sql'`,
        );
        await expect(client.query('COMMIT')).rejects.toThrow(/VOUCHER_UNBALANCED: debits 100.00 and credits 99.00 differ/);
      } finally {
        client.release();
      }
      expect(await t.sql(`SELECT id FROM vouchers WHERE memo = 'sql'`)).toEqual([]);
    });

    it('rejects posting into a closed period even when the application is bypassed', async () => {
      const v = await books.draft(ledgerId, '2024-08-05', '八月', ok);
      await books.review(ledgerId, v.id);
      await t.sql(`UPDATE periods SET status = 'closed' WHERE ledger_id = $1 AND period = '2024-08'`, [ledgerId]);
      await expect(t.sql(`UPDATE vouchers SET status = 'posted', number = 1 WHERE id = $1`, [v.id])).rejects.toThrow(/PERIOD_CLOSED/);
      const viaApi = await t.http().post(`${books.base}/${ledgerId}/vouchers/${v.id}/post`).set(bearer(world.tokens.accountant));
      expect([viaApi.status, viaApi.body.code]).toEqual([409, 'PERIOD_CLOSED']);
      await t.sql(`UPDATE periods SET status = 'open' WHERE ledger_id = $1 AND period = '2024-08'`, [ledgerId]);
    });

    it('rejects a negative line on an ordinary voucher', async () => {
      await expect(
        t.sql(
          `WITH v AS (INSERT INTO vouchers (org_id, id, ledger_id, period, voucher_date, memo, status, source) VALUES ($1, gen_random_uuid(), $2, '2024-07', '2024-07-01', 'neg', 'draft', 'manual') RETURNING org_id, id, ledger_id)
           INSERT INTO journal_lines (org_id, voucher_id, line_no, ledger_id, account_code, debit, credit) SELECT org_id, id, 1, ledger_id, '10201', -5, 0 FROM v`,
          [world.unionId, ledgerId],
        ),
      ).rejects.toThrow(/AMOUNT_NEGATIVE/);
    });
  });
});
