import { SPEC_YEAR } from '../../apps/cli/src/fixtures/spec-year.js';
import { booksClient } from './books.js';
import { bearer, TestApp, World } from './test-app.js';

/** SPEC §6's FY2024 books for an organization (apps/cli/src/fixtures/spec-year.ts), closed at year end. */
export async function bookSpecYear(t: TestApp, world: World, orgId = world.unionId): Promise<{ ledgerId: string }> {
  const books = booksClient(t, world, orgId);
  const { id: ledgerId } = await books.createLedger(SPEC_YEAR.ledger.name, SPEC_YEAR.ledger.startPeriod);
  await books.addAccount(ledgerId, SPEC_YEAR.bankAccount.code, SPEC_YEAR.bankAccount.name, SPEC_YEAR.bankAccount.parentCode);
  await books.opening(ledgerId, SPEC_YEAR.openingBalances);
  for (const v of SPEC_YEAR.vouchers) await books.book(ledgerId, v.date, v.memo, v.lines);
  const res = await t.http().post(`${books.base}/${ledgerId}/years/${SPEC_YEAR.fiscalYear}/close`).set(bearer(world.tokens.accountant));
  if (res.status !== 200) throw new Error(`year close: ${res.status} ${JSON.stringify(res.body)}`);
  return { ledgerId };
}
