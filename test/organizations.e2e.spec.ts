import { bearer, CODES, seedWorld, startTestApp, TestApp, World } from './support/test-app.js';
import { allPages } from './support/pages.js';

describe('organizations: the town → 经联社 → 经济社 tree with 统一社会信用代码', () => {
  let t: TestApp;
  let world: World;

  beforeAll(async () => {
    t = await startTestApp();
    world = await seedWorld(t);
  });
  afterAll(() => t.close());

  const count = async () => Number((await t.sql<{ n: string }>(`SELECT count(*) AS n FROM organizations`))[0].n);
  const auditCount = async () => Number((await t.sql<{ n: string }>(`SELECT count(*) AS n FROM audit_log`))[0].n);

  it('an admin creates a 经济社 under a 经联社 with a valid code', async () => {
    const res = await t
      .http()
      .post('/api/v1/orgs')
      .set(bearer(world.tokens.admin))
      .send({ code: CODES.spare[0], name: '测试第二股份经济合作社', kind: 'cooperative', parentId: world.unionId });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ code: 'N2441900MA0000004Q', name: '测试第二股份经济合作社', kind: 'cooperative', parentId: world.unionId });
    const [row] = await t.sql<{ ancestor_ids: string[] }>(`SELECT ancestor_ids FROM organizations WHERE id = $1`, [res.body.id]);
    expect(row.ancestor_ids).toEqual([world.townId, world.unionId]);
  });

  it.each([
    ['wrong check character', 'N2441900MA0000005T', '统一社会信用代码 check character is wrong'],
    ['wrong length', 'N2441900MA000005U', '统一社会信用代码 must be 18 characters'],
    ['lower case', 'n2441900ma0000005u', '统一社会信用代码 may only contain digits and upper-case letters other than I, O, Z, S, V'],
  ])('%s → 400 INVALID_CREDIT_CODE and nothing written', async (_label, code, message) => {
    const [orgsBefore, auditBefore] = [await count(), await auditCount()];
    const res = await t.http().post('/api/v1/orgs').set(bearer(world.tokens.admin)).send({ code, name: 'x', kind: 'cooperative', parentId: world.unionId });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INVALID_CREDIT_CODE');
    expect(res.body.message).toBe(message);
    expect([await count(), await auditCount()]).toEqual([orgsBefore, auditBefore]);
  });

  it('the hierarchy is enforced: a cooperative needs a union, a town has no parent', async () => {
    const underTown = await t.http().post('/api/v1/orgs').set(bearer(world.tokens.admin)).send({ code: CODES.spare[1], name: 'x', kind: 'cooperative', parentId: world.townId });
    expect(underTown.status).toBe(400);
    expect(underTown.body.code).toBe('ORG_PARENT_INVALID');
    const orphanUnion = await t.http().post('/api/v1/orgs').set(bearer(world.tokens.admin)).send({ code: CODES.spare[1], name: 'x', kind: 'union' });
    expect(orphanUnion.body.code).toBe('ORG_PARENT_INVALID');
    const townWithParent = await t.http().post('/api/v1/orgs').set(bearer(world.tokens.admin)).send({ code: CODES.spare[1], name: 'x', kind: 'town', parentId: world.townId });
    expect(townWithParent.body.code).toBe('ORG_PARENT_INVALID');
  });

  it('a code is registered once (409 ORG_CODE_TAKEN)', async () => {
    const res = await t.http().post('/api/v1/orgs').set(bearer(world.tokens.admin)).send({ code: CODES.union, name: 'dup', kind: 'union', parentId: world.townId });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('ORG_CODE_TAKEN');
  });

  it('each user lists only the organizations their grants cover', async () => {
    const names = async (token: string) => (await allPages<{ code: string }>(t, '/api/v1/orgs', token, 2)).map((o) => o.code).sort();
    expect(await names(world.tokens.otherAccountant)).toEqual([CODES.otherUnion]);
    expect(await names(world.tokens.accountant)).toEqual([CODES.union]);
    expect(await names(world.tokens.auditor)).toEqual([CODES.town, CODES.union, CODES.cooperative, CODES.otherUnion, CODES.spare[0]].sort());
  });

  it('the board sets the charter rules (公示 days, minimum 公积公益金 %); amounts are decimal strings', async () => {
    const res = await t.http().patch(`/api/v1/orgs/${world.unionId}/settings`).set(bearer(world.tokens.board)).send({ noticeDays: 10, minReservePercent: '15.50' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ noticeDays: 10, minReservePercent: '15.50' });
    const bad = await t.http().patch(`/api/v1/orgs/${world.unionId}/settings`).set(bearer(world.tokens.board)).send({ minReservePercent: 15.5 });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([{ field: 'minReservePercent', problems: ['minReservePercent must be a decimal string such as "1234.50"'] }]);
    const get = await t.http().get(`/api/v1/orgs/${world.unionId}/settings`).set(bearer(world.tokens.shareholder));
    expect(get.body).toEqual({ noticeDays: 10, minReservePercent: '15.50' });
  });

  it('grants on a town are for supervisors and auditors only', async () => {
    const res = await t
      .http()
      .post('/api/v1/users')
      .set(bearer(world.tokens.admin))
      .send({ username: 'town.accountant', password: 'long-enough-pw', grants: [{ orgId: world.townId, role: 'accountant' }] });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('GRANT_INVALID');
    const rows = await t.sql(`SELECT 1 FROM users WHERE username = 'town.accountant'`);
    expect(rows).toEqual([]);
  });
});
