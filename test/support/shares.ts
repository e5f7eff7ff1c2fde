import { Clock, idNumberCheckChar } from '@app/core';
import { allPages } from './pages.js';
import { bearer, TestApp, World } from './test-app.js';

export type Leg = { shareholderId: string; shareClass: string; quantity: unknown };

/** HTTP helpers for the share register; each call asserts its status so a failing step names itself. */
export function sharesClient(t: TestApp, world: World, orgId = world.unionId) {
  const base = `/api/v1/orgs/${orgId}`;
  const ok = (res: { status: number; body: unknown }, status: number, what: string) => {
    if (res.status !== status) throw new Error(`${what}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as any;
  };
  const clock = t.app.get(Clock);
  return {
    base,
    clock,
    async shareClass(code: string, name: string, weight: string, flags: Partial<Record<'transferable' | 'giftable' | 'inheritable' | 'redeemable' | 'project', boolean>> & { nonInheritableTo?: string } = {}) {
      const body = { code, name, weight, transferable: false, giftable: false, inheritable: false, ...flags };
      return ok(await t.http().post(`${base}/share-classes`).set(bearer(world.tokens.accountant)).send(body), 201, `class ${code}`);
    },
    async household(code: string) {
      return ok(await t.http().post(`${base}/households`).set(bearer(world.tokens.accountant)).send({ code }), 201, `household ${code}`) as { id: string };
    },
    async shareholder(number: string, name: string, idNumber: string, householdId: string, member = true) {
      return ok(await t.http().post(`${base}/shareholders`).set(bearer(world.tokens.accountant)).send({ number, name, idNumber, householdId, member }), 201, `shareholder ${number}`) as { id: string };
    },
    async apply(body: Record<string, unknown>) {
      return ok(await t.http().post(`${base}/share-events`).set(bearer(world.tokens.accountant)).send(body), 201, `apply ${body.type}`) as { id: string; status: string };
    },
    async approve(id: string) {
      return ok(await t.http().post(`${base}/share-events/${id}/approve`).set(bearer(world.tokens.board)), 200, 'approve');
    },
    async finalize(id: string) {
      return ok(await t.http().post(`${base}/share-events/${id}/finalize`).set(bearer(world.tokens.board)), 200, 'finalize');
    },
    /** Apply, approve, let the 公示 pass (moving the clock), finalize. */
    async effect(body: Record<string, unknown>) {
      const e = await this.apply(body);
      const approved = await this.approve(e.id);
      const today = clock.today();
      if (approved.noticeEndsOn > today) clock.setToday(approved.noticeEndsOn);
      return this.finalize(e.id);
    },
    async holdings(query = '') {
      return allPages<{ shareholderId: string; shareClass: string; quantity: string; frozen: string }>(t, `${base}/holdings${query}`, world.tokens.auditor, 1000);
    },
  };
}

/** Valid 身份证 numbers (GB 11643 check digits computed). */
export const IDS = {
  a: '441900198001011237',
  b: '441900199002150022',
  c: '441900197512314569',
  d: '11010519491231002X',
};

/** The n-th valid 身份证 of a made-up Dongguan village: birth dates from 1960 on, sequence from n. */
export function idFor(n: number): string {
  const birth = new Date(Date.UTC(1960, 0, 1) + n * 86_400_000 * 17).toISOString().slice(0, 10).replace(/-/g, '');
  const first17 = `441900${birth}${String(n % 1000).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
}
