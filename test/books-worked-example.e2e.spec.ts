import ExcelJS from 'exceljs';
import { bearer, binary, seedWorld, startTestApp, TestApp, World } from './support/test-app.js';
import { SPEC_YEAR } from '../apps/cli/src/fixtures/spec-year.js';
import { booksClient, CLEAN_CHECKS, CLEAN_INTEGRITY } from './support/books.js';
import { allPages } from './support/pages.js';

/** SPEC §6, FY2024, end to end through HTTP. The tests run in order and build on each other. */
describe('books: the SPEC §6 worked example', () => {
  let t: TestApp;
  let world: World;
  let books: ReturnType<typeof booksClient>;
  let ledgerId: string;

  beforeAll(async () => {
    t = await startTestApp();
    world = await seedWorld(t);
    books = booksClient(t, world);
  });
  afterAll(() => t.close());

  const row = (tb: { rows: { code: string }[] }, code: string) => tb.rows.find((r) => r.code === code);

  it('creates the ledger from the 2023 chart with the standard 322 sub-accounts', async () => {
    ledgerId = (await books.createLedger(SPEC_YEAR.ledger.name, SPEC_YEAR.ledger.startPeriod)).id;
    const accounts = await allPages<{ code: string; leaf: boolean; normalSide: string; contra: boolean; category: string; needsCounterparty: boolean }>(t, `${books.base}/${ledgerId}/accounts`, world.tokens.auditor, 20);
    expect(accounts).toHaveLength(49);
    expect(accounts.find((a) => a.code === '152')).toEqual({ code: '152', name: '累计折旧', category: 'asset', normalSide: 'credit', contra: true, parentCode: null, leaf: true, needsCounterparty: false, needsAsset: true });
    expect(accounts.find((a) => a.code === '322')?.leaf).toBe(false);
    expect(accounts.find((a) => a.code === '32202')).toMatchObject({ name: '未分配收益', leaf: true, normalSide: 'credit' });
    expect(accounts.find((a) => a.code === '211')?.needsCounterparty).toBe(true);
    await books.addAccount(ledgerId, SPEC_YEAR.bankAccount.code, SPEC_YEAR.bankAccount.name, SPEC_YEAR.bankAccount.parentCode);
  });

  it('opening balances (建账) must balance', async () => {
    const bad = await t
      .http()
      .post(`${books.base}/${ledgerId}/opening-balances`)
      .set(bearer(world.tokens.accountant))
      .send({ lines: [{ accountCode: '10201', debit: '1000000.00' }, { accountCode: '32202', credit: '999999.99' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('OPENING_UNBALANCED');
    await books.opening(ledgerId, SPEC_YEAR.openingBalances);
  });

  it('a year of vouchers, numbered 记-0001… per month', async () => {
    const posted = [];
    for (const v of SPEC_YEAR.vouchers) posted.push(await books.book(ledgerId, v.date, v.memo, v.lines));
    expect(posted[0]).toMatchObject({ number: '记-0001', period: '2024-03', status: 'posted' });
    expect(posted.map((v) => `${v.period} ${v.number}`)).toEqual(['2024-03 记-0001', '2024-03 记-0002', '2024-06 记-0001', '2024-09 记-0001']);
  });

  it('year-end close generates the closing vouchers: 321 receives 8,550,000 and 3,550,000, then 5,000,000 to 未分配收益', async () => {
    const res = await t.http().post(`${books.base}/${ledgerId}/years/2024/close`).set(bearer(world.tokens.accountant));
    expect(res.status).toBe(200);
    const summary = res.body.map((v: { number: string; memo: string; source: string; totalDebit: string; lines: { accountCode: string; debit: string | null; credit: string | null }[] }) => ({
      number: v.number,
      memo: v.memo,
      source: v.source,
      total: v.totalDebit,
      lines: v.lines.map((l) => `${l.accountCode} ${l.debit ? `Dr ${l.debit}` : `Cr ${l.credit}`}`),
    }));
    expect(summary).toEqual([
      {
        number: '记-0001',
        memo: '结转本年收入',
        source: 'closing',
        total: '8550000.00',
        lines: ['501 Dr 8000000.00', '502 Dr 200000.00', '503 Dr 300000.00', '504 Dr 50000.00', '321 Cr 8550000.00'],
      },
      {
        number: '记-0002',
        memo: '结转本年支出',
        source: 'closing',
        total: '3550000.00',
        lines: ['511 Cr 1500000.00', '512 Cr 400000.00', '513 Cr 900000.00', '514 Cr 600000.00', '515 Cr 150000.00', '321 Dr 3550000.00'],
      },
      { number: '记-0003', memo: '结转本年收益', source: 'closing', total: '5000000.00', lines: ['321 Dr 5000000.00', '32202 Cr 5000000.00'] },
    ]);
  });

  it('closing the year twice does nothing the second time', async () => {
    const before = await t.sql(`SELECT count(*)::int AS n FROM vouchers`);
    const again = await t.http().post(`${books.base}/${ledgerId}/years/2024/close`).set(bearer(world.tokens.accountant));
    expect(again.status).toBe(200);
    expect(again.body.map((v: { number: string }) => v.number)).toEqual(['记-0001', '记-0002', '记-0003']);
    expect(await t.sql(`SELECT count(*)::int AS n FROM vouchers`)).toEqual(before);
  });

  it('the distribution vouchers of §6 (entered by hand until the distribution engine posts them) leave 322 at 1,500,000', async () => {
    await books.book(ledgerId, '2024-12-31', '提取公积公益金', [
      { accountCode: '3220101', debit: '1500000.00' },
      { accountCode: '311', credit: '1500000.00' },
    ]);
    await books.book(ledgerId, '2024-12-31', '向成员分配', [
      { accountCode: '3220102', debit: '3000000.00' },
      { accountCode: '21101', credit: '3000000.00', counterparty: '全体股东' },
    ]);
    await books.book(ledgerId, '2024-12-31', '结转各项分配', [
      { accountCode: '32202', debit: '4500000.00' },
      { accountCode: '3220101', credit: '1500000.00' },
      { accountCode: '3220102', credit: '3000000.00' },
    ]);
    const tb = await books.trialBalance(ledgerId, '2024-01', '2024-12');
    expect(row(tb, '321')).toMatchObject({ debit: '8550000.00', credit: '8550000.00', closingDebit: '0.00', closingCredit: '0.00' });
    expect(row(tb, '322')).toMatchObject({ openingCredit: '1000000.00', closingDebit: '0.00', closingCredit: '1500000.00' });
    // 1,000,000 + 5,000,000 − 1,500,000 − 3,000,000 (SPEC §6)
    expect(row(tb, '32202')).toMatchObject({ openingCredit: '1000000.00', debit: '4500000.00', credit: '5000000.00', closingCredit: '1500000.00' });
    expect(row(tb, '311')).toMatchObject({ closingCredit: '1500000.00' });
    expect(row(tb, '211')).toMatchObject({ closingCredit: '3000000.00' });
    expect(row(tb, '501')).toMatchObject({ debit: '8000000.00', credit: '8000000.00', closingCredit: '0.00', closingDebit: '0.00' });
    expect(row(tb, '102')).toMatchObject({ openingDebit: '1000000.00', debit: '8500000.00', credit: '3500000.00', closingDebit: '6000000.00' });
    expect(row(tb, '10201')).toMatchObject({ closingDebit: '6000000.00' });
    expect(tb.totals).toEqual({
      openingDebit: '1050000.00',
      openingCredit: '1050000.00',
      // 12,100,000 of business + 17,100,000 of closing + 9,000,000 of distribution vouchers
      debit: '38200000.00',
      credit: '38200000.00',
      ytdDebit: '38200000.00',
      ytdCredit: '38200000.00',
      closingDebit: '6050000.00',
      closingCredit: '6050000.00',
    });
    expect(tb.balanced).toBe(true);
  });

  it('a single month and a range report their own turnover with opening balances carried', async () => {
    const march = await books.trialBalance(ledgerId, '2024-03', '2024-03');
    expect(row(march, '10201')).toMatchObject({ openingDebit: '1000000.00', debit: '8200000.00', credit: '0.00', closingDebit: '9200000.00', ytdDebit: '8200000.00' });
    const q4 = await books.trialBalance(ledgerId, '2024-10', '2024-12');
    expect(row(q4, '10201')).toMatchObject({ openingDebit: '6000000.00', debit: '0.00', closingDebit: '6000000.00', ytdDebit: '8500000.00', ytdCredit: '3500000.00' });
  });

  it('closing the months: in order, December only after the year-end close; then the year is closed for good', async () => {
    const early = await t.http().post(`${books.base}/${ledgerId}/periods/2024-03/close`).set(bearer(world.tokens.accountant));
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('PERIOD_PREVIOUS_OPEN');
    for (let m = 1; m <= 12; m++) await books.close(ledgerId, `2024-${String(m).padStart(2, '0')}`);
    const late = await t
      .http()
      .post(`${books.base}/${ledgerId}/vouchers`)
      .set(bearer(world.tokens.accountant))
      .send({ date: '2024-12-31', memo: '补记', lines: [{ accountCode: '101', debit: '1.00' }, { accountCode: '10201', credit: '1.00' }] });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('PERIOD_CLOSED');
    const reopen = await t.http().post(`${books.base}/${ledgerId}/periods/2024-06/reopen`).set(bearer(world.tokens.board)).send({ reason: '补记六月份漏记的租金' });
    expect(reopen.status).toBe(409);
    expect(reopen.body.code).toBe('YEAR_CLOSED');
  });

  it('the payment next January: Dr 211 / Cr 102 3,000,000', async () => {
    await books.book(ledgerId, '2025-01-15', '支付2024年度股东红利', [
      { accountCode: '21101', debit: '3000000.00', counterparty: '全体股东' },
      { accountCode: '10201', credit: '3000000.00' },
    ]);
    const tb = await books.trialBalance(ledgerId, '2025-01', '2025-01');
    expect(row(tb, '211')).toMatchObject({ openingCredit: '3000000.00', debit: '3000000.00', closingCredit: '0.00', closingDebit: '0.00' });
    expect(row(tb, '322')).toMatchObject({ openingCredit: '1500000.00', closingCredit: '1500000.00' });
    expect(row(tb, '10201')).toMatchObject({ openingDebit: '6000000.00', closingDebit: '3000000.00', ytdCredit: '3000000.00' });
  });

  it('收益及收益分配表 for 2024: 本年收益 5,000,000, 可分配 6,000,000, 年末未分配 1,500,000', async () => {
    const res = await t.http().get(`${books.base}/${ledgerId}/reports/income-statement?year=2024`).set(bearer(world.tokens.auditor));
    expect(res.status).toBe(200);
    expect(res.body.rows.map((r: { name: string; amount: string }) => `${r.name} ${r.amount}`)).toEqual([
      '一、经营收入 8000000.00',
      '减：经营支出 1500000.00',
      '减：税金及附加 400000.00',
      '减：管理费用 900000.00',
      '二、经营收益 5200000.00',
      '加：投资收益 200000.00',
      '加：补助收入 300000.00',
      '加：其他收入 50000.00',
      '减：公益支出 600000.00',
      '减：其他支出 150000.00',
      '三、收益总额 5000000.00',
      '减：所得税费用 0.00',
      '四、本年收益 5000000.00',
      '加：年初未分配收益 1000000.00',
      '五、可分配收益 6000000.00',
      '减：提取公积公益金 1500000.00',
      '减：向成员分配 3000000.00',
      '减：其他分配 0.00',
      '六、年末未分配收益 1500000.00',
    ]);
  });

  it('资产负债表 at 2024-12: 年初数 and 期末数, assets equal liabilities and equity', async () => {
    const res = await t.http().get(`${books.base}/${ledgerId}/reports/balance-sheet?period=2024-12`).set(bearer(world.tokens.auditor));
    expect(res.status).toBe(200);
    expect(res.body.balanced).toBe(true);
    const line = (id: string) => res.body.rows.find((r: { id: string }) => r.id === id);
    expect(line('A1')).toEqual({ id: 'A1', name: '货币资金', beginning: '1050000.00', ending: '6050000.00' });
    expect(line('A30')).toEqual({ id: 'A30', name: '资产总计', beginning: '1050000.00', ending: '6050000.00' });
    expect(line('L2')).toEqual({ id: 'L2', name: '应付款项', beginning: '0.00', ending: '3000000.00' });
    expect(line('E2')).toEqual({ id: 'E2', name: '公积公益金', beginning: '0.00', ending: '1500000.00' });
    expect(line('E3')).toEqual({ id: 'E3', name: '未分配收益', beginning: '1000000.00', ending: '1500000.00' });
    expect(line('E10')).toEqual({ id: 'E10', name: '负债和所有者权益总计', beginning: '1050000.00', ending: '6050000.00' });
  });

  it('序时账, 总账, 明细账 by counterparty and 现金日记账 with daily totals', async () => {
    const journal = await t.http().get(`${books.base}/${ledgerId}/reports/journal?from=2024-03&to=2024-03`).set(bearer(world.tokens.auditor));
    expect(journal.body.entries.map((e: { date: string; number: string; accountCode: string; debit: string; credit: string }) => [e.date, e.number, e.accountCode, e.debit, e.credit])).toEqual([
      ['2024-03-15', '记-0001', '10201', '8000000.00', '0.00'],
      ['2024-03-15', '记-0001', '501', '0.00', '8000000.00'],
      ['2024-03-20', '记-0002', '10201', '200000.00', '0.00'],
      ['2024-03-20', '记-0002', '502', '0.00', '200000.00'],
    ]);
    const general = await t.http().get(`${books.base}/${ledgerId}/reports/general-ledger?from=2024-09&to=2024-10&account=102`).set(bearer(world.tokens.auditor));
    expect(general.body.rows.map((r: { period: string; summary: string; debit: string; credit: string; direction: string; balance: string }) => [r.period, r.summary, r.debit, r.credit, r.direction, r.balance])).toEqual([
      ['2024-09', '期初余额', '', '', '借', '9500000.00'],
      ['2024-09', '本月合计', '0.00', '3500000.00', '借', '6000000.00'],
      ['2024-09', '本年累计', '8500000.00', '3500000.00', '借', '6000000.00'],
      ['2024-10', '本月合计', '0.00', '0.00', '借', '6000000.00'],
      ['2024-10', '本年累计', '8500000.00', '3500000.00', '借', '6000000.00'],
    ]);
    const sub = await t.http().get(`${books.base}/${ledgerId}/reports/subsidiary-ledger?account=211&dimension=counterparty&value=${encodeURIComponent('全体股东')}&from=2024-01&to=2025-01`).set(bearer(world.tokens.auditor));
    expect(sub.body.opening).toEqual({ direction: '平', balance: '0.00' });
    expect(sub.body.entries.map((e: { date: string; debit: string; credit: string; direction: string; balance: string }) => [e.date, e.debit, e.credit, e.direction, e.balance])).toEqual([
      ['2024-12-31', '0.00', '3000000.00', '贷', '3000000.00'],
      ['2025-01-15', '3000000.00', '0.00', '平', '0.00'],
    ]);
    const cash = await t.http().get(`${books.base}/${ledgerId}/reports/cash-journal?account=101&from=2024-01&to=2024-12`).set(bearer(world.tokens.auditor));
    expect(cash.body.opening).toEqual({ direction: '借', balance: '50000.00' });
    expect(cash.body.dailyTotals).toEqual([
      { date: '2024-06-30', debit: '50000.00', credit: '0.00', direction: '借', balance: '100000.00', summary: '本日合计' },
      { date: '2024-09-30', debit: '0.00', credit: '50000.00', direction: '借', balance: '50000.00', summary: '本日合计' },
    ]);
    const csv = await t.http().get(`${books.base}/${ledgerId}/reports/income-statement?year=2024&format=csv`).set(bearer(world.tokens.auditor));
    expect(csv.text).toContain('四、本年收益,13,5000000.00');
  });

  it('the integrity check recomputes every balance from the lines and finds nothing, until a balance is edited in SQL', async () => {
    const ok = await t.http().get(`${books.base}/${ledgerId}/integrity`).set(bearer(world.tokens.auditor));
    expect(ok.body).toEqual(CLEAN_INTEGRITY);
    await t.sql(`UPDATE account_balances SET debit = debit + 0.01 WHERE account_code = '501' AND period = '2024-12'`);
    const bad = await t.http().get(`${books.base}/${ledgerId}/integrity`).set(bearer(world.tokens.auditor));
    const difference = { account_code: '501', period: '2024-12', maintained_debit: '8000000.01', maintained_credit: '0.00', lines_debit: '8000000.00', lines_credit: '0.00' };
    expect(bad.body).toEqual({
      ok: false,
      balanceDifferences: [difference],
      problems: [],
      checks: CLEAN_CHECKS.map((c) => (c.name === 'ledger.balances' ? { name: c.name, ok: false, differences: [difference] } : c)),
      reconciled: false,
    });
    await t.sql(`UPDATE account_balances SET debit = debit - 0.01 WHERE account_code = '501' AND period = '2024-12'`);
  });

  it('the trial balance downloads as CSV (UTF-8 BOM, plain decimals) and XLSX (money format)', async () => {
    const csv = await t.http().get(`${books.base}/${ledgerId}/reports/trial-balance?from=2024-01&to=2024-12&format=csv`).set(bearer(world.tokens.auditor)).buffer(true).parse(binary);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const text = (csv.body as Buffer).toString('utf8');
    expect(text.startsWith('\uFEFF科目编码,科目名称,期初借方,期初贷方,本期借方,本期贷方,本年累计借方,本年累计贷方,期末借方,期末贷方\r\n')).toBe(true);
    expect(text).toContain('\r\n322,收益分配,0.00,1000000.00,9000000.00,9500000.00,9000000.00,9500000.00,0.00,1500000.00\r\n');
    const xlsx = await t.http().get(`${books.base}/${ledgerId}/reports/trial-balance?from=2024-01&to=2024-12&format=xlsx`).set(bearer(world.tokens.auditor)).buffer(true).parse(binary);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as never);
    const sheet = workbook.worksheets[0];
    const r322 = sheet.getRows(2, sheet.rowCount - 1)!.find((r) => r.getCell(1).value === '322')!;
    expect(r322.getCell(10).value).toBe(1500000);
    expect(sheet.getColumn(10).numFmt).toBe('#,##0.00;[Red]-#,##0.00');
  });
});

describe('books: 113 内部往来 on the balance sheet', () => {
  let t: TestApp;
  let world: World;

  beforeAll(async () => {
    t = await startTestApp();
    world = await seedWorld(t);
  });
  afterAll(() => t.close());

  it('is split by the sign of each counterparty’s balance: debit balances to 应收款项, credit balances to 应付款项', async () => {
    const books = booksClient(t, world);
    const { id } = await books.createLedger('往来测试', '2024-01');
    await books.book(id, '2024-02-01', '借给第一经济社', [{ accountCode: '113', debit: '1000.00', counterparty: '第一经济社' }, { accountCode: '102', credit: '1000.00' }]);
    await books.book(id, '2024-02-02', '第二经济社代收', [{ accountCode: '102', debit: '400.00' }, { accountCode: '113', credit: '400.00', counterparty: '第二经济社' }]);
    await books.book(id, '2024-02-03', '第一经济社还款一部分', [{ accountCode: '102', debit: '250.00' }, { accountCode: '113', credit: '250.00', counterparty: '第一经济社' }]);
    const res = await t.http().get(`${books.base}/${id}/reports/balance-sheet?period=2024-02`).set(bearer(world.tokens.auditor));
    const line = (lineId: string) => res.body.rows.find((r: { id: string }) => r.id === lineId).ending;
    expect([line('A1'), line('A3'), line('A30'), line('L2'), line('E10')]).toEqual(['-350.00', '750.00', '400.00', '400.00', '400.00']);
    expect(res.body.balanced).toBe(true);
  });
});
