import fc from 'fast-check';
import { Decimal, RequestContext } from '@app/core';
import { LedgersService, PeriodsService, ReportsService, VouchersService } from '@app/ledger';
import { CLEAN_INTEGRITY } from './support/books.js';
import { seedWorld, startTestApp, TestApp, World } from './support/test-app.js';

type Side = 'debit' | 'credit';
type Action =
  | { kind: 'voucher'; lines: { account: string; side: Side; cents: number }[]; lastAccount: string }
  | { kind: 'reverse'; pick: number }
  | { kind: 'close' }
  | { kind: 'draftAndDelete' };

/** Leaf accounts of the 2023 chart that need no counterparty nor a fixed-asset card (151/152/154 need one: ASSET_REQUIRED). */
const ACCOUNTS = ['101', '102', '111', '121', '131', '161', '201', '301', '311', '501', '502', '511', '513'];

const account = fc.constantFrom(...ACCOUNTS);
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('voucher' as const),
      lines: fc.array(fc.record({ account, side: fc.constantFrom<Side>('debit', 'credit'), cents: fc.integer({ min: 1, max: 9_999_999_999 }) }), { minLength: 1, maxLength: 6 }),
      lastAccount: account,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('reverse' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'close' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'draftAndDelete' as const }) },
);

const amount = (cents: bigint) => new Decimal(cents.toString()).dividedBy(100).toFixed(2);

/**
 * Random voucher sequences, reversals and month closes against the real services and database.
 * After every sequence: the trial balance balances in every column, its closing balances equal an
 * in-memory model, and the integrity check finds no difference between maintained and derived balances.
 */
describe('books: property test (fast-check, seeded)', () => {
  let t: TestApp;
  let world: World;

  beforeAll(async () => {
    t = await startTestApp();
    world = await seedWorld(t);
  });
  afterAll(() => t.close());

  it('trial balance, integrity and an in-memory model agree after any sequence (200 runs)', async () => {
    const ledgers = t.app.get(LedgersService);
    const vouchers = t.app.get(VouchersService);
    const periods = t.app.get(PeriodsService);
    const reports = t.app.get(ReportsService);
    const orgId = world.unionId;
    const as = <T>(username: 'accountant' | 'reviewer', fn: () => Promise<T>) =>
      RequestContext.run(
        { requestId: 'property', principal: { userId: world.userIds[username], username, isAdmin: false, grants: [], shareholderId: null } },
        fn,
      );
    let run = 0;

    await fc.assert(
      fc.asyncProperty(fc.array(actionArb, { minLength: 1, maxLength: 8 }), async (actions) => {
        run++;
        const ledger = await as('accountant', () => ledgers.create(orgId, { name: `性质测试 ${run}`, kind: 'collective', chart: '2023', startPeriod: '2024-01' }));
        const model = new Map<string, bigint>(); // net debit − credit in cents
        const posted: { id: string; lines: { account: string; net: bigint }[] }[] = [];
        const reversed = new Set<string>();
        let month = 1;
        const date = () => `2024-${String(month).padStart(2, '0')}-15`;
        const apply = (lines: { account: string; net: bigint }[]) => lines.forEach((l) => model.set(l.account, (model.get(l.account) ?? 0n) + l.net));

        for (const action of actions) {
          if (action.kind === 'voucher') {
            const net = action.lines.reduce((s, l) => s + (l.side === 'debit' ? BigInt(l.cents) : -BigInt(l.cents)), 0n);
            if (net === 0n) continue;
            const lines = [
              ...action.lines.map((l) => ({ accountCode: l.account, [l.side]: amount(BigInt(l.cents)) })),
              // The last line balances the voucher.
              net > 0n ? { accountCode: action.lastAccount, credit: amount(net) } : { accountCode: action.lastAccount, debit: amount(-net) },
            ];
            const draft = await as('accountant', () => vouchers.draft(orgId, ledger.id, { date: date(), memo: '随机凭证', lines }, world.userIds.accountant));
            await as('reviewer', () => vouchers.review(orgId, ledger.id, draft.id, world.userIds.reviewer));
            await as('accountant', () => vouchers.post(orgId, ledger.id, draft.id, world.userIds.accountant));
            const modelLines = [
              ...action.lines.map((l) => ({ account: l.account, net: l.side === 'debit' ? BigInt(l.cents) : -BigInt(l.cents) })),
              { account: action.lastAccount, net: -net },
            ];
            apply(modelLines);
            posted.push({ id: draft.id, lines: modelLines });
          } else if (action.kind === 'reverse') {
            const candidates = posted.filter((p) => !reversed.has(p.id));
            if (candidates.length === 0) continue;
            const target = candidates[action.pick % candidates.length];
            await as('accountant', () => vouchers.reverse(orgId, ledger.id, target.id, { date: date() }, world.userIds.accountant));
            reversed.add(target.id);
            apply(target.lines.map((l) => ({ account: l.account, net: -l.net })));
          } else if (action.kind === 'close') {
            if (month === 11) continue;
            await as('accountant', () => periods.close(orgId, ledger.id, `2024-${String(month).padStart(2, '0')}`));
            month++;
          } else {
            const draft = await as('accountant', () =>
              vouchers.draft(orgId, ledger.id, { date: date(), memo: '草稿', lines: [{ accountCode: '101', debit: '1.00' }, { accountCode: '501', credit: '1.00' }] }, world.userIds.accountant),
            );
            await as('accountant', () => vouchers.remove(orgId, ledger.id, draft.id));
          }
        }

        const tb = await reports.trialBalance(orgId, ledger.id, '2024-01', '2024-12');
        expect(tb.balanced).toBe(true);
        expect(tb.totals.debit).toBe(tb.totals.credit);
        for (const code of ACCOUNTS) {
          const row = tb.rows.find((r) => r.code === code)!;
          const net = model.get(code) ?? 0n;
          const expected = net >= 0n ? [amount(net), '0.00'] : ['0.00', amount(-net)];
          expect([code, row.closingDebit, row.closingCredit]).toEqual([code, ...expected]);
        }
        expect(await reports.integrity(orgId, ledger.id)).toEqual(CLEAN_INTEGRITY);
      }),
      { numRuns: 200, seed: 20241231, endOnFailure: true },
    );
    expect(run).toBeGreaterThanOrEqual(200);
  }, 600_000);
});
