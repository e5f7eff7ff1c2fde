import { XMLParser } from 'fast-xml-parser';
import { unzipSync } from 'fflate';
import { Decimal } from '@app/core';
import { booksClient } from './support/books.js';
import { bearer, binary, seedWorld, startTestApp, TestApp, World } from './support/test-app.js';
import { bookSpecYear } from './support/year.js';

type Rec = Record<string, string | number>;

describe('auditor export: GB/T 24589-style XML package', () => {
  let t: TestApp;
  let world: World;
  let ledgerId: string;
  let files: Record<string, Rec[]>;

  beforeAll(async () => {
    t = await startTestApp();
    world = await seedWorld(t);
    ({ ledgerId } = await bookSpecYear(t, world));
    await booksClient(t, world).book(ledgerId, '2024-12-31', '向成员分配', [
      { accountCode: '3220102', debit: '3000000.00' },
      { accountCode: '21101', credit: '3000000.00', counterparty: '全体股东' },
    ]);
    const res = await t
      .http()
      .get(`/api/v1/orgs/${world.unionId}/ledgers/${ledgerId}/exports/gbt24589?year=2024`)
      .set(bearer(world.tokens.auditor))
      .buffer(true)
      .parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    const entries = unzipSync(new Uint8Array(res.body as Buffer));
    const parser = new XMLParser({ parseTagValue: false, isArray: (name) => name === '记录' });
    files = {};
    for (const [name, bytes] of Object.entries(entries)) {
      const text = new TextDecoder().decode(bytes);
      expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
      const root = name.replace(/\.xml$/, '');
      files[root] = (parser.parse(text)[root]?.['记录'] ?? []) as Rec[];
    }
  });
  afterAll(() => t.close());

  it('holds the data sets of the reference, named as the standard names them', () => {
    expect(Object.keys(files).sort()).toEqual(['会计期间', '会计科目', '币种', '电子账簿', '科目余额及发生额', '科目辅助核算', '自定义档案项', '自定义档案项值', '记账凭证', '记账凭证类型'].sort());
    expect(files['电子账簿'][0]).toMatchObject({ 电子账簿名称: '集体经济账', 组织机构代码: 'N2441900MA0000001F', 本位币: 'CNY', 会计年度: '2024' });
    expect(files['会计期间'].map((p) => p['会计期间结束日期'])).toContain('20240229');
    expect(files['会计科目'].find((a) => a['科目编号'] === '152')).toEqual({ 科目编号: '152', 科目名称: '累计折旧', 科目级次: '1', 科目类型: '资产', 余额方向: '贷' });
    expect(files['会计科目'].find((a) => a['科目编号'] === '3220101')).toMatchObject({ 科目级次: '3', 科目类型: '所有者权益' });
  });

  it('every posted voucher line appears once, dates are yyyyMMdd, and each voucher balances', async () => {
    const [{ n }] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM journal_lines l JOIN vouchers v ON v.org_id = l.org_id AND v.id = l.voucher_id WHERE v.ledger_id = $1 AND v.status = 'posted'`, [ledgerId]);
    const lines = files['记账凭证'];
    expect(lines).toHaveLength(n);
    expect(new Set(lines.map((l) => `${l['会计期间号']}/${l['记账凭证编号']}/${l['记账凭证行号']}`)).size).toBe(n);
    expect(lines.every((l) => /^2024\d{4}$/.test(String(l['记账凭证日期'])))).toBe(true);
    const sums = new Map<string, Decimal>();
    for (const l of lines) {
      const key = `${l['会计期间号']}/${l['记账凭证编号']}`;
      sums.set(key, (sums.get(key) ?? new Decimal(0)).plus(String(l['借方本币金额'])).minus(String(l['贷方本币金额'])));
    }
    expect([...sums.values()].every((s) => s.isZero())).toBe(true);
    expect(lines.find((l) => l['科目编号'] === '21101')).toMatchObject({ 辅助项1编号: '全体股东', 制单人: 'accountant', 记账标志: '1' });
    expect(lines.find((l) => l['科目编号'] === '501' && l['记账凭证摘要'] === '收到厂房及商铺租金')).toMatchObject({ 审核人: 'reviewer', 记账人: 'accountant', 贷方本币金额: '8000000.00' });
  });

  it('科目余额及发生额 equals the trial balance of every month', async () => {
    const books = booksClient(t, world);
    for (const month of ['03', '09', '12']) {
      const tb = await books.trialBalance(ledgerId, `2024-${month}`, `2024-${month}`);
      const rows = files['科目余额及发生额'].filter((r) => r['会计期间号'] === month);
      expect(rows).toHaveLength(tb.rows.length);
      for (const r of tb.rows as { code: string; debit: string; credit: string; closingDebit: string; closingCredit: string }[]) {
        const x = rows.find((row) => row['科目编号'] === r.code)!;
        const closing = new Decimal(r.closingDebit).minus(r.closingCredit);
        expect([r.code, x['借方本币金额'], x['贷方本币金额'], x['期末余额方向'], x['期末本币余额']]).toEqual([
          r.code,
          r.debit,
          r.credit,
          closing.isNegative() ? '贷' : '借',
          closing.abs().toFixed(2),
        ]);
      }
    }
    const december322 = files['科目余额及发生额'].find((r) => r['会计期间号'] === '12' && r['科目编号'] === '32202')!;
    // 1,000,000 opening + 5,000,000 profit; the 各项分配 are not closed into it in this ledger.
    expect([december322['期末余额方向'], december322['期末本币余额']]).toEqual(['贷', '6000000.00']);
  });
});
