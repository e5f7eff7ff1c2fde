import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { bearer, seedWorld, startTestApp, TestApp, World } from './support/test-app.js';
import { booksClient } from './support/books.js';
import { idFor, sharesClient } from './support/shares.js';

type Snapshot = { head: unknown; holdings: unknown[]; events: unknown[]; vouchers: number; holders: unknown[] };

/**
 * Issue 11 §1, §2 and §4 (share register): every event of a sweep is all-or-nothing, the register's
 * integrity check proves the maintained holdings equal the replay, back-dated events and holders who
 * change during the 公示 are refused with nothing written, and a shareholder sees only their own legs.
 */
describe('share register hardening (issue 11)', () => {
  let t: TestApp;
  let world: World;

  /** Everything a refused request might have written in one organization. */
  const snapshot = async (orgId: string): Promise<Snapshot> => ({
    head: (await t.sql(`SELECT seq::text, hash FROM audit_heads WHERE org_id = $1`, [orgId]))[0] ?? null,
    holdings: await t.sql(`SELECT shareholder_id, class_code, quantity::text, frozen::text FROM holdings WHERE org_id = $1 ORDER BY shareholder_id, class_code`, [orgId]),
    events: await t.sql(`SELECT id, status, voucher_id, notice_ends_on::text, effective_at FROM share_events WHERE org_id = $1 ORDER BY id`, [orgId]),
    vouchers: Number((await t.sql<{ n: string }>(`SELECT count(*) AS n FROM vouchers WHERE org_id = $1`, [orgId]))[0].n),
    holders: await t.sql(`SELECT id, status, member FROM shareholders WHERE org_id = $1 ORDER BY id`, [orgId]),
  });
  const integrity = async (orgId: string) => (await t.http().get(`/api/v1/orgs/${orgId}/register/integrity`).set(bearer(world.tokens.auditor))).body;
  const CLEAN = { ok: true, holdingDifferences: [], problems: [] };

  beforeAll(async () => {
    t = await startTestApp({ withProcessors: true });
    world = await seedWorld(t);
    // The 经济社 keeps no books here: its accountant and board are the 经联社's.
    const grant = await t
      .http()
      .post(`/api/v1/users/${world.userIds.accountant}/grants`)
      .set(bearer(world.tokens.admin))
      .send({ grants: [{ orgId: world.coopId, role: 'accountant' }] });
    expect(grant.status).toBe(201);
    expect((await t.http().post(`/api/v1/users/${world.userIds.board}/grants`).set(bearer(world.tokens.admin)).send({ grants: [{ orgId: world.coopId, role: 'board' }] })).status).toBe(201);
  });
  afterAll(() => t.close());

  describe('§1 the sweep: a failed event writes nothing (organization without a collective ledger)', () => {
    let sh: ReturnType<typeof sharesClient>;
    const ids: Record<string, string> = {};
    let purchaseId: string;
    let transferId: string;
    const holdingRows = () => t.sql(`SELECT s.number, h.class_code, h.quantity::text, h.frozen::text FROM holdings h JOIN shareholders s ON s.org_id = h.org_id AND s.id = h.shareholder_id WHERE h.org_id = $1 ORDER BY 1, 2`, [world.coopId]);

    beforeAll(async () => {
      sh = sharesClient(t, world, world.coopId);
      sh.clock.setToday('2025-03-03');
      expect((await t.http().patch(`/api/v1/orgs/${world.coopId}/settings`).set(bearer(world.tokens.board)).send({ noticeDays: 0 })).status).toBe(200);
      await sh.shareClass('BASE', '基本股', '1', { transferable: true, inheritable: true });
      const hh = await sh.household('C1');
      ids.a = (await sh.shareholder('0001', '梁一', idFor(101), hh.id)).id;
      ids.b = (await sh.shareholder('0002', '梁二', idFor(102), hh.id)).id;
      await sh.effect({ type: 'initial_allocation', effectiveDate: '2025-03-03', legs: [{ shareholderId: ids.a, shareClass: 'BASE', quantity: '10' }] });
      purchaseId = (await sh.apply({ type: 'purchase', effectiveDate: '2025-03-03', price: '2.00', legs: [{ shareholderId: ids.b, shareClass: 'BASE', quantity: '10.0000' }] })).id;
      await sh.approve(purchaseId);
      transferId = (await sh.apply({ type: 'transfer', effectiveDate: '2025-03-03', legs: [{ shareholderId: ids.a, shareClass: 'BASE', quantity: '-3' }, { shareholderId: ids.b, shareClass: 'BASE', quantity: '3' }] })).id;
      await sh.approve(transferId);
    });

    it('HTTP finalize-due: the purchase fails with LEDGER_NOT_FOUND and writes nothing, the transfer takes effect; three calls change nothing more', async () => {
      expect(await holdingRows()).toEqual([{ number: '0001', class_code: 'BASE', quantity: '10.0000', frozen: '0.0000' }]);
      const before = await snapshot(world.coopId);
      const first = await t.http().post(`${sh.base}/share-events/finalize-due`).set(bearer(world.tokens.board));
      expect(first.status).toBe(200);
      expect(first.body).toEqual({ finalized: [transferId], failed: [{ id: purchaseId, code: 'LEDGER_NOT_FOUND', message: 'The organization has no collective ledger to book the money in' }] });
      expect(await holdingRows()).toEqual([
        { number: '0001', class_code: 'BASE', quantity: '7.0000', frozen: '0.0000' },
        { number: '0002', class_code: 'BASE', quantity: '3.0000', frozen: '0.0000' },
      ]);
      // Exactly one audit row (the transfer's), none for the purchase.
      const audit = await t.sql(`SELECT action, entity_id FROM audit_log WHERE org_id = $1 AND seq > $2 ORDER BY seq`, [world.coopId, (before.head as { seq: string }).seq]);
      expect(audit).toEqual([{ action: 'share_event.effective', entity_id: transferId }]);
      const [purchase] = await t.sql(`SELECT status, voucher_id, effective_at FROM share_events WHERE id = $1`, [purchaseId]);
      expect(purchase).toEqual({ status: 'public_notice', voucher_id: null, effective_at: null });

      const afterFirst = await snapshot(world.coopId);
      for (let i = 0; i < 3; i++) {
        const again = await t.http().post(`${sh.base}/share-events/finalize-due`).set(bearer(world.tokens.board));
        expect([again.status, again.body]).toEqual([200, { finalized: [], failed: [{ id: purchaseId, code: 'LEDGER_NOT_FOUND', message: 'The organization has no collective ledger to book the money in' }] }]);
      }
      expect(await snapshot(world.coopId)).toEqual(afterFirst);
      expect(await sh.holdings('?asOf=2025-03-03')).toEqual(await sh.holdings());
      expect(await integrity(world.coopId)).toEqual(CLEAN);
    });

    it('the nightly job (queue shares) does the same: the failed event is reported, nothing written', async () => {
      const before = await snapshot(world.coopId);
      const queue = t.app.get<Queue>(getQueueToken('shares'), { strict: false });
      const job = await queue.add('finalize-due', { orgId: world.coopId, requestedBy: null });
      expect(await job.finished()).toEqual({ finalized: [], failed: [{ id: purchaseId, code: 'LEDGER_NOT_FOUND', message: 'The organization has no collective ledger to book the money in' }] });
      expect(await snapshot(world.coopId)).toEqual(before);
      expect(await integrity(world.coopId)).toEqual(CLEAN);
    });

    it('with a collective ledger whose month is closed the purchase fails with PERIOD_CLOSED, over HTTP and in the job, and writes nothing', async () => {
      const books = booksClient(t, world, world.coopId);
      const ledger = await books.createLedger('集体经济账', '2025-03');
      await books.close(ledger.id, '2025-03');
      const before = await snapshot(world.coopId);
      const failed = { finalized: [], failed: [{ id: purchaseId, code: 'PERIOD_CLOSED', message: 'Period 2025-03 is closed' }] };
      const res = await t.http().post(`${sh.base}/share-events/finalize-due`).set(bearer(world.tokens.board));
      expect([res.status, res.body]).toEqual([200, failed]);
      const queue = t.app.get<Queue>(getQueueToken('shares'), { strict: false });
      expect(await (await queue.add('finalize-due', { orgId: world.coopId, requestedBy: null })).finished()).toEqual(failed);
      expect(await snapshot(world.coopId)).toEqual(before);
      expect(await holdingRows()).toEqual([
        { number: '0001', class_code: 'BASE', quantity: '7.0000', frozen: '0.0000' },
        { number: '0002', class_code: 'BASE', quantity: '3.0000', frozen: '0.0000' },
      ]);
      expect(await integrity(world.coopId)).toEqual(CLEAN);
    });

    it('the integrity check reports a maintained holding changed in SQL, and a replay that goes negative on a date', async () => {
      await t.sql(`UPDATE holdings SET quantity = quantity + 1 WHERE org_id = $1 AND shareholder_id = $2`, [world.coopId, ids.a]);
      expect(await integrity(world.coopId)).toEqual({
        ok: false,
        holdingDifferences: [{ shareholderId: ids.a, shareClass: 'BASE', maintained: { quantity: '8.0000', frozen: '0.0000' }, replayed: { quantity: '7.0000', frozen: '0.0000' } }],
        problems: [],
      });
      await t.sql(`UPDATE holdings SET quantity = quantity - 1 WHERE org_id = $1 AND shareholder_id = $2`, [world.coopId, ids.a]);
      // An effective event written in SQL, dated before the allocation, never passing through the status trigger.
      await t.sql(`INSERT INTO share_events (org_id, id, type, status, effective_date) VALUES ($1, '00000000-0000-4000-8000-0000000000c1', 'transfer', 'effective', '2025-03-01')`, [world.coopId]);
      await t.sql(
        `INSERT INTO share_event_legs (org_id, event_id, leg_no, shareholder_id, class_code, quantity) VALUES ($1, '00000000-0000-4000-8000-0000000000c1', 1, $2, 'BASE', -2), ($1, '00000000-0000-4000-8000-0000000000c1', 2, $3, 'BASE', 2)`,
        [world.coopId, ids.a, ids.b],
      );
      const report = await integrity(world.coopId);
      expect(report.ok).toBe(false);
      expect(report.problems).toEqual([{ kind: 'INSUFFICIENT_SHARES', ref: '0001 BASE 2025-03-01: -2.0000 held, 0.0000 frozen' }]);
      expect(report.holdingDifferences).toEqual([
        { shareholderId: ids.a, shareClass: 'BASE', maintained: { quantity: '7.0000', frozen: '0.0000' }, replayed: { quantity: '5.0000', frozen: '0.0000' } },
        { shareholderId: ids.b, shareClass: 'BASE', maintained: { quantity: '3.0000', frozen: '0.0000' }, replayed: { quantity: '5.0000', frozen: '0.0000' } },
      ].sort((x, y) => (x.shareholderId < y.shareholderId ? -1 : 1)));
    });
  });

  describe('§2 rules hold on the effective date and at finalize', () => {
    let sh: ReturnType<typeof sharesClient>;
    const p: Record<string, string> = {};
    const refused = async (res: { status: number; body: { code: string; message: string } }) => [res.status, res.body.code, res.body.message];
    const holdingOf = async (who: string, query = '') => (await sh.holdings(query)).filter((h) => h.shareholderId === p[who]).map((h) => `${h.shareClass} ${h.quantity} ${h.frozen}`);

    beforeAll(async () => {
      sh = sharesClient(t, world);
      sh.clock.setToday('2024-07-01');
      expect((await t.http().patch(`/api/v1/orgs/${world.unionId}/settings`).set(bearer(world.tokens.board)).send({ noticeDays: 0 })).status).toBe(200);
      await sh.shareClass('BASIC', '基本股', '1', { transferable: true, giftable: true, inheritable: true });
      const hh = await sh.household('U1');
      for (const [key, n, name] of [['a', 1, '甲'], ['b', 2, '乙'], ['c', 3, '丙'], ['d', 4, '丁'], ['e', 5, '戊'], ['f', 6, '己'], ['g', 7, '庚'], ['h', 8, '辛']] as const) {
        p[key] = (await sh.shareholder(String(n).padStart(4, '0'), name, idFor(200 + n), hh.id)).id;
      }
      await sh.effect({
        type: 'initial_allocation',
        effectiveDate: '2020-12-31',
        legs: [
          { shareholderId: p.a, shareClass: 'BASIC', quantity: '10' },
          { shareholderId: p.b, shareClass: 'BASIC', quantity: '10' },
          { shareholderId: p.e, shareClass: 'BASIC', quantity: '8' },
          { shareholderId: p.g, shareClass: 'BASIC', quantity: '10' },
        ],
      });
    });

    it('A holds 10 from 2020-12-31, B→A 5 dated 2024-06-01 effective: A→C 15 dated 2024-03-01 is refused (409 INSUFFICIENT_SHARES), nothing written', async () => {
      await sh.effect({ type: 'transfer', effectiveDate: '2024-06-01', legs: [{ shareholderId: p.b, shareClass: 'BASIC', quantity: '-5' }, { shareholderId: p.a, shareClass: 'BASIC', quantity: '5' }] });
      expect(await holdingOf('a')).toEqual(['BASIC 15.0000 0.0000']);
      const before = await snapshot(world.unionId);
      const res = await t.http().post(`${sh.base}/share-events`).set(bearer(world.tokens.accountant)).send({
        type: 'transfer',
        effectiveDate: '2024-03-01',
        legs: [{ shareholderId: p.a, shareClass: 'BASIC', quantity: '-15' }, { shareholderId: p.c, shareClass: 'BASIC', quantity: '15' }],
      });
      expect(await refused(res)).toEqual([409, 'INSUFFICIENT_SHARES', 'Shareholder 0001 would hold -5.0000 BASIC shares (0.0000 frozen) on 2024-03-01']);
      expect(res.body.details).toEqual({ shareholderId: p.a, shareClass: 'BASIC', onDate: '2024-03-01' });
      expect(await snapshot(world.unionId)).toEqual(before);
      expect(Number((await t.sql<{ n: string }>(`SELECT count(*) AS n FROM share_event_legs WHERE org_id = $1`, [world.unionId]))[0].n)).toBe(6);
      expect(await holdingOf('a', `?asOf=2024-04-01&shareholderId=${p.a}`)).toEqual(['BASIC 10.0000 0.0000']);
      const register = (await t.http().get(`${sh.base}/register?asOf=2024-04-01`).set(bearer(world.tokens.auditor))).body;
      expect(register.items.find((i: { number: string }) => i.number === '0001').total).toBe('10.0000');
    });

    it('a back-dated transfer that fits every date from its effective date on is accepted (A→C 10 dated 2024-03-01)', async () => {
      await sh.effect({ type: 'transfer', effectiveDate: '2024-03-01', legs: [{ shareholderId: p.a, shareClass: 'BASIC', quantity: '-10' }, { shareholderId: p.c, shareClass: 'BASIC', quantity: '10' }] });
      expect([await holdingOf('a'), await holdingOf('c')]).toEqual([['BASIC 5.0000 0.0000'], ['BASIC 10.0000 0.0000']]);
      expect([await holdingOf('a', '?asOf=2024-04-01'), await holdingOf('a', '?asOf=2024-06-01')]).toEqual([[], ['BASIC 5.0000 0.0000']]);
      expect(await integrity(world.unionId)).toEqual(CLEAN);
    });

    it('at finalize the database refuses an event that fits today but not its own date (single finalize, sweep, and SQL)', async () => {
      // C→D 10 dated 2024-04-01 fits when applied (C holds 10 then) ...
      const late = await sh.apply({ type: 'transfer', effectiveDate: '2024-04-01', legs: [{ shareholderId: p.c, shareClass: 'BASIC', quantity: '-10' }, { shareholderId: p.d, shareClass: 'BASIC', quantity: '10' }] });
      await sh.approve(late.id);
      // ... then C gives 6 away dated 2024-03-15 and gets 6 back dated 2024-06-15: C holds 10 today, 4 on 2024-04-01.
      await sh.effect({ type: 'transfer', effectiveDate: '2024-03-15', legs: [{ shareholderId: p.c, shareClass: 'BASIC', quantity: '-6' }, { shareholderId: p.b, shareClass: 'BASIC', quantity: '6' }] });
      await sh.effect({ type: 'transfer', effectiveDate: '2024-06-15', legs: [{ shareholderId: p.b, shareClass: 'BASIC', quantity: '-6' }, { shareholderId: p.c, shareClass: 'BASIC', quantity: '6' }] });
      expect([await holdingOf('c'), await holdingOf('c', '?asOf=2024-04-01')]).toEqual([['BASIC 10.0000 0.0000'], ['BASIC 4.0000 0.0000']]);
      const before = await snapshot(world.unionId);
      const message = 'Shareholder 0003 would hold -6.0000 BASIC shares (0.0000 frozen) on 2024-04-01';
      const res = await t.http().post(`${sh.base}/share-events/${late.id}/finalize`).set(bearer(world.tokens.board));
      expect(await refused(res)).toEqual([409, 'INSUFFICIENT_SHARES', message]);
      expect(await snapshot(world.unionId)).toEqual(before);
      const sweep = await t.http().post(`${sh.base}/share-events/finalize-due`).set(bearer(world.tokens.board));
      expect(sweep.body).toEqual({ finalized: [], failed: [{ id: late.id, code: 'INSUFFICIENT_SHARES', message }] });
      expect(await snapshot(world.unionId)).toEqual(before);
      await expect(t.sql(`UPDATE share_events SET status = 'effective' WHERE id = $1`, [late.id])).rejects.toThrow(`INSUFFICIENT_SHARES: ${message}`);
      expect(await integrity(world.unionId)).toEqual(CLEAN);
      expect((await t.http().post(`${sh.base}/share-events/${late.id}/cancel`).set(bearer(world.tokens.board)).send({ reason: '日期有误' })).status).toBe(200);
    });

    it('a transfer to a holder who dies during its 公示 is refused at finalize (HOLDER_NOT_ACTIVE); the inheritance then moves the full quantity', async () => {
      await t.http().patch(`/api/v1/orgs/${world.unionId}/settings`).set(bearer(world.tokens.board)).send({ noticeDays: 7 });
      const toE = await sh.apply({ type: 'transfer', effectiveDate: '2024-07-01', legs: [{ shareholderId: p.g, shareClass: 'BASIC', quantity: '-2' }, { shareholderId: p.e, shareClass: 'BASIC', quantity: '2' }] });
      expect((await sh.approve(toE.id)).noticeEndsOn).toBe('2024-07-08');
      sh.clock.setToday('2024-07-03');
      expect((await t.http().patch(`${sh.base}/shareholders/${p.e}`).set(bearer(world.tokens.accountant)).send({ status: 'deceased', deceasedOn: '2024-07-03' })).status).toBe(200);
      const inheritance = await sh.apply({ type: 'inheritance', effectiveDate: '2024-07-03', deceasedId: p.e, heirs: [{ shareholderId: p.f, fraction: '1' }] });
      expect((inheritance as unknown as { legs: unknown[] }).legs).toEqual([
        { shareholderId: p.e, shareClass: 'BASIC', quantity: '-8.0000', frozen: '0.0000' },
        { shareholderId: p.f, shareClass: 'BASIC', quantity: '8.0000', frozen: '0.0000' },
      ]);
      await sh.approve(inheritance.id);
      sh.clock.setToday('2024-07-08');
      const before = await snapshot(world.unionId);
      const res = await t.http().post(`${sh.base}/share-events/${toE.id}/finalize`).set(bearer(world.tokens.board));
      expect(await refused(res)).toEqual([409, 'HOLDER_NOT_ACTIVE', 'Shareholder 0005 is deceased']);
      expect(await snapshot(world.unionId)).toEqual(before);
      expect((await t.http().post(`${sh.base}/share-events/${toE.id}/cancel`).set(bearer(world.tokens.board)).send({ reason: '受让人已故' })).status).toBe(200);
      sh.clock.setToday('2024-07-10');
      expect((await sh.finalize(inheritance.id)).status).toBe('effective');
      expect([await holdingOf('e'), await holdingOf('f'), await holdingOf('g')]).toEqual([[], ['BASIC 8.0000 0.0000'], ['BASIC 10.0000 0.0000']]);
      expect(await integrity(world.unionId)).toEqual(CLEAN);
    });

    it('a transfer whose receiver stops being a member, or whose giver exits, during the 公示 is refused at finalize', async () => {
      sh.clock.setToday('2024-07-10');
      const toH = await sh.apply({ type: 'transfer', effectiveDate: '2024-07-10', legs: [{ shareholderId: p.g, shareClass: 'BASIC', quantity: '-1' }, { shareholderId: p.h, shareClass: 'BASIC', quantity: '1' }] });
      await sh.approve(toH.id);
      const fromG = await sh.apply({ type: 'gift', effectiveDate: '2024-07-10', relationship: '父子', legs: [{ shareholderId: p.g, shareClass: 'BASIC', quantity: '-1' }, { shareholderId: p.f, shareClass: 'BASIC', quantity: '1' }] });
      await sh.approve(fromG.id);
      expect((await t.http().patch(`${sh.base}/shareholders/${p.h}`).set(bearer(world.tokens.accountant)).send({ member: false })).status).toBe(200);
      sh.clock.setToday('2024-07-17');
      const before = await snapshot(world.unionId);
      const notMember = await t.http().post(`${sh.base}/share-events/${toH.id}/finalize`).set(bearer(world.tokens.board));
      expect(await refused(notMember)).toEqual([409, 'RECEIVER_NOT_MEMBER', 'Shareholder 0008 is not a member and cannot receive shares']);
      expect(await snapshot(world.unionId)).toEqual(before);
      expect((await t.http().patch(`${sh.base}/shareholders/${p.g}`).set(bearer(world.tokens.accountant)).send({ status: 'exited' })).status).toBe(200);
      const beforeGift = await snapshot(world.unionId);
      const sweep = await t.http().post(`${sh.base}/share-events/finalize-due`).set(bearer(world.tokens.board));
      expect(sweep.body).toEqual({
        finalized: [],
        failed: [
          { id: toH.id, code: 'HOLDER_NOT_ACTIVE', message: 'Shareholder 0007 is exited' },
          { id: fromG.id, code: 'HOLDER_NOT_ACTIVE', message: 'Shareholder 0007 is exited' },
        ],
      });
      expect(await snapshot(world.unionId)).toEqual(beforeGift);
      expect([await holdingOf('g'), await holdingOf('h')]).toEqual([['BASIC 10.0000 0.0000'], []]);
    });
    it('an inheritance whose deceased received shares back during its 公示 is refused (INHERITANCE_INCOMPLETE), and applied again moves everything', async () => {
      sh.clock.setToday('2024-07-17');
      const toD = await sh.effect({ type: 'transfer', effectiveDate: '2024-07-17', legs: [{ shareholderId: p.a, shareClass: 'BASIC', quantity: '-2' }, { shareholderId: p.d, shareClass: 'BASIC', quantity: '2' }] });
      expect(sh.clock.today()).toBe('2024-07-24');
      expect((await t.http().patch(`${sh.base}/shareholders/${p.a}`).set(bearer(world.tokens.accountant)).send({ status: 'deceased', deceasedOn: '2024-07-24' })).status).toBe(200);
      const first = await sh.apply({ type: 'inheritance', effectiveDate: '2024-07-24', deceasedId: p.a, heirs: [{ shareholderId: p.f, fraction: '1' }] });
      await sh.approve(first.id);
      // The transfer to D was a mistake: its correction gives the 2 shares back to the estate.
      await sh.effect({ type: 'correction', effectiveDate: '2024-07-24', correctsEventId: toD.id });
      expect(await holdingOf('a')).toEqual(['BASIC 5.0000 0.0000']);
      const before = await snapshot(world.unionId);
      const res = await t.http().post(`${sh.base}/share-events/${first.id}/finalize`).set(bearer(world.tokens.board));
      expect(await refused(res)).toEqual([409, 'INHERITANCE_INCOMPLETE', 'Shareholder 0001 would keep 2.0000 BASIC: apply the inheritance again']);
      expect(await snapshot(world.unionId)).toEqual(before);
      expect((await t.http().post(`${sh.base}/share-events/${first.id}/cancel`).set(bearer(world.tokens.board)).send({ reason: '遗产有变' })).status).toBe(200);
      await sh.effect({ type: 'inheritance', effectiveDate: '2024-07-24', deceasedId: p.a, heirs: [{ shareholderId: p.f, fraction: '1' }] });
      expect([await holdingOf('a'), await holdingOf('f'), await holdingOf('d')]).toEqual([[], ['BASIC 13.0000 0.0000'], []]);
      expect(await integrity(world.unionId)).toEqual(CLEAN);
    });
  });

  describe('§4 /me/share-events shows the caller’s own legs only', () => {
    it('the holder B sees the initial allocation and the transfers with their own legs, never another holder’s id or quantity', async () => {
      const [b] = await t.sql<{ id: string }>(`SELECT id FROM shareholders WHERE org_id = $1 AND number = '0002'`, [world.unionId]);
      await t.sql(`UPDATE users SET shareholder_id = $1 WHERE username = 'shareholder'`, [b.id]);
      const res = await t.http().get('/api/v1/me/share-events').set(bearer(world.tokens.shareholder));
      expect(res.status).toBe(200);
      // The paged list (SPEC §5): one item per event, each with its organization.
      expect(res.body.nextCursor).toBeNull();
      expect([...new Set(res.body.items.map((o: { orgId: string }) => o.orgId))]).toEqual([world.unionId]);
      const events = res.body.items.map((o: { event: unknown }) => o.event) as { type: string; effectiveDate: string; legs: unknown[] }[];
      expect(events.map((e) => [e.type, e.effectiveDate, e.legs])).toEqual([
        ['initial_allocation', '2020-12-31', [{ shareholderId: b.id, shareClass: 'BASIC', quantity: '10.0000', frozen: '0.0000' }]],
        ['transfer', '2024-03-15', [{ shareholderId: b.id, shareClass: 'BASIC', quantity: '6.0000', frozen: '0.0000' }]],
        ['transfer', '2024-06-01', [{ shareholderId: b.id, shareClass: 'BASIC', quantity: '-5.0000', frozen: '0.0000' }]],
        ['transfer', '2024-06-15', [{ shareholderId: b.id, shareClass: 'BASIC', quantity: '-6.0000', frozen: '0.0000' }]],
      ]);
      const others = await t.sql<{ id: string }>(`SELECT id FROM shareholders WHERE org_id = $1 AND id <> $2`, [world.unionId, b.id]);
      const text = JSON.stringify(res.body);
      expect(others.filter((o) => text.includes(o.id))).toEqual([]);
      // An heir sees their side of the inheritances, not the deceased's legs.
      const [f] = await t.sql<{ id: string }>(`SELECT id FROM shareholders WHERE org_id = $1 AND number = '0006'`, [world.unionId]);
      await t.sql(`UPDATE users SET shareholder_id = $1 WHERE username = 'shareholder'`, [f.id]);
      const heir = (await t.http().get('/api/v1/me/share-events').set(bearer(world.tokens.shareholder))).body.items.map((o: { event: unknown }) => o.event) as { type: string; status: string; legs: { quantity: string }[]; details: unknown }[];
      expect(heir.filter((e) => e.status === 'effective').map((e) => [e.type, e.legs.map((l) => l.quantity), e.details])).toEqual([
        ['inheritance', ['8.0000'], { heirs: [{ shareholderId: f.id, fraction: '1' }], nonMemberHeirs: [] }],
        ['inheritance', ['5.0000'], { heirs: [{ shareholderId: f.id, fraction: '1' }], nonMemberHeirs: [] }],
      ]);
      const [a, e] = await t.sql<{ id: string }>(`SELECT id FROM shareholders WHERE org_id = $1 AND number IN ('0001', '0005') ORDER BY number`, [world.unionId]);
      expect([JSON.stringify(heir).includes(a.id), JSON.stringify(heir).includes(e.id)]).toEqual([false, false]);
      // Staff still see every leg of the allocation.
      const all = await t.http().get(`/api/v1/orgs/${world.unionId}/share-events?shareholderId=${b.id}`).set(bearer(world.tokens.auditor));
      expect(all.body.items.find((e: { type: string }) => e.type === 'initial_allocation').legs).toHaveLength(4);
    });
  });
});
