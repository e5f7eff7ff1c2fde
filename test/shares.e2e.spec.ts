import ExcelJS from 'exceljs';
import { bearer, binary, seedWorld, startTestApp, TestApp, World } from './support/test-app.js';
import { booksClient } from './support/books.js';
import { idFor, sharesClient } from './support/shares.js';

describe('share register (SPEC §2.4)', () => {
  let t: TestApp;
  let world: World;
  let sh: ReturnType<typeof sharesClient>;
  const people: Record<string, string> = {};
  let h1: string;
  let h2: string;
  let allocationId: string;
  let transferId: string;

  const counts = async () =>
    (await t.sql<{ s: number; e: number; h: number }>(`SELECT (SELECT count(*)::int FROM shareholders) AS s, (SELECT count(*)::int FROM share_events) AS e, (SELECT count(*)::int FROM holdings) AS h`))[0];
  const holding = async (who: string, cls: string, query = '') =>
    (await sh.holdings(query)).find((r) => r.shareholderId === people[who] && r.shareClass === cls) ?? { quantity: '0.0000', frozen: '0.0000' };

  beforeAll(async () => {
    t = await startTestApp();
    world = await seedWorld(t);
    sh = sharesClient(t, world);
    sh.clock.setToday('2025-01-10');
    await booksClient(t, world).createLedger('集体经济账', '2025-01');
    await sh.shareClass('BASIC', '基本股', '1', { transferable: true, giftable: true, inheritable: true });
    await sh.shareClass('LABOR', '劳龄股', '0.5', { nonInheritableTo: 'collective' });
    await sh.shareClass('RAISED', '募集股', '1', { transferable: true, inheritable: true, redeemable: true });
    await sh.shareClass('PROJECT', '项目股', '1', { project: true, inheritable: true });
    h1 = (await sh.household('H0001')).id;
    h2 = (await sh.household('H0002')).id;
    const add = async (key: string, n: number, name: string, household: string, member = true) => {
      people[key] = (await sh.shareholder(String(n).padStart(4, '0'), name, idFor(n), household, member)).id;
    };
    await add('a', 1, '陈大文', h1);
    await add('b', 2, '陈小文', h1);
    await add('c', 3, '李春花', h2);
    await add('d', 4, '王外嫁', h2, false);
    await add('e', 5, '张新员', h2);
    await add('x', 6, '黄老伯', h1);
  });
  afterAll(() => t.close());

  describe('shareholders and households', () => {
    it('a wrong 身份证 check digit, a duplicate number or 身份证 → 4xx with a code, nothing written', async () => {
      const before = await counts();
      const wrong = idFor(7).slice(0, 17) + (idFor(7)[17] === '0' ? '1' : '0');
      const bad = await t.http().post(`${sh.base}/shareholders`).set(bearer(world.tokens.accountant)).send({ number: '0007', name: 'x', idNumber: wrong, householdId: h1, member: true });
      expect([bad.status, bad.body.code, bad.body.message]).toEqual([400, 'INVALID_ID_NUMBER', '身份证 check digit is wrong']);
      const dupNumber = await t.http().post(`${sh.base}/shareholders`).set(bearer(world.tokens.accountant)).send({ number: '0001', name: 'x', idNumber: idFor(8), householdId: h1, member: true });
      expect([dupNumber.status, dupNumber.body.code]).toEqual([409, 'SHAREHOLDER_NUMBER_TAKEN']);
      const dupId = await t.http().post(`${sh.base}/shareholders`).set(bearer(world.tokens.accountant)).send({ number: '0009', name: 'x', idNumber: idFor(1), householdId: h1, member: true });
      expect([dupId.status, dupId.body.code]).toEqual([409, 'ID_NUMBER_TAKEN']);
      expect(await counts()).toEqual(before);
    });

    it('a shareholder user sees their own record and holdings, nobody else’s', async () => {
      await t.sql(`UPDATE users SET shareholder_id = $1 WHERE username = 'shareholder'`, [people.c]);
      const mine = await t.http().get('/api/v1/me/holdings').set(bearer(world.tokens.shareholder));
      expect(mine.body.nextCursor).toBeNull();
      expect(mine.body.items).toEqual([
        { orgId: world.unionId, asOf: null, shareholder: expect.objectContaining({ id: people.c, number: '0003', idNumber: idFor(3) }), holdings: [], household: expect.objectContaining({ head: false }) },
      ]);
      // 户内共享: the household's other members by number and name only, never their 身份证.
      const members = mine.body.items[0].household.members as { number: string; name: string; head: boolean; holdings: unknown[] }[];
      expect(members.map((m) => [m.number, m.name, Object.keys(m).sort().join()])).toEqual([
        ['0004', '王外嫁', 'head,holdings,name,number'],
        ['0005', '张新员', 'head,holdings,name,number'],
      ]);
      for (const n of [1, 4, 5]) expect(JSON.stringify(mine.body)).not.toContain(idFor(n));
      const bad = await t.http().get('/api/v1/me/holdings?asOf=2024-02-30').set(bearer(world.tokens.shareholder));
      expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      const staffOnly = await t.http().get(`${sh.base}/shareholders/${people.a}`).set(bearer(world.tokens.shareholder));
      expect(staffOnly.status).toBe(403);
    });

    it('the 身份证 is masked for everyone but the organization’s accountant, and searchable exactly', async () => {
      const asAuditor = await t.http().get(`${sh.base}/shareholders/${people.a}`).set(bearer(world.tokens.auditor));
      expect(asAuditor.body.idNumber).toBe(`${idFor(1).slice(0, 6)}********${idFor(1).slice(14)}`);
      const asAccountant = await t.http().get(`${sh.base}/shareholders?idNumber=${idFor(1)}`).set(bearer(world.tokens.accountant));
      expect(asAccountant.body.items.map((s: { number: string; idNumber: string }) => [s.number, s.idNumber])).toEqual([['0001', idFor(1)]]);
    });
  });

  describe('events', () => {
    it('initial allocation takes effect only after the 公示 and the board’s finalize', async () => {
      const e = await sh.apply({
        type: 'initial_allocation',
        effectiveDate: '2025-01-10',
        documents: ['股权固化决议 2025-01'],
        legs: [
          { shareholderId: people.a, shareClass: 'BASIC', quantity: '10.0000' },
          { shareholderId: people.a, shareClass: 'LABOR', quantity: '4' },
          { shareholderId: people.b, shareClass: 'BASIC', quantity: '10' },
          { shareholderId: people.c, shareClass: 'BASIC', quantity: '5' },
          { shareholderId: people.x, shareClass: 'BASIC', quantity: '10' },
          { shareholderId: people.x, shareClass: 'RAISED', quantity: '10' },
          { shareholderId: people.x, shareClass: 'LABOR', quantity: '4' },
        ],
      });
      allocationId = e.id;
      expect(e.status).toBe('pending');
      expect(await sh.holdings()).toEqual([]);
      const approved = await sh.approve(e.id);
      expect([approved.status, approved.noticeEndsOn]).toEqual(['public_notice', '2025-01-17']);
      const early = await t.http().post(`${sh.base}/share-events/${e.id}/finalize`).set(bearer(world.tokens.board));
      expect([early.status, early.body.code]).toEqual([409, 'NOTICE_NOT_ENDED']);
      sh.clock.setToday('2025-01-17');
      expect((await sh.finalize(e.id)).status).toBe('effective');
      expect((await holding('a', 'BASIC')).quantity).toBe('10.0000');
      expect((await holding('a', 'LABOR')).quantity).toBe('4.0000');
    });

    it('an objection during the 公示 sends the event back to pending with the objection attached', async () => {
      const e = await sh.apply({ type: 'transfer', effectiveDate: '2025-01-20', legs: [{ shareholderId: people.a, shareClass: 'BASIC', quantity: '-2' }, { shareholderId: people.c, shareClass: 'BASIC', quantity: '2' }] });
      transferId = e.id;
      await sh.approve(e.id);
      const objected = await t.http().post(`${sh.base}/share-events/${e.id}/objections`).set(bearer(world.tokens.shareholder)).send({ reason: '转让价格未经户内商议' });
      expect(objected.status).toBe(200);
      expect(objected.body.status).toBe('pending');
      // The member is answered with their own leg only (as /me/share-events): not 0001's side, not who else objected.
      expect(objected.body.objections).toEqual([{ at: expect.any(String), reason: '转让价格未经户内商议' }]);
      expect(objected.body.legs).toEqual([{ shareholderId: people.c, shareClass: 'BASIC', quantity: '2.0000', frozen: '0.0000' }]);
      const asStaff = await t.http().get(`${sh.base}/share-events/${e.id}`).set(bearer(world.tokens.auditor));
      expect(asStaff.body.objections).toEqual([{ at: expect.any(String), by: world.userIds.shareholder, reason: '转让价格未经户内商议' }]);
      await sh.approve(e.id);
      sh.clock.setToday('2025-01-24');
      await sh.finalize(e.id);
      expect([(await holding('a', 'BASIC')).quantity, (await holding('c', 'BASIC')).quantity]).toEqual(['8.0000', '7.0000']);
    });

    it('holdings as of a date replay the effective events up to it', async () => {
      expect((await holding('a', 'BASIC', '?asOf=2025-01-19')).quantity).toBe('10.0000');
      expect((await holding('a', 'BASIC', '?asOf=2025-01-20')).quantity).toBe('8.0000');
      expect(await sh.holdings('?asOf=2025-01-09')).toEqual([]);
    });

    it('transfer and gift rejections: non-member receiver, non-transferable class, more than held, 5 decimals, too far ahead, self-approval', async () => {
      const before = await counts();
      const tryApply = async (body: Record<string, unknown>) => {
        const res = await t.http().post(`${sh.base}/share-events`).set(bearer(world.tokens.accountant)).send(body);
        return [res.status, res.body.code];
      };
      const legs = (cls: string, q: string, to = people.c) => [
        { shareholderId: people.a, shareClass: cls, quantity: `-${q}` },
        { shareholderId: to, shareClass: cls, quantity: q },
      ];
      expect(await tryApply({ type: 'transfer', effectiveDate: '2025-01-24', legs: legs('BASIC', '1', people.d) })).toEqual([409, 'RECEIVER_NOT_MEMBER']);
      expect(await tryApply({ type: 'transfer', effectiveDate: '2025-01-24', legs: legs('LABOR', '1') })).toEqual([409, 'NOT_TRANSFERABLE']);
      expect(await tryApply({ type: 'gift', effectiveDate: '2025-01-24', relationship: '父子', legs: legs('RAISED', '1') })).toEqual([409, 'NOT_GIFTABLE']);
      expect(await tryApply({ type: 'transfer', effectiveDate: '2025-01-24', legs: legs('BASIC', '8.0001') })).toEqual([409, 'INSUFFICIENT_SHARES']);
      expect(await tryApply({ type: 'transfer', effectiveDate: '2025-01-24', legs: legs('BASIC', '1.00001') })).toEqual([400, 'INVALID_QUANTITY']);
      expect(await tryApply({ type: 'transfer', effectiveDate: '2025-01-24', legs: legs('BASIC', '1e0') })).toEqual([400, 'INVALID_QUANTITY']);
      expect(await tryApply({ type: 'transfer', effectiveDate: '2025-04-25', legs: legs('BASIC', '1') })).toEqual([400, 'EFFECTIVE_DATE_INVALID']);
      expect(await tryApply({ type: 'transfer', effectiveDate: '2025-01-24', legs: [legs('BASIC', '1')[0], { shareholderId: people.c, shareClass: 'BASIC', quantity: '2' }] })).toEqual([400, 'SHARE_EVENT_INVALID']);
      expect(await counts()).toEqual(before);

      // The accountant also sits on the board: still cannot approve their own application.
      await t.http().post(`/api/v1/users/${world.userIds.accountant}/grants`).set(bearer(world.tokens.admin)).send({ grants: [{ orgId: world.unionId, role: 'board' }] });
      const own = await sh.apply({ type: 'gift', effectiveDate: '2025-01-24', relationship: '兄弟', legs: legs('BASIC', '1', people.b) });
      const self = await t.http().post(`${sh.base}/share-events/${own.id}/approve`).set(bearer(world.tokens.accountant));
      expect([self.status, self.body.code]).toEqual([403, 'SELF_APPROVAL']);
      await t.http().post(`${sh.base}/share-events/${own.id}/withdraw`).set(bearer(world.tokens.accountant)).send({ reason: '申请人撤回' });
    });

    it('a gift to a close relative and a project investment take effect', async () => {
      const gift = await sh.effect({ type: 'gift', effectiveDate: '2025-01-24', relationship: '父女', documents: ['赠与协议'], legs: [{ shareholderId: people.b, shareClass: 'BASIC', quantity: '-1.5' }, { shareholderId: people.c, shareClass: 'BASIC', quantity: '1.5' }] });
      expect([gift.status, gift.details]).toEqual(['effective', { relationship: '父女' }]);
      expect([(await holding('b', 'BASIC')).quantity, (await holding('c', 'BASIC')).quantity]).toEqual(['8.5000', '8.5000']);
      const project = await sh.effect({ type: 'project_investment', effectiveDate: '2025-01-24', price: '500.00', legs: [{ shareholderId: people.c, shareClass: 'PROJECT', quantity: '3' }] });
      expect(project.details).toEqual({ price: '500.00', amount: '1500.00', bankAccountCode: '102' });
      expect((await holding('c', 'PROJECT')).quantity).toBe('3.0000');
      const lines = await t.sql(`SELECT account_code, debit::text, credit::text FROM journal_lines WHERE voucher_id = $1 ORDER BY line_no`, [project.voucherId]);
      expect(lines).toEqual([
        { account_code: '102', debit: '1500.00', credit: '0.00' },
        { account_code: '301', debit: '0.00', credit: '1500.00' },
      ]);
      // Undo both, so the rest of this suite sees the holdings it expects.
      await sh.effect({ type: 'correction', effectiveDate: '2025-01-24', correctsEventId: gift.id });
      await sh.effect({ type: 'correction', effectiveDate: '2025-01-24', correctsEventId: project.id });
      expect([(await holding('b', 'BASIC')).quantity, (await holding('c', 'PROJECT')).quantity]).toEqual(['10.0000', '0.0000']);
      sh.clock.setToday('2025-01-24');
    });

    it('frozen shares cannot move; freezing needs no 公示; unfreezing frees them', async () => {
      const freeze = await sh.effect({ type: 'freeze', effectiveDate: '2025-01-24', documents: ['法院协助冻结通知书'], legs: [{ shareholderId: people.a, shareClass: 'BASIC', quantity: '3' }] });
      expect(freeze.noticeEndsOn).toBe('2025-01-24');
      expect(await holding('a', 'BASIC')).toMatchObject({ quantity: '8.0000', frozen: '3.0000' });
      const res = await t.http().post(`${sh.base}/share-events`).set(bearer(world.tokens.accountant)).send({
        type: 'transfer',
        effectiveDate: '2025-01-24',
        legs: [{ shareholderId: people.a, shareClass: 'BASIC', quantity: '-6' }, { shareholderId: people.c, shareClass: 'BASIC', quantity: '6' }],
      });
      expect([res.status, res.body.code]).toEqual([409, 'SHARES_FROZEN']);
      await sh.effect({ type: 'unfreeze', effectiveDate: '2025-01-24', legs: [{ shareholderId: people.a, shareClass: 'BASIC', quantity: '3' }] });
      expect(await holding('a', 'BASIC')).toMatchObject({ quantity: '8.0000', frozen: '0.0000' });
    });

    it('inheritance: 3 heirs with 1/3 each → 3.3333, 3.3333, 3.3334; a non-member heir; a non-inheritable class goes to 集体股', async () => {
      const living = await t.http().post(`${sh.base}/share-events`).set(bearer(world.tokens.accountant)).send({
        type: 'inheritance',
        effectiveDate: '2025-01-24',
        deceasedId: people.x,
        heirs: [{ shareholderId: people.a, fraction: '1' }],
      });
      expect([living.status, living.body.code]).toEqual([409, 'INHERITANCE_FROM_LIVING']);
      await t.http().patch(`${sh.base}/shareholders/${people.x}`).set(bearer(world.tokens.accountant)).send({ status: 'deceased', deceasedOn: '2025-01-22' });
      const heirs = (fractions: string[]) => [people.b, people.c, people.d].map((id, i) => ({ shareholderId: id, fraction: fractions[i] }));
      const bad = await t.http().post(`${sh.base}/share-events`).set(bearer(world.tokens.accountant)).send({ type: 'inheritance', effectiveDate: '2025-01-24', deceasedId: people.x, heirs: heirs(['1/3', '1/3', '1/4']) });
      expect([bad.status, bad.body.code]).toEqual([400, 'FRACTIONS_INVALID']);
      const e = await sh.effect({ type: 'inheritance', effectiveDate: '2025-01-24', deceasedId: people.x, heirs: heirs(['1/3', '1/3', '1/3']) });
      expect(e.details.nonMemberHeirs).toEqual([people.d]);
      const all = await sh.holdings();
      const of = (id: string) => all.filter((h) => h.shareholderId === id).map((h) => `${h.shareClass} ${h.quantity}`);
      expect(of(people.x)).toEqual([]);
      expect(of(people.b)).toEqual(['BASIC 13.3333', 'RAISED 3.3333']);
      expect(of(people.c)).toEqual(['BASIC 10.3333', 'RAISED 3.3333']);
      expect(of(people.d)).toEqual(['BASIC 3.3334', 'RAISED 3.3334']);
      const [collective] = await t.sql<{ id: string }>(`SELECT id FROM shareholders WHERE collective AND org_id = $1`, [world.unionId]);
      expect(of(collective.id)).toEqual(['LABOR 4.0000']);
    });

    it('purchase posts Dr 102 / Cr 301 with the event; redemption the reverse', async () => {
      const purchase = await sh.effect({ type: 'purchase', effectiveDate: '2025-01-24', price: '1000.00', legs: [{ shareholderId: people.e, shareClass: 'RAISED', quantity: '5' }] });
      expect(purchase.details).toEqual({ price: '1000.00', amount: '5000.00', bankAccountCode: '102' });
      const [voucher] = await t.sql<{ source: string; source_ref: string; status: string }>(`SELECT source, source_ref, status FROM vouchers WHERE id = $1`, [purchase.voucherId]);
      expect(voucher).toEqual({ source: 'share_event', source_ref: `share-event:${purchase.id}`, status: 'posted' });
      const lines = await t.sql(`SELECT account_code, debit::text, credit::text FROM journal_lines WHERE voucher_id = $1 ORDER BY line_no`, [purchase.voucherId]);
      expect(lines).toEqual([
        { account_code: '102', debit: '5000.00', credit: '0.00' },
        { account_code: '301', debit: '0.00', credit: '5000.00' },
      ]);
      const redemption = await sh.effect({ type: 'redemption', effectiveDate: '2025-01-24', price: '1000.00', legs: [{ shareholderId: people.e, shareClass: 'RAISED', quantity: '-2' }] });
      const redeemLines = await t.sql(`SELECT account_code, debit::text, credit::text FROM journal_lines WHERE voucher_id = $1 ORDER BY line_no`, [redemption.voucherId]);
      expect(redeemLines).toEqual([
        { account_code: '301', debit: '2000.00', credit: '0.00' },
        { account_code: '102', debit: '0.00', credit: '2000.00' },
      ]);
      expect((await holding('e', 'RAISED')).quantity).toBe('3.0000');
      const project = await t.http().post(`${sh.base}/share-events`).set(bearer(world.tokens.accountant)).send({ type: 'purchase', effectiveDate: '2025-01-24', price: '1.00', legs: [{ shareholderId: people.e, shareClass: 'PROJECT', quantity: '1' }] });
      expect([project.status, project.body.code]).toEqual([409, 'NOT_PROJECT_CLASS']);
      const notRedeemable = await t.http().post(`${sh.base}/share-events`).set(bearer(world.tokens.accountant)).send({ type: 'redemption', effectiveDate: '2025-01-24', price: '1.00', legs: [{ shareholderId: people.a, shareClass: 'BASIC', quantity: '-1' }] });
      expect([notRedeemable.status, notRedeemable.body.code]).toEqual([409, 'NOT_REDEEMABLE']);
    });

    it('a correction reverses an effective event’s legs (and its money); an event is corrected once', async () => {
      const correction = await sh.effect({ type: 'correction', effectiveDate: '2025-01-24', correctsEventId: transferId });
      expect(correction.legs).toEqual([
        { shareholderId: people.a, shareClass: 'BASIC', quantity: '2.0000', frozen: '0.0000' },
        { shareholderId: people.c, shareClass: 'BASIC', quantity: '-2.0000', frozen: '0.0000' },
      ]);
      expect((await holding('a', 'BASIC')).quantity).toBe('10.0000');
      const again = await t.http().post(`${sh.base}/share-events`).set(bearer(world.tokens.accountant)).send({ type: 'correction', effectiveDate: '2025-01-24', correctsEventId: transferId });
      expect([again.status, again.body.code]).toEqual([409, 'ALREADY_CORRECTED']);
    });

    it('a shareholder of another organization cannot appear in a leg', async () => {
      const other = sharesClient(t, { ...world, tokens: { ...world.tokens, accountant: world.tokens.otherAccountant } }, world.otherUnionId);
      const hh = await other.household('X1');
      const stranger = await other.shareholder('0001', '外村人', idFor(20), hh.id);
      const res = await t.http().post(`${sh.base}/share-events`).set(bearer(world.tokens.accountant)).send({
        type: 'transfer',
        effectiveDate: '2025-01-24',
        legs: [{ shareholderId: people.a, shareClass: 'BASIC', quantity: '-1' }, { shareholderId: stranger.id, shareClass: 'BASIC', quantity: '1' }],
      });
      expect([res.status, res.body.code]).toEqual([404, 'SHAREHOLDER_NOT_FOUND']);
    });

    it('splitting and merging households never changes share totals (分户不增、并户不减)', async () => {
      const totals = async () => (await t.http().get(`${sh.base}/register?asOf=2025-01-24&by=household`).set(bearer(world.tokens.auditor))).body.totals;
      const before = await totals();
      const split = await t.http().post(`${sh.base}/households/${h1}/split`).set(bearer(world.tokens.accountant)).send({ code: 'H0003', shareholderIds: [people.b] });
      expect(split.status).toBe(201);
      expect(await totals()).toEqual(before);
      const merge = await t.http().post(`${sh.base}/households/${split.body.id}/merge`).set(bearer(world.tokens.accountant)).send({ intoHouseholdId: h2 });
      expect(merge.status).toBe(200);
      expect(await totals()).toEqual(before);
      expect(before).toEqual({ BASIC: '35.0000', LABOR: '8.0000', PROJECT: '0.0000', RAISED: '13.0000' });
      const csv = await t.http().get(`${sh.base}/register?asOf=2025-01-24&format=csv`).set(bearer(world.tokens.auditor));
      expect(csv.text.split('\r\n')[0]).toBe('\uFEFF股东编号,姓名,身份证号,户号,成员,基本股,劳龄股,项目股,募集股,合计');
      // The XLSX is streamed row by row (exceljs's streaming writer, plain: no amounts to format): the same header and lines.
      const xlsx = await t.http().get(`${sh.base}/register?asOf=2025-01-24&format=xlsx`).set(bearer(world.tokens.auditor)).buffer(true).parse(binary);
      expect([xlsx.status, xlsx.headers['content-type'], xlsx.headers['content-disposition']]).toEqual([
        200,
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'attachment; filename="register-2025-01-24.xlsx"',
      ]);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(xlsx.body as never);
      const sheet = workbook.worksheets[0];
      expect(sheet.name).toBe('股东名册');
      expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(['股东编号', '姓名', '身份证号', '户号', '成员', '基本股', '劳龄股', '项目股', '募集股', '合计']);
      expect(sheet.rowCount).toBe(7);
      expect([3, 6, 7, 8, 9, 10].map((c) => sheet.getRow(4).getCell(c).value)).toEqual(['441900********0022', '13.3333', '0.0000', '0.0000', '3.3333', '16.6666']);
      const byHolder = (await t.http().get(`${sh.base}/register?asOf=2025-01-24`).set(bearer(world.tokens.auditor))).body;
      const byHousehold = (await t.http().get(`${sh.base}/register?asOf=2025-01-24&by=household`).set(bearer(world.tokens.auditor))).body;
      // 股东名册 lines, exact: per holder in number order (masked 身份证 for the auditor), per household with the 集体 apart.
      const line = (x: Record<string, string | null>) => [x.number ?? x.household, x.idNumber ?? null, x.BASIC, x.LABOR, x.PROJECT, x.RAISED, x.total];
      expect(byHolder.items.map(line)).toEqual([
        ['0000', null, '0.0000', '4.0000', '0.0000', '0.0000', '4.0000'],
        ['0001', '441900********0015', '10.0000', '4.0000', '0.0000', '0.0000', '14.0000'],
        ['0002', '441900********0022', '13.3333', '0.0000', '0.0000', '3.3333', '16.6666'],
        ['0003', '441900********0036', '8.3333', '0.0000', '0.0000', '3.3333', '11.6666'],
        ['0004', '441900********0048', '3.3334', '0.0000', '0.0000', '3.3334', '6.6668'],
        ['0005', '441900********0051', '0.0000', '0.0000', '0.0000', '3.0000', '3.0000'],
      ]);
      expect(byHousehold.items.map(line)).toEqual([
        ['(集体)', null, '0.0000', '4.0000', '0.0000', '0.0000', '4.0000'],
        ['H0001', null, '10.0000', '4.0000', '0.0000', '0.0000', '14.0000'],
        ['H0002', null, '25.0000', '0.0000', '0.0000', '13.0000', '38.0000'],
      ]);
    });

    it('the database refuses to change an effective event or its legs, and a negative holding', async () => {
      await expect(t.sql(`UPDATE share_events SET status = 'pending' WHERE id = $1`, [allocationId])).rejects.toThrow(/SHARE_EVENT_IMMUTABLE/);
      await expect(t.sql(`UPDATE share_event_legs SET quantity = 100 WHERE event_id = $1`, [allocationId])).rejects.toThrow(/SHARE_EVENT_IMMUTABLE/);
      await expect(t.sql(`UPDATE holdings SET quantity = -1 WHERE shareholder_id = $1`, [people.a])).rejects.toThrow(/ck_holdings/);
      await expect(t.sql(`UPDATE holdings SET frozen = quantity + 1 WHERE shareholder_id = $1`, [people.a])).rejects.toThrow(/ck_holdings_frozen/);
      // A transfer whose legs do not add up to zero is refused at commit, however it was written.
      const client = await t.db.pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(`INSERT INTO share_events (org_id, id, type, status, effective_date) VALUES ($1, '00000000-0000-4000-8000-0000000000aa', 'transfer', 'pending', '2025-01-24')`, [world.unionId]);
        await client.query(
          `INSERT INTO share_event_legs (org_id, event_id, leg_no, shareholder_id, class_code, quantity) VALUES ($1, '00000000-0000-4000-8000-0000000000aa', 1, $2, 'BASIC', -2), ($1, '00000000-0000-4000-8000-0000000000aa', 2, $3, 'BASIC', 3)`,
          [world.unionId, people.a, people.c],
        );
        await expect(client.query('COMMIT')).rejects.toThrow(/SHARES_NOT_CONSERVED: the legs of this transfer add up to 1.0000 BASIC shares, not 0/);
      } finally {
        client.release();
      }
    });
  });

  describe('concurrency', () => {
    it('20 parallel transfers of 1 share each from a holder of 10: exactly 10 effective, 10 INSUFFICIENT_SHARES, holding 0', async () => {
      await t.http().patch(`/api/v1/orgs/${world.unionId}/settings`).set(bearer(world.tokens.board)).send({ noticeDays: 0 });
      const ids: string[] = [];
      for (let i = 0; i < 20; i++) {
        const e = await sh.apply({ type: 'transfer', effectiveDate: '2025-01-24', legs: [{ shareholderId: people.a, shareClass: 'BASIC', quantity: '-1' }, { shareholderId: people.b, shareClass: 'BASIC', quantity: '1' }] });
        await sh.approve(e.id);
        ids.push(e.id);
      }
      const results = await Promise.all(ids.map((id) => t.http().post(`${sh.base}/share-events/${id}/finalize`).set(bearer(world.tokens.board))));
      expect(results.filter((r) => r.status === 200)).toHaveLength(10);
      expect(results.filter((r) => r.status !== 200).map((r) => `${r.status} ${r.body.code}`)).toEqual(Array(10).fill('409 INSUFFICIENT_SHARES'));
      expect(await holding('a', 'BASIC')).toMatchObject({ quantity: '0.0000' });
      const [effective] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM share_events WHERE id = ANY($1::uuid[]) AND status = 'effective'`, [ids]);
      expect(effective.n).toBe(10);
      // The current projection equals the replay of all effective events.
      expect(await sh.holdings()).toEqual(await sh.holdings('?asOf=2025-01-24'));
    });
  });
});
