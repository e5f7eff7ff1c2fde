import { createHmac } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { booksClient } from './support/books.js';
import { IDS, sharesClient } from './support/shares.js';
import { bearer, seedWorld, startTestApp, TestApp, World } from './support/test-app.js';
import { writeState } from './support/write-state.js';

/**
 * Issue 11 §3 and §5: hostile or impossible input is a 400/401 with a stable code and writes
 * nothing (the audit chain heads and the content of every table compared before and after).
 */
describe('hostile input is refused with a stable code and nothing written', () => {
  let t: TestApp;
  let world: World;
  let ledgerId: string;
  let householdId: string;
  let shareholderId: string;
  let otherShareholderId: string;
  let base: string;

  beforeAll(async () => {
    t = await startTestApp();
    world = await seedWorld(t);
    base = `/api/v1/orgs/${world.unionId}`;
    ledgerId = (await booksClient(t, world).createLedger()).id;
    const shares = sharesClient(t, world);
    householdId = (await shares.household('H1')).id;
    shareholderId = (await shares.shareholder('S1', '张三', IDS.a, householdId)).id;
    // The other 经联社's own accountant creates its shareholder.
    const oh = await t.http().post(`/api/v1/orgs/${world.otherUnionId}/households`).set(bearer(world.tokens.otherAccountant)).send({ code: 'H9' });
    const os = await t.http().post(`/api/v1/orgs/${world.otherUnionId}/shareholders`).set(bearer(world.tokens.otherAccountant)).send({ number: 'S9', name: '李四', idNumber: IDS.b, householdId: oh.body.id, member: true });
    expect([oh.status, os.status]).toEqual([201, 201]);
    otherShareholderId = os.body.id;
  });
  afterAll(() => t.close());

  type Req = ReturnType<ReturnType<TestApp['http']>['post']>;
  /** Sends the request twice; both answers must be the same refusal, and nothing may change. */
  async function refused(make: () => Req, status: number, code: string, field?: string) {
    const before = await writeState(t);
    for (let i = 0; i < 2; i++) {
      const res = await make();
      expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
      expect(Object.keys(res.body).sort()).toEqual(expect.arrayContaining(['code', 'message', 'requestId', 'statusCode']));
      if (field) expect((res.body.details as { field: string }[]).map((d) => d.field)).toContain(field);
    }
    expect(await writeState(t)).toEqual(before);
  }
  const as = (role: keyof World['tokens']) => bearer(world.tokens[role]);
  const post = (url: string, role: keyof World['tokens'], body: unknown) => () => t.http().post(url).set(as(role)).send(body as object);

  describe('§3 control characters, non-characters and lone surrogates in any string', () => {
    it.each([
      ['U+0000 in an organization name', '/api/v1/orgs', 'admin', { code: 'N2441900MA0000004Q', name: '坏\u0000名', kind: 'union', parentId: 'TOWN' }, 'body.name'],
      ['U+0001 in an account name', 'LEDGER/accounts', 'accountant', { code: '1010101', name: '现金\u0001', parentCode: '10101' }, 'body.name'],
      ['U+FFFE in a voucher memo', 'LEDGER/vouchers', 'accountant', { date: '2024-01-05', memo: '租金\uFFFE', lines: [] }, 'body.memo'],
      ['U+FFFF in a line memo (nested array)', 'LEDGER/vouchers', 'accountant', { date: '2024-01-05', memo: '租金', lines: [{ accountCode: '101', debit: '1.00', memo: 'x\uFFFF' }] }, 'body.lines[0].memo'],
      ['a lone surrogate in a household address', 'ORG/households', 'accountant', { code: 'H2', address: '东街\uD800' }, 'body.address'],
      ['ESC in a shareholder name', 'ORG/shareholders', 'accountant', { number: 'S2', name: '王\u001b五', idNumber: IDS.c, householdId: 'HOUSEHOLD', member: true }, 'body.name'],
      ['U+0000 in a key', 'ORG/households', 'accountant', { code: 'H3', 'a\u0000b': 1 }, 'body.a\u0000b'],
      ['DEL in a share-event document', 'ORG/share-events', 'accountant', { type: 'freeze', effectiveDate: '2024-01-05', documents: ['证明\u007f'], legs: [] }, 'body.documents[0]'],
    ])('%s → 400 INVALID_CHARACTER naming the field', async (_what, url, role, body, field) => {
      const resolved = url.replace('LEDGER', `${base}/ledgers/${ledgerId}`).replace('ORG', base);
      const json = JSON.parse(JSON.stringify(body).replace('"TOWN"', JSON.stringify(world.townId)).replace('"HOUSEHOLD"', JSON.stringify(householdId)));
      await refused(post(resolved, role as keyof World['tokens'], json), 400, 'INVALID_CHARACTER', field);
    });

    it('in the query string and in the path (route parameters) too', async () => {
      await refused(() => t.http().get(`${base}/shareholders?q=%00`).set(as('accountant')), 400, 'INVALID_CHARACTER', 'query.q');
      await refused(() => t.http().post(`${base}/ledgers/${ledgerId}/periods/2024-01%00/close`).set(as('accountant')), 400, 'INVALID_CHARACTER', 'path');
    });

    it('tab and newline stay allowed (a memo of several lines)', async () => {
      const res = await t.http().post(`${base}/households`).set(as('accountant')).send({ code: 'H-TAB', address: '东街\t3号\n二楼\r\n' });
      expect(res.status).toBe(201);
      expect(res.body.address).toBe('东街\t3号\n二楼\r\n');
    });
  });

  describe('§3 deeply nested JSON', () => {
    const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    const deepObject = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;

    it('15,000 levels on the unauthenticated login → 400 BODY_TOO_DEEP, no stack overflow', async () => {
      await refused(() => t.http().post('/api/v1/auth/login').set('Content-Type', 'application/json').send(deep(15_000)), 400, 'BODY_TOO_DEEP');
      await refused(() => t.http().post('/api/v1/auth/login').set('Content-Type', 'application/json').send(`{"username":"admin","password":${deepObject(15_000)}}`), 400, 'BODY_TOO_DEEP');
    });

    it('with an Idempotency-Key on a write route (the request hash) → 400 BODY_TOO_DEEP; the limit is 32 levels', async () => {
      const url = `${base}/ledgers/${ledgerId}/vouchers`;
      await refused(() => t.http().post(url).set(as('accountant')).set('Idempotency-Key', 'deep-1').set('Content-Type', 'application/json').send(deepObject(15_000)), 400, 'BODY_TOO_DEEP');
      await refused(() => t.http().post(url).set(as('accountant')).set('Content-Type', 'application/json').send(deep(33)), 400, 'BODY_TOO_DEEP');
      // 32 levels parse and reach validation (an array is not a voucher).
      await refused(() => t.http().post(url).set(as('accountant')).set('Content-Type', 'application/json').send(deep(32)), 400, 'VALIDATION_FAILED');
    });

    it('the bulk import route (its own parser) has the same limit', async () => {
      await refused(() => t.http().post(`${base}/ledgers/${ledgerId}/imports`).set(as('accountant')).set('Content-Type', 'application/json').send(deepObject(15_000)), 400, 'BODY_TOO_DEEP');
    });
  });

  describe('§3 calendar-impossible dates and months, in bodies and queries', () => {
    it.each(['2025-02-30', '2025-13-01', '2025-04-31', '2025-00-10', '1899-12-31'])('%s is refused everywhere a date is read', async (bad) => {
      await refused(() => t.http().get(`${base}/holdings?asOf=${bad}`).set(as('auditor')), 400, 'VALIDATION_FAILED', 'asOf');
      await refused(() => t.http().get(`${base}/register?asOf=${bad}`).set(as('auditor')), 400, 'VALIDATION_FAILED', 'asOf');
      await refused(() => t.http().get(`${base}/audit-log?from=${bad}`).set(as('auditor')), 400, 'VALIDATION_FAILED', 'from');
      await refused(() => t.http().get(`${base}/audit-log?to=${bad}`).set(as('auditor')), 400, 'VALIDATION_FAILED', 'to');
      await refused(() => t.http().patch(`${base}/shareholders/${shareholderId}`).set(as('accountant')).send({ deceasedOn: bad }), 400, 'VALIDATION_FAILED', 'deceasedOn');
      await refused(post(`${base}/ledgers/${ledgerId}/vouchers`, 'accountant', { date: bad, memo: '租金', lines: [{ accountCode: '101', debit: '1.00' }, { accountCode: '401', credit: '1.00' }] }), 400, 'INVALID_DATE');
      await refused(post(`${base}/share-events`, 'accountant', { type: 'freeze', effectiveDate: bad, legs: [{ shareholderId, shareClass: 'BASE', quantity: '1.0000' }] }), 400, 'EFFECTIVE_DATE_INVALID');
      await refused(post(`${base}/distributions`, 'accountant', { ledgerId, fiscalYear: 2024, recordDate: bad }), 400, 'VALIDATION_FAILED', 'recordDate');
    });

    it.each(['2025-13', '2025-00', '1899-12'])('month %s is refused in reports, exports and ledgers', async (bad) => {
      await refused(() => t.http().get(`${base}/ledgers/${ledgerId}/reports/trial-balance?from=${bad}&to=2025-12`).set(as('auditor')), 400, 'VALIDATION_FAILED', 'from');
      await refused(() => t.http().get(`${base}/ledgers/${ledgerId}/exports/journal?from=${bad}`).set(as('auditor')), 400, 'VALIDATION_FAILED', 'from');
      await refused(post(`${base}/ledgers`, 'accountant', { name: '另一账', kind: 'collective', chart: '2023', startPeriod: bad }), 400, 'VALIDATION_FAILED', 'startPeriod');
    });

    it('a real date still works (2024-02-29 in a leap year)', async () => {
      const res = await t.http().get(`${base}/holdings?asOf=2024-02-29`).set(as('auditor'));
      expect(res.status).toBe(200);
    });
  });

  describe('§5 accepted when it should be refused', () => {
    const line = (extra: Record<string, string>) => ({ date: '2024-01-05', memo: '分红', lines: [{ accountCode: '101', debit: '5.00', ...extra }, { accountCode: '401', credit: '5.00' }] });

    it("a voucher line with another organization's shareholder, or a household that does not exist → 400 REFERENCE_NOT_FOUND", async () => {
      await refused(post(`${base}/ledgers/${ledgerId}/vouchers`, 'accountant', line({ shareholderId: otherShareholderId })), 400, 'REFERENCE_NOT_FOUND');
      await refused(post(`${base}/ledgers/${ledgerId}/vouchers`, 'accountant', line({ householdId: '00000000-0000-4000-8000-000000000001' })), 400, 'REFERENCE_NOT_FOUND');
      const named = await t.http().post(`${base}/ledgers/${ledgerId}/vouchers`).set(as('accountant')).send(line({ shareholderId: otherShareholderId }));
      expect(named.body.details).toEqual({ constraint: 'fk_journal_lines_shareholder' });
      // The organization's own shareholder and household are fine.
      const ok = await t.http().post(`${base}/ledgers/${ledgerId}/vouchers`).set(as('accountant')).send(line({ shareholderId, householdId }));
      expect(ok.status).toBe(201);
    });

    it('the database refuses it on every path (a direct INSERT)', async () => {
      const [v] = await t.sql<{ id: string }>(`SELECT id FROM vouchers WHERE org_id = $1 LIMIT 1`, [world.unionId]);
      await expect(
        t.sql(`INSERT INTO journal_lines (org_id, voucher_id, line_no, ledger_id, account_code, debit, shareholder_id) VALUES ($1, $2, 99, $3, '101', 1, $4)`, [world.unionId, v.id, ledgerId, otherShareholderId]),
      ).rejects.toThrow(/fk_journal_lines_shareholder/);
    });

    it('POST /users with a shareholderId that does not exist → 400 REFERENCE_NOT_FOUND', async () => {
      await refused(post('/api/v1/users', 'admin', { username: 'ghost.holder', password: 'ghost-holder-password', grants: [], shareholderId: '00000000-0000-4000-8000-000000000002' }), 400, 'REFERENCE_NOT_FOUND', 'shareholderId');
    });

    it('reasons are trimmed and required: a blank reopen reason → 400, a padded one is stored trimmed', async () => {
      await refused(post(`${base}/ledgers/${ledgerId}/periods/2024-01/reopen`, 'board', { reason: '   ' }), 400, 'VALIDATION_FAILED', 'reason');
      await refused(post(`${base}/ledgers/${ledgerId}/periods/2024-01/reopen`, 'board', { reason: ' \n 一 \t' }), 400, 'VALIDATION_FAILED', 'reason');
      await refused(post(`${base}/share-events/00000000-0000-4000-8000-000000000003/reject`, 'board', { reason: '    ' }), 400, 'VALIDATION_FAILED', 'reason');
      await refused(post(`${base}/distributions/00000000-0000-4000-8000-000000000004/objections`, 'board', { reason: '\t\t\t' }), 400, 'VALIDATION_FAILED', 'reason');
      // A padded reason is accepted and kept trimmed (an empty ledger's first month, closed then reopened).
      const books = booksClient(t, world);
      const empty = await books.createLedger('空账', '2024-01');
      await books.close(empty.id, '2024-01');
      const reopened = await t.http().post(`${base}/ledgers/${empty.id}/periods/2024-01/reopen`).set(as('board')).send({ reason: '  补记一月租金\n ' });
      expect(reopened.status).toBe(200);
      const [row] = await t.sql<{ payload: { reason: string } }>(`SELECT payload FROM audit_log WHERE org_id = $1 AND action = 'period.reopened'`, [world.unionId]);
      expect(row.payload.reason).toBe('补记一月租金');
    });

    it('settings: minReservePercent outside 0–100 → 400 VALIDATION_FAILED naming the field', async () => {
      await refused(() => t.http().patch(`${base}/settings`).set(as('board')).send({ minReservePercent: '150.00' }), 400, 'VALIDATION_FAILED', 'minReservePercent');
      await refused(() => t.http().patch(`${base}/settings`).set(as('board')).send({ minReservePercent: '100.01' }), 400, 'VALIDATION_FAILED', 'minReservePercent');
      const ok = await t.http().patch(`${base}/settings`).set(as('board')).send({ minReservePercent: '100.00' });
      expect({ status: ok.status, value: ok.body.minReservePercent }).toEqual({ status: 200, value: '100.00' });
    });

    it.each(['__proto__', 'constructor', 'prototype'])('a %s key is refused like any unknown field', async (key) => {
      const raw = `{"code":"H-P","${key}":{"isAdmin":true}}`;
      await refused(() => t.http().post(`${base}/households`).set(as('accountant')).set('Content-Type', 'application/json').send(raw), 400, 'VALIDATION_FAILED', `body.${key}`);
      const nested = `{"date":"2024-01-05","memo":"m","lines":[{"accountCode":"101","debit":"1.00","${key}":{"x":1}}]}`;
      await refused(() => t.http().post(`${base}/ledgers/${ledgerId}/vouchers`).set(as('accountant')).set('Content-Type', 'application/json').send(nested), 400, 'VALIDATION_FAILED', `body.lines[0].${key}`);
    });

    it('a token without exp (or with one in the past) is refused → 401', async () => {
      const sign = (payload: Record<string, unknown>) => {
        const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
        const head = `${enc({ alg: 'HS256', typ: 'JWT' })}.${enc(payload)}`;
        return `${head}.${createHmac('sha256', t.config.jwtSecret!).update(head).digest('base64url')}`;
      };
      const sub = world.userIds.accountant;
      const now = Math.floor(Date.now() / 1000);
      const ok = await t.http().get('/api/v1/me').set(bearer(sign({ sub, typ: 'access', iat: now, exp: now + 60 })));
      expect(ok.status).toBe(200);
      await refused(() => t.http().get('/api/v1/me').set(bearer(sign({ sub, typ: 'access', iat: now }))), 401, 'UNAUTHENTICATED');
      await refused(() => t.http().post(`${base}/households`).set(bearer(sign({ sub, typ: 'access' }))).send({ code: 'H-NOEXP' }), 401, 'UNAUTHENTICATED');
      await refused(() => t.http().get('/api/v1/me').set(bearer(sign({ sub, typ: 'access', iat: now - 120, exp: now - 60 }))), 401, 'UNAUTHENTICATED');
    });
  });
});

describe('a refused deep body is logged as one warning line, without a stack trace', () => {
  it('15,000 levels on the login: a 400 request line at warn, no "stack", no error line', async () => {
    const stream = new PassThrough();
    const lines: string[] = [];
    stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
    const t = await startTestApp({ env: { LOG_LEVEL: 'info' }, logStream: stream });
    try {
      const res = await t.http().post('/api/v1/auth/login').set('Content-Type', 'application/json').send(`${'['.repeat(15_000)}${']'.repeat(15_000)}`);
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'BODY_TOO_DEEP' });
      await new Promise((r) => setTimeout(r, 50));
      const logged = lines.map((l) => JSON.parse(l) as { level: number; req?: { url: string }; res?: { statusCode: number }; err?: unknown });
      const request = logged.filter((l) => l.req?.url === '/api/v1/auth/login');
      expect(request.map((l) => ({ level: l.level, status: l.res?.statusCode }))).toEqual([{ level: 40, status: 400 }]);
      expect(lines.some((l) => l.includes('"stack"'))).toBe(false);
      expect(logged.some((l) => l.level >= 50)).toBe(false);
    } finally {
      await t.close();
    }
  });
});
