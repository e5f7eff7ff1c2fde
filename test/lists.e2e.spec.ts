import { bearer, seedWorld, startTestApp, TestApp, World } from './support/test-app.js';
import { allPages } from './support/pages.js';
import { idFor, sharesClient } from './support/shares.js';
import { bookSpecYear } from './support/year.js';

type Row = Record<string, unknown>;

interface ListCase {
  path: () => string;
  token: () => string;
  /** What identifies a row of this list. */
  key: (row: Row) => string;
  /** Writes a row the list shows, while the walk is under way (none for lists nothing is added to here). */
  insert?: (n: number) => Promise<void>;
}

/**
 * SPEC §5, issue 12: every list route, walked page by page (a small limit) while rows are inserted
 * between the pages, gives each row that existed before the walk exactly once, in the list's order;
 * inserted rows may appear or not, never twice.
 */
describe('lists: keyset pages (SPEC §5)', () => {
  let t: TestApp;
  let world: World;
  let ledgerId: string;
  let planId: string;
  let holder: string;
  let householdId: string;
  let packId: string;
  const org = () => `/api/v1/orgs/${world.unionId}`;
  const ok = async (res: PromiseLike<{ status: number; body: unknown }>, status: number, what: string) => {
    const r = await res;
    if (r.status !== status) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body as Row;
  };
  const post = (path: string, token: string, body: object, what: string) => ok(t.http().post(path).set(bearer(token)).send(body), 201, what);

  beforeAll(async () => {
    t = await startTestApp({ withProcessors: true });
    world = await seedWorld(t);
    ({ ledgerId } = await bookSpecYear(t, world));
    const sh = sharesClient(t, world);
    sh.clock.setToday('2024-01-01');
    await t.http().patch(`${org()}/settings`).set(bearer(world.tokens.board)).send({ noticeDays: 0 });
    for (const [code, name] of [['BASIC', '基本股'], ['LABOR', '劳龄股'], ['RAISED', '募集股']]) await sh.shareClass(code, name, '1', { transferable: true, inheritable: true });
    const households = [];
    for (let i = 1; i <= 7; i++) households.push((await sh.household(`H${String(i).padStart(3, '0')}`)).id);
    householdId = households[0];
    const legs = [];
    for (let i = 1; i <= 11; i++) {
      const { id } = await sh.shareholder(String(i).padStart(4, '0'), i % 2 ? `陈${i}` : `李${i}`, idFor(i), households[i % households.length]);
      legs.push({ shareholderId: id, shareClass: 'BASIC', quantity: String(10 * i) }, { shareholderId: id, shareClass: 'LABOR', quantity: '2' });
      if (i === 3) holder = id;
    }
    await sh.effect({ type: 'initial_allocation', effectiveDate: '2024-01-01', legs });
    await t.sql(`UPDATE users SET shareholder_id = $1 WHERE username = 'shareholder'`, [holder]);
    const plan = await post(`${org()}/distributions`, world.tokens.accountant, { ledgerId, fiscalYear: 2024, reservePercent: '30.00', totalAmount: '3000000.00' }, 'plan');
    planId = plan.id as string;
    await post(`${org()}/distributions`, world.tokens.accountant, { ledgerId, fiscalYear: 2059, reservePercent: '0', totalAmount: '99999999.00', override: { reason: '列表测试：超出可分配' } }, 'plan with a warning');
    const job = await ok(t.http().post(`${org()}/distributions/${planId}/calculate`).set(bearer(world.tokens.accountant)), 202, 'calculate');
    for (let i = 0; i < 200; i++) {
      const state = (await t.http().get(`/api/v1/jobs/${job.jobId}`).set(bearer(world.tokens.accountant))).body.state;
      if (state === 'completed') break;
      if (state === 'failed') throw new Error('calculation failed');
      await new Promise((r) => setTimeout(r, 50));
    }
    // Supervision: the closed months published packs; a late-close warning per month; two objections.
    await ok(t.http().post(`/api/v1/orgs/${world.townId}/warning-thresholds`).set(bearer(world.tokens.supervisor)).send({ param: 'close_due_day', value: '1.00', effectiveFrom: '2024-01-01' }), 200, 'threshold');
    const publicLedger = await post(`${org()}/ledgers`, world.tokens.accountant, { name: '公共开支账', kind: 'public', chart: '2023', startPeriod: '2024-01' }, 'public ledger');
    for (const period of ['2024-01', '2024-02', '2024-03', '2024-04']) await ok(t.http().post(`${org()}/ledgers/${publicLedger.id}/periods/${period}/close`).set(bearer(world.tokens.accountant)), 200, `close ${period}`);
    sh.clock.setToday('2025-01-31');
    await ok(t.http().post(`${org()}/warnings/evaluate`).set(bearer(world.tokens.supervisor)).send({ year: '2024' }), 200, 'evaluate');
    sh.clock.setToday('2024-01-01');
    packId = String(((await ok(t.http().get(`${org()}/disclosure-packs`).set(bearer(world.tokens.shareholder)), 200, 'packs')).items as Row[])[0].id);
    for (const n of [1, 2]) await post(`${org()}/disclosure-packs/${packId}/objections`, world.tokens.shareholder, { lineRef: `trialBalance:${n}`, text: `列表测试异议${n}` }, 'objection');
  }, 120_000);
  afterAll(() => t.close());

  const id = (r: Row) => String(r.id);
  const LISTS: Record<string, ListCase> = {
    organizations: { path: () => '/api/v1/orgs', token: () => world.tokens.admin, key: id },
    users: { path: () => '/api/v1/users', token: () => world.tokens.admin, key: id, insert: async (n) => void (await post('/api/v1/users', world.tokens.admin, { username: `list.user${n}`, password: 'list-password-1', grants: [] }, 'user')) },
    'audit log': { path: () => `${org()}/audit-log`, token: () => world.tokens.auditor, key: id, insert: async (n) => void (await post(`${org()}/households`, world.tokens.accountant, { code: `AUD${n}` }, 'household')) },
    'installation audit log': { path: () => '/api/v1/audit-log', token: () => world.tokens.admin, key: id, insert: async (n) => void (await post('/api/v1/users', world.tokens.admin, { username: `list.audit${n}`, password: 'list-password-1', grants: [] }, 'user')) },
    ledgers: { path: () => `${org()}/ledgers`, token: () => world.tokens.auditor, key: id, insert: async (n) => void (await post(`${org()}/ledgers`, world.tokens.accountant, { name: `账套${n}`, kind: 'public', chart: '2023', startPeriod: '2024-01' }, 'ledger')) },
    accounts: {
      path: () => `${org()}/ledgers/${ledgerId}/accounts`,
      token: () => world.tokens.auditor,
      key: (r) => String(r.code),
      insert: async (n) => void (await post(`${org()}/ledgers/${ledgerId}/accounts`, world.tokens.accountant, { code: `102${String(n + 1).padStart(2, '0')}`, name: `银行${n}`, parentCode: '102' }, 'account')),
    },
    vouchers: {
      path: () => `${org()}/ledgers/${ledgerId}/vouchers`,
      token: () => world.tokens.auditor,
      key: id,
      insert: async (n) => void (await post(`${org()}/ledgers/${ledgerId}/vouchers`, world.tokens.accountant, { date: `2024-0${1 + (n % 9)}-1${n % 10}`, memo: `草稿${n}`, lines: [{ accountCode: '101', debit: '1.00' }, { accountCode: '501', credit: '1.00' }] }, 'draft')),
    },
    periods: { path: () => `${org()}/ledgers/${ledgerId}/periods`, token: () => world.tokens.auditor, key: (r) => String(r.period) },
    households: { path: () => `${org()}/households`, token: () => world.tokens.auditor, key: id, insert: async (n) => void (await post(`${org()}/households`, world.tokens.accountant, { code: `N${n}` }, 'household')) },
    shareholders: {
      path: () => `${org()}/shareholders`,
      token: () => world.tokens.auditor,
      key: id,
      insert: async (n) => void (await post(`${org()}/shareholders`, world.tokens.accountant, { number: `05${String(n).padStart(2, '0')}`, name: `新${n}`, idNumber: idFor(500 + n), householdId, member: true }, 'shareholder')),
    },
    'share classes': { path: () => `${org()}/share-classes`, token: () => world.tokens.auditor, key: (r) => String(r.code), insert: async (n) => void (await post(`${org()}/share-classes`, world.tokens.accountant, { code: `C${n}`, name: `类${n}`, weight: '1', transferable: false, giftable: false, inheritable: false }, 'class')) },
    holdings: { path: () => `${org()}/holdings`, token: () => world.tokens.auditor, key: (r) => `${r.shareholderId}|${r.shareClass}` },
    'holdings as of a date': { path: () => `${org()}/holdings?asOf=2024-01-31`, token: () => world.tokens.auditor, key: (r) => `${r.shareholderId}|${r.shareClass}` },
    'share events': {
      path: () => `${org()}/share-events`,
      token: () => world.tokens.auditor,
      key: id,
      insert: async (n) => void (await post(`${org()}/share-events`, world.tokens.accountant, { type: 'initial_allocation', effectiveDate: `2024-01-${String(1 + (n % 28)).padStart(2, '0')}`, legs: [{ shareholderId: holder, shareClass: 'RAISED', quantity: '1' }] }, 'event')),
    },
    distributions: { path: () => `${org()}/distributions`, token: () => world.tokens.auditor, key: id, insert: async (n) => void (await post(`${org()}/distributions`, world.tokens.accountant, { ledgerId, fiscalYear: 2030 + n, reservePercent: '0', totalAmount: '1.00', override: { reason: '列表测试' } }, 'plan')) },
    'distribution warnings': { path: () => `${org()}/distributions/warnings`, token: () => world.tokens.auditor, key: id, insert: async (n) => void (await post(`${org()}/distributions`, world.tokens.accountant, { ledgerId, fiscalYear: 2060 + n, reservePercent: '0', totalAmount: '99999999.00', override: { reason: '列表测试：超出可分配' } }, 'plan')) },
    allocations: { path: () => `${org()}/distributions/${planId}/allocations`, token: () => world.tokens.auditor, key: (r) => String(r.shareholderId) },
    warnings: { path: () => `${org()}/warnings`, token: () => world.tokens.supervisor, key: id },
    'disclosure packs': { path: () => `${org()}/disclosure-packs`, token: () => world.tokens.shareholder, key: id },
    'disclosure objections': {
      path: () => `${org()}/disclosure-objections`,
      token: () => world.tokens.accountant,
      key: id,
      insert: async (n) => void (await post(`${org()}/disclosure-packs/${packId}/objections`, world.tokens.shareholder, { lineRef: 'trialBalance:0', text: `翻页时的异议${n}` }, 'objection')),
    },
    'my holdings': { path: () => '/api/v1/me/holdings', token: () => world.tokens.shareholder, key: (r) => String(r.orgId) },
    'my share events': { path: () => '/api/v1/me/share-events', token: () => world.tokens.shareholder, key: (r) => `${r.orgId}|${(r.event as Row).id}` },
  };

  for (const [name, list] of Object.entries(LISTS)) {
    it(`${name}: the pages, concatenated, are the whole list, with rows inserted between pages`, async () => {
      const before = await allPages(t, list.path(), list.token(), 1000);
      expect(before.length).toBeGreaterThan(0);
      const walked: Row[] = [];
      let cursor: string | null = null;
      let n = 0;
      let pageCount = 0;
      do {
        const sep = list.path().includes('?') ? '&' : '?';
        const res: { status: number; body: { items: Row[]; nextCursor: string | null } } = await t.http().get(`${list.path()}${sep}limit=3${cursor ? `&cursor=${cursor}` : ''}`).set(bearer(list.token()));
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(3);
        if (res.body.nextCursor !== null) expect(res.body.items).toHaveLength(3);
        walked.push(...res.body.items);
        cursor = res.body.nextCursor;
        pageCount++;
        if (list.insert) await list.insert(++n);
      } while (cursor !== null && pageCount < 500);
      expect(cursor).toBeNull();
      const keys = walked.map(list.key);
      expect(new Set(keys).size).toBe(keys.length);
      const walkedKeys = new Set(keys);
      expect(before.map(list.key).filter((k) => !walkedKeys.has(k))).toEqual([]);
      // The rows already there come in the list's order.
      const beforeKeys = new Set(before.map(list.key));
      expect(keys.filter((k) => beforeKeys.has(k))).toEqual(before.map(list.key));
      // Nothing invented: every row walked is in the list afterwards.
      const after = new Set((await allPages(t, list.path(), list.token(), 1000)).map(list.key));
      expect(keys.filter((k) => !after.has(k))).toEqual([]);
      if (list.insert) expect(after.size).toBe(before.length + n);
    });
  }

  it('limit is 1 to 1000 (default 100); a cursor not made by the list is 400 INVALID_CURSOR', async () => {
    const path = `${org()}/shareholders`;
    for (const limit of ['0', '1001', 'x', '-1', '1.5']) {
      const res = await t.http().get(`${path}?limit=${limit}`).set(bearer(world.tokens.auditor));
      expect([limit, res.status, res.body.code, res.body.details?.[0]?.field]).toEqual([limit, 400, 'VALIDATION_FAILED', 'limit']);
    }
    const total = (await allPages(t, `${org()}/audit-log`, world.tokens.auditor, 1000)).length;
    const audit = await t.http().get(`${org()}/audit-log`).set(bearer(world.tokens.auditor));
    expect([audit.body.items.length, audit.body.nextCursor === null]).toEqual([Math.min(100, total), total <= 100]);
    const first = (await t.http().get(`${path}?limit=2`).set(bearer(world.tokens.auditor))).body;
    const [body, mac] = first.nextCursor.split('.');
    const forged = Buffer.from(JSON.stringify(['shareholders', '0009'])).toString('base64url');
    const otherList = (await t.http().get(`${org()}/households?limit=2`).set(bearer(world.tokens.auditor))).body.nextCursor;
    for (const cursor of [`${forged}.${mac}`, `${body}.${mac.slice(1)}x`, `${body}x.${mac}`, otherList, 'abc.def']) {
      const res = await t.http().get(`${path}?limit=2&cursor=${cursor}`).set(bearer(world.tokens.auditor));
      expect([cursor, res.status, res.body.code]).toEqual([cursor, 400, 'INVALID_CURSOR']);
    }
    const bad = await t.http().get(`${path}?cursor=${encodeURIComponent('not a cursor!')}`).set(bearer(world.tokens.auditor));
    expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('filters are query parameters: vouchers by period, status, account, text and amount', async () => {
    const base = `${org()}/ledgers/${ledgerId}/vouchers`;
    const memos = async (q: string) => (await allPages<{ memo: string; number: string | null }>(t, `${base}?${q}`, world.tokens.auditor, 2)).map((v) => v.memo);
    expect(await memos('period=2024-03&status=posted')).toEqual(['收到厂房及商铺租金', '收到投资分红']);
    expect(await memos('text=收到&status=posted')).toEqual(['收到厂房及商铺租金', '收到投资分红', '收到上级补助及其他收入']);
    expect(await memos('text=收益&status=posted')).toEqual(['结转本年收益']);
    expect(await memos('account=502')).toEqual(['收到投资分红', '结转本年收入']);
    expect(await memos('amount=8000000.00')).toEqual(['收到厂房及商铺租金', '结转本年收入']);
    expect(await memos('account=10201&amount=300000.00')).toEqual(['收到上级补助及其他收入']);
    const bad = await t.http().get(`${base}?amount=1.005&account=1x`).set(bearer(world.tokens.auditor));
    expect([bad.status, bad.body.details.map((d: { field: string }) => d.field).sort()]).toEqual([400, ['account', 'amount']]);
  });

  it('filters: share events by type, status and holder; shareholders by text, number and household; allocations by holder', async () => {
    const events = (q: string) => allPages<{ type: string; status: string }>(t, `${org()}/share-events?${q}`, world.tokens.auditor, 2);
    const effective = await events('type=initial_allocation&status=effective');
    expect(effective.map((e) => `${e.type} ${e.status}`)).toEqual(['initial_allocation effective']);
    expect((await events(`shareholderId=${holder}&type=initial_allocation&status=effective`)).length).toBe(1);
    const badEvents = await t.http().get(`${org()}/share-events?type=sale&shareholderId=x`).set(bearer(world.tokens.auditor));
    expect([badEvents.status, badEvents.body.details.map((d: { field: string }) => d.field).sort()]).toEqual([400, ['shareholderId', 'type']]);
    const numbers = async (q: string) => (await allPages<{ number: string }>(t, `${org()}/shareholders?${q}`, world.tokens.auditor, 2)).map((s) => s.number);
    expect(await numbers('text=李')).toEqual(['0002', '0004', '0006', '0008', '0010']);
    expect(await numbers('number=0007')).toEqual(['0007']);
    expect(await numbers(`householdId=${householdId}&text=陈`)).toEqual(['0007']);
    const mine = await allPages<{ shareholderId: string; gross: string }>(t, `${org()}/distributions/${planId}/allocations?shareholderId=${holder}`, world.tokens.auditor);
    expect(mine.map((a) => a.shareholderId)).toEqual([holder]);
  });

  it('reports are not paged: the 股东名册 answers every line at once', async () => {
    const register = await t.http().get(`${org()}/register?limit=3`).set(bearer(world.tokens.auditor));
    expect(register.status).toBe(400);
    const whole = await t.http().get(`${org()}/register?asOf=2024-01-31`).set(bearer(world.tokens.auditor));
    expect(whole.body.items.map((l: { number: string }) => l.number)).toEqual(Array.from({ length: 11 }, (_, i) => String(i + 1).padStart(4, '0')));
  });
});
