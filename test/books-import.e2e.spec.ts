import { BooksImportService } from '@app/ledger';
import { RequestContext } from '@app/core';
import { bearer, seedWorld, startTestApp, TestApp, World } from './support/test-app.js';
import { booksClient, CLEAN_INTEGRITY } from './support/books.js';
import { allPages } from './support/pages.js';

/** Bulk import (issue 7): POST …/ledgers/{ledgerId}/imports. The tests run in order and build on each other. */
describe('books: bulk import of opening balances and historical vouchers', () => {
  let t: TestApp;
  let world: World;
  let books: ReturnType<typeof booksClient>;
  let ledgerId: string;

  beforeAll(async () => {
    t = await startTestApp();
    world = await seedWorld(t);
    books = booksClient(t, world);
    ledgerId = (await books.createLedger('历史账', '2024-01')).id;
    await books.addAccount(ledgerId, '10201', '工商银行', '102');
  });
  afterAll(() => t.close());

  const send = (body: unknown, opts: { token?: string; key?: string; orgId?: string; ledger?: string } = {}) => {
    const req = t
      .http()
      .post(`/api/v1/orgs/${opts.orgId ?? world.unionId}/ledgers/${opts.ledger ?? ledgerId}/imports`)
      .set(bearer(opts.token ?? world.tokens.accountant));
    return (opts.key ? req.set('Idempotency-Key', opts.key) : req).send(body as object);
  };

  /** Everything an import writes, to show that a refused one wrote nothing. */
  const state = async () =>
    (
      await t.sql<Record<string, string>>(
        `SELECT (SELECT count(*) FROM vouchers) AS vouchers, (SELECT count(*) FROM journal_lines) AS lines,
                (SELECT count(*) FROM audit_log) AS audit, (SELECT count(*) FROM opening_balances) AS opening,
                (SELECT coalesce(string_agg(period || ':' || last_voucher_number, ',' ORDER BY period), '') FROM periods WHERE ledger_id = $1) AS counters,
                (SELECT coalesce(sum(debit), 0)::text FROM account_balances WHERE ledger_id = $1) AS balances`,
        [ledgerId],
      )
    )[0];

  const row = (tb: { rows: { code: string }[] }, code: string) => tb.rows.find((r) => r.code === code);

  const HISTORY = {
    openingBalances: [
      { accountCode: '101', debit: '50000.00' },
      { accountCode: '10201', debit: '1450000.00' },
      { accountCode: '311', credit: '1000000.00' },
      { accountCode: '32202', credit: '500000' },
    ],
    vouchers: [
      { date: '2024-02-10', memo: '收到二月租金', lines: [{ accountCode: '10201', debit: '80000.00' }, { accountCode: '501', credit: '80000.00' }] },
      { date: '2024-01-20', memo: '支付一月管理费', attachments: 2, lines: [{ accountCode: '513', debit: '12345.67', memo: '物业费' }, { accountCode: '10201', credit: '12345.67' }] },
      { date: '2024-01-05', memo: '收到厂房租金', lines: [{ accountCode: '10201', debit: '100000.00' }, { accountCode: '501', credit: '100000' }] },
      {
        date: '2024-03-31',
        memo: '计提应付工程款',
        lines: [
          { accountCode: '511', debit: '30000.00' },
          { accountCode: '512', debit: '1500.00' },
          { accountCode: '21101', credit: '31500.00', counterparty: '东城建筑公司' },
        ],
      },
      { date: '2024-01-20', memo: '库存现金存入银行', lines: [{ accountCode: '10201', debit: '20000.00' }, { accountCode: '101', credit: '20000.00' }] },
    ],
  };

  let importId: string;

  it('imports opening balances and vouchers across months: posted, numbered in date order, the trial balance exact, integrity clean', async () => {
    const res = await send(HISTORY);
    expect(res.status).toBe(201);
    importId = res.body.importId;
    expect(res.body).toEqual({
      importId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      ledgerId,
      vouchers: 5,
      lines: 11,
      debit: '243845.67',
      credit: '243845.67',
      periods: [
        { period: '2024-01', vouchers: 3, first: '记-0001', last: '记-0003' },
        { period: '2024-02', vouchers: 1, first: '记-0001', last: '记-0001' },
        { period: '2024-03', vouchers: 1, first: '记-0001', last: '记-0001' },
      ],
      openingBalances: { lines: 4, debit: '1500000.00', credit: '1500000.00' },
    });

    // Posted history: source import, prepared and posted by the importer, no reviewer.
    const vouchers = await t.sql<{ memo: string; period: string; number: number; status: string; source: string; source_ref: string; prepared_by: string; reviewed_by: string | null; posted_by: string; attachments: number }>(
      `SELECT memo, period, number, status, source, source_ref, prepared_by, reviewed_by, posted_by, attachments FROM vouchers WHERE ledger_id = $1 ORDER BY period, number`,
      [ledgerId],
    );
    expect(vouchers.map((v) => `${v.period} ${v.number} ${v.memo}`)).toEqual([
      '2024-01 1 收到厂房租金',
      '2024-01 2 支付一月管理费',
      '2024-01 3 库存现金存入银行',
      '2024-02 1 收到二月租金',
      '2024-03 1 计提应付工程款',
    ]);
    for (const v of vouchers) {
      expect(v).toMatchObject({ status: 'posted', source: 'import', source_ref: `import:${importId}`, prepared_by: world.userIds.accountant, reviewed_by: null, posted_by: world.userIds.accountant });
    }
    expect(vouchers[1].attachments).toBe(2);
    const view = (await t.http().get(`${books.base}/${ledgerId}/vouchers?period=2024-03`).set(bearer(world.tokens.auditor))).body.items;
    expect(view).toHaveLength(1);
    expect(view[0]).toMatchObject({ number: '记-0001', status: 'posted', source: 'import', totalDebit: '31500.00', totalCredit: '31500.00' });
    expect(view[0].lines[2]).toMatchObject({ lineNo: 3, accountCode: '21101', debit: null, credit: '31500.00', counterparty: '东城建筑公司' });

    const tb = await books.trialBalance(ledgerId, '2024-01', '2024-03');
    expect(tb.totals).toEqual({
      openingDebit: '1500000.00',
      openingCredit: '1500000.00',
      debit: '243845.67',
      credit: '243845.67',
      ytdDebit: '243845.67',
      ytdCredit: '243845.67',
      closingDebit: '1711500.00',
      closingCredit: '1711500.00',
    });
    expect(tb.balanced).toBe(true);
    expect(row(tb, '101')).toMatchObject({ openingDebit: '50000.00', debit: '0.00', credit: '20000.00', closingDebit: '30000.00', closingCredit: '0.00' });
    expect(row(tb, '102')).toMatchObject({ openingDebit: '1450000.00', debit: '200000.00', credit: '12345.67', closingDebit: '1637654.33' });
    expect(row(tb, '211')).toMatchObject({ credit: '31500.00', closingCredit: '31500.00' });
    expect(row(tb, '501')).toMatchObject({ credit: '180000.00', closingCredit: '180000.00' });
    expect(row(tb, '513')).toMatchObject({ debit: '12345.67', closingDebit: '12345.67' });
    expect(row(tb, '322')).toMatchObject({ openingCredit: '500000.00', closingCredit: '500000.00' });
    const jan = await books.trialBalance(ledgerId, '2024-01', '2024-01');
    expect(jan.totals).toMatchObject({ debit: '132345.67', credit: '132345.67' });

    const integrity = await t.http().get(`${books.base}/${ledgerId}/integrity`).set(bearer(world.tokens.auditor));
    expect(integrity.body).toEqual(CLEAN_INTEGRITY);
  });

  it('is audited as one import entry (plus the opening balances, their own audited entity), and the chain verifies', async () => {
    const log = (await t.http().get(`/api/v1/orgs/${world.unionId}/audit-log?limit=3`).set(bearer(world.tokens.auditor))).body.items as { action: string; entity: string; entityId: string; payload: any; actorName: string }[];
    expect(log.map((e) => e.action).slice(0, 2).sort()).toEqual(['ledger.imported', 'ledger.opening_balances_set']);
    const entry = log.find((e) => e.action === 'ledger.imported')!;
    expect(entry).toMatchObject({ entity: 'voucher_import', entityId: importId, actorName: 'accountant' });
    expect(entry.payload).toMatchObject({ vouchers: 5, lines: 11, debit: '243845.67', openingBalances: { lines: 4, debit: '1500000.00' } });
    expect(log.find((e) => e.action === 'ledger.opening_balances_set')).toMatchObject({ entity: 'opening_balances', entityId: ledgerId, payload: { via: `import ${importId}` } });
    const verify = await t.http().get(`/api/v1/orgs/${world.unionId}/audit-log/verify`).set(bearer(world.tokens.auditor));
    expect(verify.body).toMatchObject({ ok: true, firstBadId: null });
  });

  it('an imported line changed behind the triggers shows in the audit verification at the import entry', async () => {
    const [entry] = await t.sql<{ seq: string }>(`SELECT seq::text FROM audit_log WHERE action = 'ledger.imported' AND entity_id = $1`, [importId]);
    const client = await t.db.pool.connect();
    try {
      await client.query(`SET session_replication_role = replica`);
      await client.query(`UPDATE journal_lines SET memo = '改过' WHERE memo = '物业费'`);
      const tampered = await t.http().get(`/api/v1/orgs/${world.unionId}/audit-log/verify`).set(bearer(world.tokens.auditor));
      expect(tampered.body).toMatchObject({ ok: false, firstBadId: entry.seq });
      await client.query(`UPDATE journal_lines SET memo = '物业费' WHERE memo = '改过'`);
    } finally {
      await client.query(`SET session_replication_role = DEFAULT`);
      client.release();
    }
    expect((await t.http().get(`/api/v1/orgs/${world.unionId}/audit-log/verify`).set(bearer(world.tokens.auditor))).body.ok).toBe(true);
  });

  it('numbering continues after the vouchers already posted in a month, and posting continues after the import', async () => {
    const booked = await books.book(ledgerId, '2024-04-10', '四月手工凭证', [{ accountCode: '101', debit: '10.00' }, { accountCode: '501', credit: '10.00' }]);
    expect(booked.number).toBe('记-0001');
    const res = await send({
      vouchers: [
        { date: '2024-04-25', memo: '四月下旬', lines: [{ accountCode: '10201', debit: '300.00' }, { accountCode: '501', credit: '300.00' }] },
        { date: '2024-04-02', memo: '四月上旬', lines: [{ accountCode: '10201', debit: '200.00' }, { accountCode: '501', credit: '200.00' }] },
        { date: '2024-01-31', memo: '一月补录', lines: [{ accountCode: '513', debit: '0.01' }, { accountCode: '101', credit: '0.01' }] },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body.periods).toEqual([
      { period: '2024-01', vouchers: 1, first: '记-0004', last: '记-0004' },
      { period: '2024-04', vouchers: 2, first: '记-0002', last: '记-0003' },
    ]);
    expect(res.body.openingBalances).toBeNull();
    const april = await t.sql<{ number: number; memo: string }>(`SELECT number, memo FROM vouchers WHERE ledger_id = $1 AND period = '2024-04' ORDER BY number`, [ledgerId]);
    expect(april).toEqual([
      { number: 1, memo: '四月手工凭证' },
      { number: 2, memo: '四月上旬' },
      { number: 3, memo: '四月下旬' },
    ]);
    const next = await books.book(ledgerId, '2024-04-30', '四月末', [{ accountCode: '101', debit: '1.00' }, { accountCode: '501', credit: '1.00' }]);
    expect(next.number).toBe('记-0004');
    const periods = await allPages<{ period: string; vouchers: number }>(t, `${books.base}/${ledgerId}/periods`, world.tokens.auditor);
    expect(periods.find((p) => p.period === '2024-01')?.vouchers).toBe(4);
    expect(periods.find((p) => p.period === '2024-04')?.vouchers).toBe(4);
    const tb = await books.trialBalance(ledgerId, '2024-01', '2024-04');
    expect(tb.totals).toMatchObject({ debit: '244356.68', credit: '244356.68', closingDebit: '1712011.00', closingCredit: '1712011.00' });
    expect((await t.http().get(`${books.base}/${ledgerId}/integrity`).set(bearer(world.tokens.auditor))).body.ok).toBe(true);
  });

  describe('refuses bad input with a stable code and the offending index, and writes nothing', () => {
    const ok = (memo = '正常') => ({ date: '2024-05-10', memo, lines: [{ accountCode: '10201', debit: '100.00' }, { accountCode: '501', credit: '100.00' }] });
    const cases: [string, unknown, number, string, Record<string, unknown>][] = [
      [
        'an unbalanced voucher',
        { vouchers: [ok(), { date: '2024-05-11', memo: '不平', lines: [{ accountCode: '10201', debit: '100.00' }, { accountCode: '501', credit: '99.99' }] }] },
        400,
        'VOUCHER_UNBALANCED',
        { voucher: 1, field: 'vouchers[1]' },
      ],
      [
        'a parent (non-leaf) account',
        { vouchers: [ok(), ok(), { date: '2024-05-12', memo: '非末级', lines: [{ accountCode: '101', debit: '5.00' }, { accountCode: '102', credit: '5.00' }] }] },
        400,
        'ACCOUNT_NOT_LEAF',
        { voucher: 2, line: 1, field: 'vouchers[2].lines[1].accountCode' },
      ],
      [
        "an exponent ('0.1e3') as an amount",
        { vouchers: [{ date: '2024-05-12', memo: '指数', lines: [{ accountCode: '101', debit: '0.1e3' }, { accountCode: '501', credit: '100.00' }] }] },
        400,
        'INVALID_AMOUNT',
        { voucher: 0, line: 0, field: 'vouchers[0].lines[0].debit' },
      ],
      [
        'three decimals',
        { vouchers: [ok(), { date: '2024-05-12', memo: '三位小数', lines: [{ accountCode: '101', debit: '1.005' }, { accountCode: '501', credit: '1.005' }] }] },
        400,
        'INVALID_AMOUNT',
        { voucher: 1, line: 0, field: 'vouchers[1].lines[0].debit' },
      ],
      [
        'a JSON number as an amount',
        { vouchers: [{ date: '2024-05-12', memo: '数字', lines: [{ accountCode: '101', debit: 100 }, { accountCode: '501', credit: '100.00' }] }] },
        400,
        'INVALID_AMOUNT',
        { voucher: 0, line: 0 },
      ],
      [
        'a payable without its counterparty',
        { vouchers: [{ date: '2024-05-12', memo: '应付', lines: [{ accountCode: '511', debit: '1.00' }, { accountCode: '21101', credit: '1.00' }] }] },
        400,
        'COUNTERPARTY_REQUIRED',
        { voucher: 0, line: 1 },
      ],
      [
        'an account the ledger does not have',
        { vouchers: [{ date: '2024-05-12', memo: '无此科目', lines: [{ accountCode: '999', debit: '1.00' }, { accountCode: '501', credit: '1.00' }] }] },
        400,
        'ACCOUNT_NOT_FOUND',
        { voucher: 0, line: 0 },
      ],
      ['a date that does not exist', { vouchers: [{ ...ok(), date: '2024-02-30' }] }, 400, 'INVALID_DATE', { voucher: 0, field: 'vouchers[0].date' }],
      ['a date before the ledger starts', { vouchers: [ok(), { ...ok(), date: '2023-12-31' }] }, 400, 'DATE_OUTSIDE_LEDGER', { voucher: 1 }],
      ['a voucher with one line', { vouchers: [{ date: '2024-05-12', memo: '单行', lines: [{ accountCode: '101', debit: '1.00' }] }] }, 400, 'VOUCHER_TOO_FEW_LINES', { voucher: 0 }],
      [
        'a line with both sides',
        { vouchers: [{ date: '2024-05-12', memo: '双向', lines: [{ accountCode: '101', debit: '1.00', credit: '1.00' }, { accountCode: '501', credit: '1.00' }] }] },
        400,
        'LINE_BOTH_SIDES',
        { voucher: 0, line: 0 },
      ],
      [
        'an unknown field',
        { vouchers: [{ ...ok(), lines: [{ accountCode: '10201', amount: '1.00', debit: '1.00' }, { accountCode: '501', credit: '1.00' }] }] },
        400,
        'VALIDATION_FAILED',
        { voucher: 0, line: 0, field: 'vouchers[0].lines[0].amount' },
      ],
      ['a missing memo', { vouchers: [{ date: '2024-05-12', lines: ok().lines }] }, 400, 'VALIDATION_FAILED', { voucher: 0, field: 'vouchers[0].memo' }],
      ['no vouchers array', { openingBalances: [] , vouchers: 'x' }, 400, 'VALIDATION_FAILED', { field: 'vouchers' }],
      [
        'opening balances once vouchers are posted',
        { openingBalances: [{ accountCode: '101', debit: '1.00' }, { accountCode: '311', credit: '1.00' }], vouchers: [ok()] },
        409,
        'OPENING_LOCKED',
        {},
      ],
      [
        'unbalanced opening balances',
        { openingBalances: [{ accountCode: '101', debit: '1.00' }, { accountCode: '311', credit: '2.00' }], vouchers: [] },
        400,
        'OPENING_UNBALANCED',
        { field: 'openingBalances' },
      ],
    ];

    it.each(cases)('%s', async (_what, body, status, code, where) => {
      const before = await state();
      const res = await send(body);
      expect([res.status, res.body.code]).toEqual([status, code]);
      if (Object.keys(where).length > 0) expect(res.body.details[0]).toMatchObject({ code, ...where });
      expect(await state()).toEqual(before);
    });

    it('reports every problem of the batch, not only the first', async () => {
      const res = await send({
        vouchers: [
          ok(),
          { date: '2024-05-12', memo: '一', lines: [{ accountCode: '101', debit: '1.001' }, { accountCode: '501', credit: '1.00' }] },
          ok(),
          { date: '2024-05-13', memo: '二', lines: [{ accountCode: '101', debit: '2.00' }, { accountCode: '501', credit: '3.00' }] },
        ],
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('INVALID_AMOUNT');
      expect(res.body.details.map((d: { code: string; voucher: number }) => `${d.voucher} ${d.code}`)).toEqual(['1 INVALID_AMOUNT', '3 VOUCHER_UNBALANCED']);
      expect(res.body.message).toMatch(/and 1 more problem/);
    });

    it('more than 50,000 lines is 413 IMPORT_TOO_LARGE', async () => {
      const before = await state();
      const vouchers = Array.from({ length: 25_001 }, () => ok());
      const res = await send({ vouchers });
      expect([res.status, res.body.code]).toEqual([413, 'IMPORT_TOO_LARGE']);
      expect(res.body.details).toEqual({ lines: 50_002, max: 50_000 });
      expect(await state()).toEqual(before);
    });

    it('a closed month is 409 PERIOD_CLOSED, and the vouchers of open months in the same import are not written either', async () => {
      await books.close(ledgerId, '2024-01');
      const before = await state();
      const res = await send({ vouchers: [ok('五月'), { ...ok('一月'), date: '2024-01-15' }] });
      expect([res.status, res.body.code]).toEqual([409, 'PERIOD_CLOSED']);
      expect(res.body.details).toEqual([{ code: 'PERIOD_CLOSED', voucher: 1, field: 'vouchers[1].date', message: 'vouchers[1].date 2024-01-15: period 2024-01 is closed' }]);
      expect(await state()).toEqual(before);
    });
  });

  it('the same Idempotency-Key replays the first answer and imports once; with another body it is 422', async () => {
    const body = { vouchers: [{ date: '2024-06-01', memo: '幂等导入', lines: [{ accountCode: '10201', debit: '1.00' }, { accountCode: '501', credit: '1.00' }] }] };
    const first = await send(body, { key: 'import-june' });
    expect(first.status).toBe(201);
    const before = await state();
    const replay = await send(body, { key: 'import-june' });
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.text).toBe(first.text);
    expect(await state()).toEqual(before);
    const other = await send({ vouchers: [{ ...body.vouchers[0], memo: '另一个' }] }, { key: 'import-june' });
    expect([other.status, other.body.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    expect(await state()).toEqual(before);
  });

  it('is the accountant’s: the auditor gets 403, another organization’s accountant 404, another organization’s ledger is 404', async () => {
    const body = { vouchers: [{ date: '2024-06-02', memo: '权限', lines: [{ accountCode: '101', debit: '1.00' }, { accountCode: '501', credit: '1.00' }] }] };
    const otherLedger = await t
      .http()
      .post(`/api/v1/orgs/${world.otherUnionId}/ledgers`)
      .set(bearer(world.tokens.otherAccountant))
      .send({ name: '别社账', kind: 'collective', chart: '2023', startPeriod: '2024-01' });
    expect(otherLedger.status).toBe(201);
    const before = await state();
    expect((await send(body, { token: world.tokens.auditor })).status).toBe(403);
    expect((await send(body, { token: world.tokens.cashier })).status).toBe(403);
    const outsider = await send(body, { token: world.tokens.otherAccountant });
    expect([outsider.status, outsider.body.code]).toEqual([404, 'ORG_NOT_FOUND']);
    const viaOwnOrg = await send(body, { ledger: otherLedger.body.id });
    expect([viaOwnOrg.status, viaOwnOrg.body.code]).toEqual([404, 'LEDGER_NOT_FOUND']);
    expect(await state()).toEqual(before);
  });

  it('the CLI path (importFile) writes a file of any size in batches, still one transaction and one audit entry', async () => {
    const ledger = (await books.createLedger('导入文件账', '2024-01')).id;
    const vouchers = Array.from({ length: 7 }, (_, i) => ({
      date: `2024-0${1 + (i % 2)}-${String(10 + i).padStart(2, '0')}`,
      memo: `文件凭证 ${i}`,
      lines: [{ accountCode: '101', debit: `${i + 1}.00` }, { accountCode: '501', credit: `${i + 1}.00` }],
    }));
    const service = t.app.get(BooksImportService);
    const auditBefore = Number((await t.sql<{ n: string }>(`SELECT count(*) AS n FROM audit_log`))[0].n);
    const summary = await RequestContext.run({ requestId: 'test-cli-import', principal: null }, () => service.importFile(world.unionId, ledger, { vouchers }, world.userIds.accountant, 4));
    expect(summary).toMatchObject({ vouchers: 7, lines: 14, debit: '28.00', periods: [{ period: '2024-01', vouchers: 4, first: '记-0001', last: '记-0004' }, { period: '2024-02', vouchers: 3, first: '记-0001', last: '记-0003' }] });
    expect(Number((await t.sql<{ n: string }>(`SELECT count(*) AS n FROM audit_log`))[0].n)).toBe(auditBefore + 1);
    expect((await t.http().get(`${books.base}/${ledger}/integrity`).set(bearer(world.tokens.auditor))).body.ok).toBe(true);
    // A problem anywhere refuses the whole file, with its index in the file.
    const bad = [...vouchers, { ...vouchers[0], lines: [{ accountCode: '101', debit: '1.00' }, { accountCode: '501', credit: '2.00' }] }];
    await expect(
      RequestContext.run({ requestId: 'test-cli-import-2', principal: null }, () => service.importFile(world.unionId, ledger, { vouchers: bad }, world.userIds.accountant, 4)),
    ).rejects.toMatchObject({ code: 'VOUCHER_UNBALANCED', details: [{ voucher: 7 }] });
    expect(Number((await t.sql<{ n: string }>(`SELECT count(*) AS n FROM vouchers WHERE ledger_id = $1`, [ledger]))[0].n)).toBe(7);
  });

  describe('the database keeps the rules in bulk mode (cl.books_bulk), checking each INSERT statement', () => {
    const inBulkMode = async (sql: string) => {
      const client = await t.db.pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(`SELECT set_config('cl.books_bulk', 'on', true)`);
        await client.query(sql, [world.unionId, ledgerId]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
    };
    const voucher = (memo: string) =>
      `INSERT INTO vouchers (org_id, id, ledger_id, period, voucher_date, memo, status, source) VALUES ($1, gen_random_uuid(), $2, '2024-07', '2024-07-01', '${memo}', 'draft', 'import') RETURNING org_id, id, ledger_id`;
    const lines = (rows: string) =>
      `INSERT INTO journal_lines (org_id, voucher_id, line_no, ledger_id, account_code, debit, credit) SELECT v.org_id, v.id, l.n, v.ledger_id, l.code, l.d, l.c FROM v, (VALUES ${rows}) AS l(n, code, d, c)`;

    it('a voucher without its lines in the same statement', async () => {
      await expect(inBulkMode(voucher('无行'))).rejects.toThrow(/VOUCHER_TOO_FEW_LINES/);
    });
    it('an unbalanced voucher, at the end of the statement', async () => {
      await expect(inBulkMode(`WITH v AS (${voucher('不平')}) ${lines(`(1, '101', 100, 0), (2, '501', 0, 99)`)}`)).rejects.toThrow(/VOUCHER_UNBALANCED: debits 100.00 and credits 99.00 differ/);
    });
    it('a parent account, a negative amount', async () => {
      await expect(inBulkMode(`WITH v AS (${voucher('非末级')}) ${lines(`(1, '102', 5, 0), (2, '501', 0, 5)`)}`)).rejects.toThrow(/ACCOUNT_NOT_LEAF/);
      await expect(inBulkMode(`WITH v AS (${voucher('负数')}) ${lines(`(1, '101', -5, 0), (2, '501', 0, -5)`)}`)).rejects.toThrow(/AMOUNT_NEGATIVE/);
    });
    it('lines added to a posted voucher', async () => {
      await expect(
        inBulkMode(`WITH v AS (SELECT org_id, id, ledger_id FROM vouchers WHERE ledger_id = $2 AND org_id = $1 AND status = 'posted' LIMIT 1) ${lines(`(90, '101', 5, 0), (91, '501', 0, 5)`)}`),
      ).rejects.toThrow(/VOUCHER_IMMUTABLE/);
    });
    it('and accepts a balanced voucher with its lines, as a draft', async () => {
      await inBulkMode(`WITH v AS (${voucher('批量草稿')}) ${lines(`(1, '101', 5, 0), (2, '501', 0, 5)`)}`);
      const [row] = await t.sql<{ status: string; n: string }>(`SELECT v.status, (SELECT count(*) FROM journal_lines l WHERE l.voucher_id = v.id) AS n FROM vouchers v WHERE memo = '批量草稿'`);
      expect(row).toEqual({ status: 'draft', n: '2' });
      await t.sql(`DELETE FROM vouchers WHERE memo = '批量草稿'`);
    });
  });
});
