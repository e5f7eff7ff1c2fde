import pg from 'pg';
import { RequestContext } from '@app/core';
import { PeriodsService, VouchersService } from '@app/ledger';
import { bearer, seedWorld, startTestApp, TestApp, World } from './support/test-app.js';
import { booksClient } from './support/books.js';

/**
 * Issue 18: the statements one request of the posting path sends (BEGIN and COMMIT included),
 * counted at pg's Client.query, so that a change adding a round trip shows here. Requests run one
 * at a time and the test's own pool is not used while counting.
 */
describe('books: statements per request of draft → review → post (issue 18)', () => {
  let t: TestApp;
  let world: World;
  let books: ReturnType<typeof booksClient>;
  let ledgerId: string;
  const sent: string[] = [];
  const original = pg.Client.prototype.query;

  beforeAll(async () => {
    t = await startTestApp();
    world = await seedWorld(t);
    books = booksClient(t, world);
    ledgerId = (await books.createLedger('集体经济账', '2024-01')).id;
    // Warm-up: the month's period row and the organization's audit head exist, as in daily work.
    await books.book(ledgerId, '2024-03-01', '预热', [
      { accountCode: '101', debit: '1.00' },
      { accountCode: '501', credit: '1.00' },
    ]);
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const first = args[0] as string | { text?: string };
      sent.push(typeof first === 'string' ? first : (first?.text ?? '?'));
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof original;
  });
  afterAll(async () => {
    pg.Client.prototype.query = original;
    await t.close();
  });

  const counted = async <T>(work: () => Promise<T>): Promise<{ result: T; statements: string[] }> => {
    sent.length = 0;
    const result = await work();
    return { result, statements: sent.splice(0) };
  };

  it('drafts, reviews and posts a 2-line voucher in the counted statements, with the same answers', async () => {
    const base = `/api/v1/orgs/${world.unionId}/ledgers/${ledgerId}/vouchers`;
    const draft = await counted(() =>
      t
        .http()
        .post(base)
        .set(bearer(world.tokens.accountant))
        .send({ date: '2024-03-02', memo: '收到租金', lines: [{ accountCode: '101', debit: '4750.00' }, { accountCode: '501', credit: '4750.00' }] }),
    );
    expect(draft.result.status).toBe(201);
    const id = draft.result.body.id as string;
    expect(draft.result.body).toMatchObject({ status: 'draft', number: null, totalDebit: '4750.00', totalCredit: '4750.00', reversedById: null });
    const review = await counted(() => t.http().post(`${base}/${id}/review`).set(bearer(world.tokens.reviewer)));
    expect(review.result.status).toBe(200);
    expect(review.result.body).toMatchObject({ status: 'reviewed', reviewedBy: world.userIds.reviewer, totalDebit: '4750.00' });
    const post = await counted(() => t.http().post(`${base}/${id}/post`).set(bearer(world.tokens.accountant)));
    expect(post.result.status).toBe(200);
    expect(post.result.body).toMatchObject({ status: 'posted', number: '记-0002', postedBy: world.userIds.accountant, reversedById: null, totalCredit: '4750.00' });
    expect(post.result.body.lines).toEqual([
      { lineNo: 1, accountCode: '101', debit: '4750.00', credit: null, memo: null, shareholderId: null, householdId: null, counterparty: null, assetId: null },
      { lineNo: 2, accountCode: '501', debit: null, credit: '4750.00', memo: null, shareholderId: null, householdId: null, counterparty: null, assetId: null },
    ]);
    const counts = { draft: draft.statements.length, review: review.statements.length, post: post.statements.length };
    // Before issue 18's work: 15, 12 and 26; 9, 8, 8 before the access guard read the caller and the
    // organization in one statement (bench/README.md, Books, lists what each step removed).
    expect(counts).toEqual({ draft: 8, review: 7, post: 7 });
    // The serialization points stay: the month's row is locked by the numbering, the chain head by the audit append.
    expect(post.statements.filter((q) => /UPDATE periods SET last_voucher_number/.test(q))).toHaveLength(1);
    for (const s of [draft, review, post]) expect(s.statements.filter((q) => /INSERT INTO audit_heads .* DO UPDATE/s.test(q))).toHaveLength(1);
    // The state hashes written from the same round trip verify against the rows.
    const verify = await t.http().get(`/api/v1/orgs/${world.unionId}/audit-log/verify`).set(bearer(world.tokens.auditor));
    expect([verify.status, verify.body.ok]).toEqual([200, true]);
  });

  it('posts several system vouchers in one pass: numbered in the order given, one numbering per month, one audit append', async () => {
    const vouchers = t.app.get(VouchersService);
    const orgId = world.unionId;
    const as = <T>(fn: () => Promise<T>) =>
      RequestContext.run({ requestId: 'system-vouchers', principal: { userId: world.userIds.accountant, username: 'accountant', isAdmin: false, grants: [], shareholderId: null } }, fn);
    const v = (date: string, memo: string, amount: string) => ({
      date,
      memo,
      source: 'distribution' as const,
      sourceRef: 'statements-test',
      lines: [
        { accountCode: '101', debit: amount },
        { accountCode: '501', credit: amount },
      ],
    });
    const posted = await counted(() => as(() => vouchers.postSystemVouchers(orgId, ledgerId, [v('2024-03-31', '甲', '1.10'), v('2024-04-30', '乙', '2.20'), v('2024-03-31', '丙', '3.30')])));
    // March had 记-0001 (warm-up) and 记-0002 (the first test): 甲 and 丙 take 3 and 4 in the order given; April starts at 1.
    const rows = await t.sql<{ memo: string; period: string; number: number; status: string; lines: string }>(
      `SELECT v.memo, v.period, v.number, v.status, string_agg(l.line_no || ':' || l.account_code || ':' || l.debit::text || '/' || l.credit::text, ' ' ORDER BY l.line_no) AS lines
         FROM vouchers v JOIN journal_lines l ON l.org_id = v.org_id AND l.voucher_id = v.id
        WHERE v.org_id = $1 AND v.id = ANY($2) GROUP BY v.org_id, v.id ORDER BY v.memo`,
      [orgId, posted.result.map((p) => p.id)],
    );
    expect(rows).toEqual([
      { memo: '丙', period: '2024-03', number: 4, status: 'posted', lines: '1:101:3.30/0.00 2:501:0.00/3.30' },
      { memo: '乙', period: '2024-04', number: 1, status: 'posted', lines: '1:101:2.20/0.00 2:501:0.00/2.20' },
      { memo: '甲', period: '2024-03', number: 3, status: 'posted', lines: '1:101:1.10/0.00 2:501:0.00/1.10' },
    ]);
    expect(posted.result.map((p) => p.number)).toEqual([3, 1, 4]);
    // BEGIN, a check per month (2), the drafts, their lines, a numbering per month (2), the head with three state hashes, the three entries, COMMIT.
    expect(posted.statements).toHaveLength(10);
    expect(posted.statements.filter((q) => /UPDATE periods SET last_voucher_number/.test(q))).toHaveLength(2);
    expect(posted.statements.filter((q) => /INSERT INTO audit_heads .* DO UPDATE/s.test(q))).toHaveLength(1);
    const audit = await t.sql<{ action: string; entity_id: string; state_hash: string | null }>(
      `SELECT action, entity_id, state_hash FROM audit_log WHERE org_id = $1 AND entity_id = ANY($2) ORDER BY seq`,
      [orgId, posted.result.map((p) => p.id)],
    );
    expect(audit.map((a) => [a.action, a.entity_id, a.state_hash?.length])).toEqual(posted.result.map((p) => ['voucher.posted', p.id, 64]));
    const verify = await t.http().get(`/api/v1/orgs/${orgId}/audit-log/verify`).set(bearer(world.tokens.auditor));
    expect([verify.status, verify.body.ok]).toEqual([200, true]);

    // A closed month among them: nothing of the pass is written, the earlier month's voucher included.
    await as(() => t.app.get(PeriodsService).close(orgId, ledgerId, '2024-01'));
    const before = await t.sql<{ n: string }>(`SELECT count(*)::text AS n FROM vouchers WHERE org_id = $1`, [orgId]);
    await expect(as(() => vouchers.postSystemVouchers(orgId, ledgerId, [v('2024-05-31', '丁', '4.40'), v('2024-01-31', '戊', '5.50')]))).rejects.toMatchObject({ code: 'PERIOD_CLOSED', status: 409 });
    await expect(as(() => vouchers.postSystemVouchers(orgId, ledgerId, [v('2024-05-31', '丁', '4.40'), { ...v('2024-05-31', '己', '6.60'), lines: [{ accountCode: '101', debit: '6.60' }, { accountCode: '9999', credit: '6.60' }] }]))).rejects.toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
    expect(await t.sql(`SELECT count(*)::text AS n FROM vouchers WHERE org_id = $1`, [orgId])).toEqual(before);
  });
});
