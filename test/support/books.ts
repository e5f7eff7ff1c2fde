import { bearer, TestApp, World } from './test-app.js';

export type Line = { accountCode: string; debit?: string; credit?: string; counterparty?: string; shareholderId?: string; assetId?: string };

/** Thin HTTP helpers for the books: every call asserts its status so a failing step names itself. */
export function booksClient(t: TestApp, world: World, orgId = world.unionId) {
  const base = `/api/v1/orgs/${orgId}/ledgers`;
  const expectStatus = (res: { status: number; body: unknown }, status: number, what: string) => {
    if (res.status !== status) throw new Error(`${what}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as any;
  };
  return {
    base,
    async createLedger(name = '集体经济账', startPeriod = '2024-01') {
      const res = await t.http().post(base).set(bearer(world.tokens.accountant)).send({ name, kind: 'collective', chart: '2023', startPeriod });
      return expectStatus(res, 201, 'create ledger') as { id: string };
    },
    async addAccount(ledgerId: string, code: string, name: string, parentCode: string) {
      const res = await t.http().post(`${base}/${ledgerId}/accounts`).set(bearer(world.tokens.accountant)).send({ code, name, parentCode });
      return expectStatus(res, 201, `add account ${code}`);
    },
    async opening(ledgerId: string, lines: Line[]) {
      const res = await t.http().post(`${base}/${ledgerId}/opening-balances`).set(bearer(world.tokens.accountant)).send({ lines });
      return expectStatus(res, 201, 'opening balances');
    },
    async draft(ledgerId: string, date: string, memo: string, lines: Line[]) {
      const res = await t.http().post(`${base}/${ledgerId}/vouchers`).set(bearer(world.tokens.accountant)).send({ date, memo, lines });
      return expectStatus(res, 201, `draft ${memo}`) as { id: string; status: string };
    },
    async review(ledgerId: string, id: string) {
      const res = await t.http().post(`${base}/${ledgerId}/vouchers/${id}/review`).set(bearer(world.tokens.reviewer));
      return expectStatus(res, 200, 'review');
    },
    async post(ledgerId: string, id: string) {
      const res = await t.http().post(`${base}/${ledgerId}/vouchers/${id}/post`).set(bearer(world.tokens.accountant));
      return expectStatus(res, 200, 'post') as { id: string; number: string; period: string };
    },
    /** Draft, review by the reviewer, post by the accountant. */
    async book(ledgerId: string, date: string, memo: string, lines: Line[]) {
      const v = await this.draft(ledgerId, date, memo, lines);
      await this.review(ledgerId, v.id);
      return this.post(ledgerId, v.id);
    },
    async close(ledgerId: string, period: string) {
      const res = await t.http().post(`${base}/${ledgerId}/periods/${period}/close`).set(bearer(world.tokens.accountant));
      return expectStatus(res, 200, `close ${period}`);
    },
    async trialBalance(ledgerId: string, from: string, to: string, token = world.tokens.auditor) {
      const res = await t.http().get(`${base}/${ledgerId}/reports/trial-balance?from=${from}&to=${to}`).set(bearer(token));
      return expectStatus(res, 200, 'trial balance');
    },
  };
}

/** The checks of GET …/integrity on books with nothing wrong (the ledger's own, then the registered ones by name). */
export const CLEAN_CHECKS = ['ledger.balances', 'ledger.vouchers', 'assets.accumulated_depreciation', 'assets.cost', 'assets.lines_carry_cards', 'contracts.receivables'].map((name) => ({
  name,
  ok: true,
  differences: [],
}));

/** GET …/integrity on books with nothing wrong. */
export const CLEAN_INTEGRITY = { ok: true, balanceDifferences: [], problems: [], checks: CLEAN_CHECKS, reconciled: true };
