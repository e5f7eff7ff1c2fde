import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Decimal, RequestContext } from '@app/core';
import { VouchersService } from '@app/ledger';
import { booksClient } from './support/books.js';
import { ensureHledger } from './support/hledger.js';
import { bearer, seedWorld, startTestApp, TestApp, World } from './support/test-app.js';
import { bookSpecYear } from './support/year.js';


/**
 * The auditor's re-check: export the books as an hledger journal, let hledger itself check it and
 * compute every account's balance, and compare each with our trial balance, to the cent.
 */
describe('auditor export: hledger journal re-checked by hledger', () => {
  let t: TestApp;
  let world: World;
  const dir = mkdtempSync(path.join(tmpdir(), 'cl-hledger-'));

  beforeAll(async () => {
    // Installs hledger if it is missing and we can (apt, as root), else fails with how to get it.
    ensureHledger();
    t = await startTestApp();
    world = await seedWorld(t);
  }, 600_000);
  afterAll(() => t?.close());

  async function recheck(ledgerId: string, from: string, to: string) {
    const res = await t.http().get(`/api/v1/orgs/${world.unionId}/ledgers/${ledgerId}/exports/journal`).set(bearer(world.tokens.auditor));
    expect(res.status).toBe(200);
    const file = path.join(dir, `${ledgerId}.journal`);
    writeFileSync(file, res.text);
    execFileSync('hledger', ['-f', file, 'check'], { encoding: 'utf8' });
    const csv = execFileSync('hledger', ['-f', file, 'balance', '--flat', '--no-total', '-O', 'csv'], { encoding: 'utf8' });
    const theirs = new Map(
      csv
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => {
          const [account, amount] = JSON.parse(`[${line}]`) as [string, string];
          return [account.split(':').pop()!.split(' ')[0], new Decimal(amount.replace('CNY', '').trim()).toFixed(2)];
        }),
    );
    const tb = await booksClient(t, world).trialBalance(ledgerId, from, to);
    const ours = new Map<string, string>(
      tb.rows
        .filter((r: { leaf: boolean }) => r.leaf)
        .map((r: { code: string; closingDebit: string; closingCredit: string }) => [r.code, new Decimal(r.closingDebit).minus(r.closingCredit).toFixed(2)])
        .filter(([, net]: [string, string]) => net !== '0.00'),
    );
    expect(Object.fromEntries(theirs)).toEqual(Object.fromEntries(ours));
    return { text: res.text, ours };
  }

  it('the SPEC §6 books: hledger check passes and every account balance equals the trial balance', async () => {
    const { ledgerId } = await bookSpecYear(t, world);
    const books = booksClient(t, world);
    await books.book(ledgerId, '2024-12-31', '提取公积公益金', [{ accountCode: '3220101', debit: '1500000.00' }, { accountCode: '311', credit: '1500000.00' }]);
    const { text, ours } = await recheck(ledgerId, '2024-01', '2024-12');
    expect(text).toContain('2024-01-01 * 期初余额\n    101 库存现金    CNY 50000.00\n');
    expect(text).toContain('2024-03-15 * (记-0001) 收到厂房及商铺租金\n    102 银行存款:10201 工商银行    CNY 8000000.00\n    501 经营收入    CNY -8000000.00\n');
    expect(ours.get('32202')).toBe('-6000000.00');
  });

  it('a random ledger with reversals (seeded): hledger agrees to the cent', async () => {
    const { id: ledgerId } = await booksClient(t, world).createLedger('随机账', '2024-01');
    const vouchers = t.app.get(VouchersService);
    const as = <T>(who: 'accountant' | 'reviewer', fn: () => Promise<T>) =>
      RequestContext.run({ requestId: 'hledger', principal: { userId: world.userIds[who], username: who, isAdmin: false, grants: [], shareholderId: null } }, fn);
    // No 151/152/154: their lines need a fixed-asset card (ASSET_REQUIRED).
    const accounts = ['101', '102', '121', '131', '161', '201', '301', '311', '501', '502', '511', '513'];
    let seed = 20241231;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    const posted: string[] = [];
    for (let i = 0; i < 60; i++) {
      const a = accounts[next() % accounts.length];
      let b = accounts[next() % accounts.length];
      if (b === a) b = accounts[(accounts.indexOf(a) + 1) % accounts.length];
      const amount = (next() % 10_000_000) / 100 + 0.01;
      const date = `2024-${String((i % 12) + 1).padStart(2, '0')}-${String((next() % 28) + 1).padStart(2, '0')}`;
      const draft = await as('accountant', () =>
        vouchers.draft(world.unionId, ledgerId, { date, memo: `随机 ${i}`, lines: [{ accountCode: a, debit: amount.toFixed(2) }, { accountCode: b, credit: amount.toFixed(2) }] }, world.userIds.accountant),
      );
      await as('reviewer', () => vouchers.review(world.unionId, ledgerId, draft.id, world.userIds.reviewer));
      await as('accountant', () => vouchers.post(world.unionId, ledgerId, draft.id, world.userIds.accountant));
      posted.push(draft.id);
      if (i % 7 === 6) await as('accountant', () => vouchers.reverse(world.unionId, ledgerId, posted[next() % (posted.length - 1)], { date: '2024-12-30' }, world.userIds.accountant).catch(() => undefined));
    }
    await recheck(ledgerId, '2024-01', '2024-12');
  });
});
