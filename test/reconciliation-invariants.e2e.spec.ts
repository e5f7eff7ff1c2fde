import { randomUUID } from 'node:crypto';
import { RequestContext } from '@app/core';
import { AccrualService } from '@app/contracts';
import { AssetsService } from '@app/assets';
import { bearer, seedWorld, startTestApp, TestApp, World } from './support/test-app.js';
import { booksClient, CLEAN_CHECKS, CLEAN_INTEGRITY } from './support/books.js';
import { idFor } from './support/shares.js';

/**
 * Issue 16 item 5: the reconciliation invariants of the 三资 registers with the books. Every line on
 * 151/152/154 (and their sub-accounts) carries a fixed-asset card — refused at draft (400
 * ASSET_REQUIRED) and by the posting trigger when the application is bypassed — and the ledger's
 * integrity check answers, besides its own, the registered checks: Σ cards' accumulated depreciation
 * = 152, Σ cards' cost = 151, lines carry cards, Σ rent schedule outstanding per counterparty = 112.
 * The tests run in order and build on each other.
 */
describe('reconciliation invariants: cards on 151/152/154, one integrity registry (issue 16 item 5)', () => {
  let t: TestApp;
  let world: World;
  let books: ReturnType<typeof booksClient>;
  let ledgerId: string;
  let cardId: string;
  const asSystem = <T>(fn: () => Promise<T>) => RequestContext.run({ requestId: 'test-reconciliation', principal: null }, fn);
  const integrity = async (ledger = ledgerId) => {
    const res = await t.http().get(`${books.base}/${ledger}/integrity`).set(bearer(world.tokens.auditor));
    expect(res.status).toBe(200);
    return res.body as typeof CLEAN_INTEGRITY;
  };
  const written = async () =>
    (
      await t.sql<Record<string, string>>(
        `SELECT (SELECT count(*) FROM vouchers) AS vouchers, (SELECT count(*) FROM journal_lines) AS lines, (SELECT count(*) FROM audit_log) AS audit,
                (SELECT coalesce(string_agg(period || ':' || last_voucher_number, ',' ORDER BY period), '') FROM periods WHERE ledger_id = $1) AS counters,
                (SELECT coalesce(sum(debit), 0)::text FROM account_balances WHERE ledger_id = $1) AS balances`,
        [ledgerId],
      )
    )[0];
  /** A draft written straight into the tables (one simple query: one transaction), as if the application had been bypassed. */
  const forceDraft = async (ledger: string, date: string, lines: { account: string; debit?: string; credit?: string; counterparty?: string }[]) => {
    const id = randomUUID();
    const values = lines
      .map((l, i) => `('${world.unionId}', '${id}', ${i + 1}, '${ledger}', '${l.account}', ${l.debit ?? '0'}, ${l.credit ?? '0'}, ${l.counterparty ? `'${l.counterparty}'` : 'NULL'})`)
      .join(', ');
    await t.sql(
      `INSERT INTO periods (org_id, ledger_id, period) VALUES ('${world.unionId}', '${ledger}', '${date.slice(0, 7)}') ON CONFLICT DO NOTHING;
       INSERT INTO vouchers (org_id, id, ledger_id, period, voucher_date, memo, attachments, status, source, prepared_by)
         VALUES ('${world.unionId}', '${id}', '${ledger}', '${date.slice(0, 7)}', '${date}', '绕过应用写入', 0, 'draft', 'manual', '${world.userIds.accountant}');
       INSERT INTO journal_lines (org_id, voucher_id, line_no, ledger_id, account_code, debit, credit, counterparty) VALUES ${values};`,
    );
    return id;
  };
  /** Review and post in SQL, as the application would, without it. */
  const forcePost = (id: string, number: number) =>
    t.sql(
      `UPDATE vouchers SET status = 'reviewed', reviewed_by = '${world.userIds.reviewer}' WHERE id = '${id}';
       UPDATE vouchers SET status = 'posted', number = ${number}, posted_by = '${world.userIds.accountant}', posted_at = now() WHERE id = '${id}';`,
    );

  beforeAll(async () => {
    t = await startTestApp();
    world = await seedWorld(t);
    books = booksClient(t, world);
    ledgerId = (await books.createLedger('集体经济账', '2024-01')).id;
    await books.addAccount(ledgerId, '10201', '农商银行', '102');
    await books.opening(ledgerId, [
      { accountCode: '10201', debit: '5000000.00' },
      { accountCode: '32202', credit: '5000000.00' },
    ]);
    const card = await t.http().post(`${books.base}/${ledgerId}/assets`).set(bearer(world.tokens.accountant)).send({
      cardNo: 'GZ-0001',
      name: '一号厂房',
      category: '房屋建筑物',
      purpose: 'leased',
      acquisitionType: 'purchase',
      creditAccountCode: '10201',
      cost: '1200000.00',
      salvageRate: '0.05',
      inServiceDate: '2024-01-15',
      method: 'straight_line',
      usefulLifeMonths: 240,
    });
    expect(card.status).toBe(201);
    cardId = card.body.id;
    expect(await asSystem(() => t.app.get(AssetsService).runMonth(world.unionId, ledgerId, '2024-02'))).toMatchObject({ total: '4750.00' });
  });
  afterAll(() => t.close());

  it('accounts carry needsAsset (151, 152, 154 and a sub-account of 154), decided once', async () => {
    await books.addAccount(ledgerId, '15401', '出售清理', '154');
    const res = await t.http().get(`${books.base}/${ledgerId}/accounts?limit=1000`).set(bearer(world.tokens.auditor));
    const flagged = (res.body.items as { code: string; needsAsset: boolean }[]).filter((a) => a.needsAsset).map((a) => a.code);
    expect(flagged).toEqual(['151', '152', '154', '15401']);
    expect(await t.sql(`SELECT code FROM accounts WHERE ledger_id = $1 AND needs_asset ORDER BY code`, [ledgerId])).toEqual([{ code: '151' }, { code: '152' }, { code: '154' }, { code: '15401' }]);
  });

  it('a line on 152 without a card is 400 ASSET_REQUIRED naming the line, and nothing is written', async () => {
    const before = await written();
    const res = await t.http().post(`${books.base}/${ledgerId}/vouchers`).set(bearer(world.tokens.accountant)).send({
      date: '2024-03-31',
      memo: '补提折旧',
      lines: [
        { accountCode: '511', debit: '100.00' },
        { accountCode: '152', credit: '100.00' },
      ],
    });
    expect([res.status, res.body.code, res.body.details]).toEqual([400, 'ASSET_REQUIRED', [{ field: 'lines[1].assetId', accountCode: '152' }]]);
    const sub = await t.http().post(`${books.base}/${ledgerId}/vouchers`).set(bearer(world.tokens.accountant)).send({
      date: '2024-03-31',
      memo: '清理费用',
      lines: [
        { accountCode: '15401', debit: '300.00' },
        { accountCode: '10201', credit: '300.00' },
      ],
    });
    expect([sub.status, sub.body.code, sub.body.details]).toEqual([400, 'ASSET_REQUIRED', [{ field: 'lines[0].assetId', accountCode: '15401' }]]);
    expect(await written()).toEqual(before);
    // With the card the same voucher drafts, and its view carries the card per line.
    const ok = await books.draft(ledgerId, '2024-03-31', '补提折旧', [{ accountCode: '511', debit: '100.00' }, { accountCode: '152', credit: '100.00', assetId: cardId }]);
    const view = await t.http().get(`${books.base}/${ledgerId}/vouchers/${ok.id}`).set(bearer(world.tokens.auditor));
    expect(view.body.lines.map((l: { accountCode: string; assetId: string | null }) => [l.accountCode, l.assetId])).toEqual([
      ['511', null],
      ['152', cardId],
    ]);
    expect((await t.http().delete(`${books.base}/${ledgerId}/vouchers/${ok.id}`).set(bearer(world.tokens.accountant))).status).toBe(204);
  });

  it('a card of another ledger is refused (the line’s card is of its ledger: Σ cards = 151/152 per ledger)', async () => {
    const other = (await books.createLedger('公益账', '2024-01')).id;
    const before = await written();
    const res = await t.http().post(`${books.base}/${other}/vouchers`).set(bearer(world.tokens.accountant)).send({
      date: '2024-03-31',
      memo: '借用别账的卡片',
      lines: [
        { accountCode: '513', debit: '100.00' },
        { accountCode: '152', credit: '100.00', assetId: cardId },
      ],
    });
    expect([res.status, res.body.code, res.body.details]).toEqual([400, 'REFERENCE_NOT_FOUND', { constraint: 'fk_journal_lines_asset_ledger' }]);
    const after = await written();
    expect([after.vouchers, after.lines, after.audit]).toEqual([before.vouchers, before.lines, before.audit]);
  });

  it('the same voucher forced into the tables by SQL: posting refuses it, in SQL and through the API, and nothing is written', async () => {
    const id = await forceDraft(ledgerId, '2024-03-31', [
      { account: '511', debit: '100.00' },
      { account: '152', credit: '100.00' },
    ]);
    await expect(forcePost(id, 99)).rejects.toThrow(/ASSET_REQUIRED: line 2 \(account 152\) of voucher/);
    expect(await t.sql(`SELECT status, number FROM vouchers WHERE id = $1`, [id])).toEqual([{ status: 'draft', number: null }]);
    await books.review(ledgerId, id);
    const before = await written();
    const post = await t.http().post(`${books.base}/${ledgerId}/vouchers/${id}/post`).set(bearer(world.tokens.accountant));
    expect([post.status, post.body.code]).toEqual([409, 'ASSET_REQUIRED']);
    expect(await written()).toEqual(before);
    expect(await t.sql(`SELECT status, number FROM vouchers WHERE id = $1`, [id])).toEqual([{ status: 'reviewed', number: null }]);
    // The integrity check still finds the books and the registers in agreement: nothing was posted.
    expect(await integrity()).toEqual(CLEAN_INTEGRITY);
  });

  it('a drift made by SQL (a card’s accumulated depreciation) shows as assets.accumulated_depreciation with the exact difference', async () => {
    await t.sql(`UPDATE fixed_assets SET accumulated = accumulated + 100.00 WHERE id = $1`, [cardId]);
    const report = await integrity();
    const difference = { account: '152', cards: '4850.00', books: '4750.00', difference: '100.00' };
    expect(report).toEqual({
      ...CLEAN_INTEGRITY,
      checks: CLEAN_CHECKS.map((c) => (c.name === 'assets.accumulated_depreciation' ? { name: c.name, ok: false, differences: [difference] } : c)),
      reconciled: false,
    });
    await t.sql(`UPDATE fixed_assets SET accumulated = accumulated - 100.00 WHERE id = $1`, [cardId]);
    expect(await integrity()).toEqual(CLEAN_INTEGRITY);
  });

  it('a 112 posting made by SQL without a rent schedule shows as contracts.receivables with the exact amounts', async () => {
    const contract = await t.http().post(`/api/v1/orgs/${world.unionId}/contracts`).set(bearer(world.tokens.accountant)).send({
      ledgerId,
      number: 'HT-2024-001',
      title: '2 号厂房租赁合同',
      parties: [{ kind: 'person', name: '张三', idCode: idFor(1) }],
      objects: [{ description: '第三工业区 2 号厂房', area: '1200.00' }],
      startDate: '2024-01-01',
      endDate: '2026-12-31',
      billingCycle: 'monthly',
      monthlyRent: '12000.00',
    });
    expect(contract.status).toBe(201);
    expect((await t.http().post(`/api/v1/orgs/${world.unionId}/contracts/${contract.body.id}/sign`).set(bearer(world.tokens.accountant)).send({ signedOn: '2023-12-20' })).status).toBe(200);
    expect(await asSystem(() => t.app.get(AccrualService).accrue(world.unionId, ledgerId, '2024-01'))).toMatchObject({ total: '12000.00' });
    expect(await integrity()).toEqual(CLEAN_INTEGRITY);
    const id = await forceDraft(ledgerId, '2024-01-31', [
      { account: '112', debit: '5000.00', counterparty: '张三（HT-2024-001）' },
      { account: '501', credit: '5000.00' },
    ]);
    const [{ n }] = await t.sql<{ n: number }>(`SELECT last_voucher_number + 1 AS n FROM periods WHERE ledger_id = $1 AND period = '2024-01'`, [ledgerId]);
    await t.sql(`UPDATE periods SET last_voucher_number = $2 WHERE ledger_id = $1 AND period = '2024-01'`, [ledgerId, n]);
    await forcePost(id, n);
    const report = await integrity();
    const difference = { accountCode: '112', counterparty: '张三（HT-2024-001）', schedule: '12000.00', books: '17000.00' };
    expect(report).toEqual({
      ...CLEAN_INTEGRITY,
      checks: CLEAN_CHECKS.map((c) => (c.name === 'contracts.receivables' ? { name: c.name, ok: false, differences: [difference] } : c)),
      reconciled: false,
    });
  });

  it('exceptions: imported historical books post 151 without a card, and so does their 红字 reversal; 151 then differs from the cards until reversed', async () => {
    const history = (await books.createLedger('历史账', '2024-01')).id;
    const imported = await t.http().post(`${books.base}/${history}/imports`).set(bearer(world.tokens.accountant)).send({
      vouchers: [{ date: '2024-01-10', memo: '购入仓库（历史账）', lines: [{ accountCode: '151', debit: '5000.00' }, { accountCode: '102', credit: '5000.00' }] }],
    });
    expect(imported.status).toBe(201);
    const [{ id }] = await t.sql<{ id: string }>(`SELECT id FROM vouchers WHERE ledger_id = $1 AND source = 'import' AND status = 'posted'`, [history]);
    const withCost = await integrity(history);
    expect(withCost.checks.filter((c) => !c.ok)).toEqual([{ name: 'assets.cost', ok: false, differences: [{ account: '151', cards: '0.00', books: '5000.00', difference: '-5000.00' }] }]);
    const reversal = await t.http().post(`${books.base}/${history}/vouchers/${id}/reverse`).set(bearer(world.tokens.accountant)).send({ date: '2024-02-01' });
    expect([reversal.status, reversal.body.lines[0].accountCode, reversal.body.lines[0].debit, reversal.body.lines[0].assetId]).toEqual([201, '151', '-5000.00', null]);
    expect(await integrity(history)).toEqual(CLEAN_INTEGRITY);
    const assets = await t.http().get(`${books.base}/${history}/assets/integrity`).set(bearer(world.tokens.auditor));
    expect(assets.body).toMatchObject({ ok: true, account151: '0.00', linesWithoutCard: 0, exemptLinesWithoutCard: 2 });
  });
});
