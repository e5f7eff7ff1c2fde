import { bearer, CODES, seedWorld, startTestApp, TestApp, World } from './support/test-app.js';

describe('Idempotency-Key and one transaction per write (SPEC §2.2, §3.7)', () => {
  let t: TestApp;
  let world: World;

  beforeAll(async () => {
    t = await startTestApp();
    world = await seedWorld(t);
  });
  afterAll(() => t.close());

  const counts = async () => {
    const [row] = await t.sql<{ users: string; audit: string; keys: string }>(
      `SELECT (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM audit_log) AS audit, (SELECT count(*) FROM idempotency_keys) AS keys`,
    );
    return { users: Number(row.users), audit: Number(row.audit), keys: Number(row.keys) };
  };

  it('the same key and body replays the first response (status and body) without writing again', async () => {
    const body = { code: CODES.spare[0], name: '幂等测试合作社', kind: 'cooperative', parentId: world.unionId };
    const first = await t.http().post('/api/v1/orgs').set(bearer(world.tokens.admin)).set('Idempotency-Key', 'create-coop-1').send(body);
    expect(first.status).toBe(201);
    const before = await counts();
    const replay = await t.http().post('/api/v1/orgs').set(bearer(world.tokens.admin)).set('Idempotency-Key', 'create-coop-1').send(body);
    expect(replay.status).toBe(201);
    expect(replay.text).toBe(first.text);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(await counts()).toEqual(before);
    const orgs = await t.sql(`SELECT id FROM organizations WHERE code = $1`, [CODES.spare[0]]);
    expect(orgs).toEqual([{ id: first.body.id }]);
  });

  it('the same key with a different body is 422 IDEMPOTENCY_KEY_REUSED and writes nothing', async () => {
    const before = await counts();
    const res = await t
      .http()
      .post('/api/v1/orgs')
      .set(bearer(world.tokens.admin))
      .set('Idempotency-Key', 'create-coop-1')
      .send({ code: CODES.spare[1], name: '另一个', kind: 'cooperative', parentId: world.unionId });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await counts()).toEqual(before);
  });

  it('20 concurrent requests with one key produce one write and 20 identical answers', async () => {
    const before = await counts();
    const body = { username: 'concurrent.user', password: 'concurrent-password', grants: [{ orgId: world.unionId, role: 'cashier' }] };
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => t.http().post('/api/v1/users').set(bearer(world.tokens.admin)).set('Idempotency-Key', 'user-once').send(body)),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(new Set(responses.map((r) => r.text)).size).toBe(1);
    expect(responses.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(19);
    // One user, its audit rows (user.created + grant.created) once, one key.
    expect(await counts()).toEqual({ users: before.users + 1, audit: before.audit + 2, keys: before.keys + 1 });
  });

  it('a request that fails mid-transaction leaves no row, no audit entry and no key', async () => {
    const before = await counts();
    // The user and its audit row are written first; the second grant then fails, and everything is rolled back.
    const res = await t
      .http()
      .post('/api/v1/users')
      .set(bearer(world.tokens.admin))
      .set('Idempotency-Key', 'half-done')
      .send({
        username: 'half.done',
        password: 'half-done-password',
        grants: [
          { orgId: world.unionId, role: 'cashier' },
          { orgId: '00000000-0000-4000-8000-000000000001', role: 'cashier' },
        ],
      });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('GRANT_INVALID');
    expect(await counts()).toEqual(before);
    // The key was not stored with the failure, so a corrected retry under the same key runs.
    const retry = await t
      .http()
      .post('/api/v1/users')
      .set(bearer(world.tokens.admin))
      .set('Idempotency-Key', 'half-done-2')
      .send({ username: 'half.done', password: 'half-done-password', grants: [{ orgId: world.unionId, role: 'cashier' }] });
    expect(retry.status).toBe(201);
  });

  it('keys are scoped per organization and per user: another user cannot replay someone else’s response', async () => {
    const first = await t.http().patch(`/api/v1/orgs/${world.unionId}/settings`).set(bearer(world.tokens.board)).set('Idempotency-Key', 'settings-1').send({ noticeDays: 8 });
    expect(first.status).toBe(200);
    const stranger = await t.http().patch(`/api/v1/orgs/${world.unionId}/settings`).set(bearer(world.tokens.admin)).set('Idempotency-Key', 'settings-1').send({ noticeDays: 8 });
    expect(stranger.status).toBe(422);
    const [key] = await t.sql<{ scope_id: string }>(`SELECT scope_id FROM idempotency_keys WHERE key = 'settings-1'`);
    expect(key.scope_id).toBe(world.unionId);
  });

  it('a malformed key is 400 IDEMPOTENCY_KEY_INVALID', async () => {
    const res = await t.http().patch(`/api/v1/orgs/${world.unionId}/settings`).set(bearer(world.tokens.board)).set('Idempotency-Key', 'x'.repeat(201)).send({ noticeDays: 8 });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('IDEMPOTENCY_KEY_INVALID');
  });
});
