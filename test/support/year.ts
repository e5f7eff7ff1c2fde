import { booksClient } from './books.js';
import { TestApp, World } from './test-app.js';

/** SPEC §6's FY2024 books for an organization: opening balances, the year's vouchers, the year-end close. */
export async function bookSpecYear(t: TestApp, world: World, orgId = world.unionId): Promise<{ ledgerId: string }> {
  const books = booksClient(t, world, orgId);
  const { id: ledgerId } = await books.createLedger('集体经济账', '2024-01');
  await books.addAccount(ledgerId, '10201', '工商银行', '102');
  await books.opening(ledgerId, [
    { accountCode: '10201', debit: '1000000.00' },
    { accountCode: '101', debit: '50000.00' },
    { accountCode: '301', credit: '50000.00' },
    { accountCode: '32202', credit: '1000000.00' },
  ]);
  await books.book(ledgerId, '2024-03-15', '租金', [{ accountCode: '10201', debit: '8000000.00' }, { accountCode: '501', credit: '8000000.00' }]);
  await books.book(ledgerId, '2024-03-20', '投资收益', [{ accountCode: '10201', debit: '200000.00' }, { accountCode: '502', credit: '200000.00' }]);
  await books.book(ledgerId, '2024-06-30', '补助及其他收入', [
    { accountCode: '10201', debit: '300000.00' },
    { accountCode: '101', debit: '50000.00' },
    { accountCode: '503', credit: '300000.00' },
    { accountCode: '504', credit: '50000.00' },
  ]);
  await books.book(ledgerId, '2024-09-30', '各项支出', [
    { accountCode: '511', debit: '1500000.00' },
    { accountCode: '512', debit: '400000.00' },
    { accountCode: '513', debit: '900000.00' },
    { accountCode: '514', debit: '600000.00' },
    { accountCode: '515', debit: '150000.00' },
    { accountCode: '10201', credit: '3500000.00' },
    { accountCode: '101', credit: '50000.00' },
  ]);
  const { bearer } = await import('./test-app.js');
  const res = await t.http().post(`${books.base}/${ledgerId}/years/2024/close`).set(bearer(world.tokens.accountant));
  if (res.status !== 200) throw new Error(`year close: ${res.status} ${JSON.stringify(res.body)}`);
  return { ledgerId };
}
