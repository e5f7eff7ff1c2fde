import { bearer, seedWorld, startTestApp, TestApp, World } from './support/test-app.js';

describe('audit chain (SPEC §2.7)', () => {
  let t: TestApp;
  let world: World;

  beforeAll(async () => {
    t = await startTestApp({ withProcessors: true });
    world = await seedWorld(t);
  });
  afterAll(() => t.close());

  const verify = async (orgId: string) => (await t.http().get(`/api/v1/orgs/${orgId}/audit-log/verify`).set(bearer(world.tokens.auditor))).body;

  it('every write left a chained row: organization, grants, settings', async () => {
    await t.http().patch(`/api/v1/orgs/${world.unionId}/settings`).set(bearer(world.tokens.board)).set('X-Request-Id', 'req-settings-0001').send({ noticeDays: 9 });
    const rows = await t.sql<{ seq: string; action: string; entity: string; actor_name: string; request_id: string; prev_hash: string; hash: string }>(
      `SELECT seq, action, entity, actor_name, request_id, prev_hash, hash FROM audit_log WHERE org_id = $1 ORDER BY seq`,
      [world.unionId],
    );
    expect(rows.map((r) => [r.seq, r.action, r.actor_name])).toEqual([
      ['1', 'organization.created', 'system'],
      ['2', 'grant.created', 'system'],
      ['3', 'grant.created', 'system'],
      ['4', 'grant.created', 'system'],
      ['5', 'grant.created', 'system'],
      ['6', 'grant.created', 'system'],
      ['7', 'organization.settings_updated', 'board'],
    ]);
    expect(rows[6].request_id).toBe('req-settings-0001');
    expect(rows[0].prev_hash).toBe('0'.repeat(64));
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
    const users = await t.sql<{ action: string }>(`SELECT action FROM audit_log WHERE org_id = '00000000-0000-0000-0000-000000000000' ORDER BY seq`);
    expect(users.map((u) => u.action)).toEqual(Array(9).fill('user.created'));
  });

  it('the log is listed newest first, filtered and paginated', async () => {
    const page1 = await t.http().get(`/api/v1/orgs/${world.unionId}/audit-log?limit=4`).set(bearer(world.tokens.auditor));
    expect(page1.body.items.map((i: { id: string }) => i.id)).toEqual(['7', '6', '5', '4']);
    expect(typeof page1.body.nextCursor).toBe('string');
    const page2 = await t.http().get(`/api/v1/orgs/${world.unionId}/audit-log?limit=4&cursor=${page1.body.nextCursor}`).set(bearer(world.tokens.auditor));
    expect(page2.body.items.map((i: { id: string }) => i.id)).toEqual(['3', '2', '1']);
    expect(page2.body.nextCursor).toBeNull();
    const byActor = await t.http().get(`/api/v1/orgs/${world.unionId}/audit-log?actorId=${world.userIds.board}`).set(bearer(world.tokens.auditor));
    expect(byActor.body.items.map((i: { action: string }) => i.action)).toEqual(['organization.settings_updated']);
    const byEntity = await t.http().get(`/api/v1/orgs/${world.unionId}/audit-log?entity=organization&from=2000-01-01&to=2999-12-31`).set(bearer(world.tokens.auditor));
    expect(byEntity.body.items.map((i: { id: string }) => i.id)).toEqual(['7', '1']);
    const bad = await t.http().get(`/api/v1/orgs/${world.unionId}/audit-log?from=2024-13-01&limit=0`).set(bearer(world.tokens.auditor));
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['from', 'limit']);
  });

  it('the filtered log downloads as CSV for review', async () => {
    const csv = await t.http().get(`/api/v1/orgs/${world.unionId}/audit-log?format=csv&actorId=${world.userIds.board}`).set(bearer(world.tokens.auditor));
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = csv.text.split('\r\n');
    expect(lines[0]).toBe('\uFEFF序号,时间,操作人,操作人ID,操作,对象,对象ID,请求ID,内容,前一哈希,哈希');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^7,\d{4}-\d{2}-\d{2}T[^,]+,board,[0-9a-f-]{36},organization.settings_updated,organization,[0-9a-f-]{36},req-settings-0001,"\{""after"":\{""noticeDays"":9/);
  });

  it('verify is ok on an untouched chain, for organizations and the installation', async () => {
    expect(await verify(world.unionId)).toEqual({ ok: true, checked: 7, firstBadId: null, problems: [] });
    const installation = await t.http().get('/api/v1/audit-log/verify').set(bearer(world.tokens.admin));
    expect(installation.body).toEqual({ ok: true, checked: 9, firstBadId: null, problems: [] });
  });

  it('the database refuses UPDATE, DELETE and TRUNCATE on the log', async () => {
    await expect(t.sql(`UPDATE audit_log SET action = 'x' WHERE org_id = $1 AND seq = 1`, [world.unionId])).rejects.toThrow(/AUDIT_LOG_APPEND_ONLY/);
    await expect(t.sql(`DELETE FROM audit_log WHERE org_id = $1`, [world.unionId])).rejects.toThrow(/AUDIT_LOG_APPEND_ONLY/);
    await expect(t.sql(`TRUNCATE audit_log`)).rejects.toThrow(/AUDIT_LOG_APPEND_ONLY/);
  });

  it('an UPDATE made directly in SQL on an audited row is reported with the first bad id', async () => {
    await t.sql(`UPDATE organizations SET min_reserve_percent = 0.01 WHERE id = $1`, [world.unionId]);
    const result = await verify(world.unionId);
    expect(result.ok).toBe(false);
    expect(result.firstBadId).toBe('7');
    expect(result.problems).toEqual([{ id: '7', reason: `organization ${world.unionId} was changed outside the application after this row` }]);
    await t.sql(`UPDATE organizations SET min_reserve_percent = 0.00 WHERE id = $1`, [world.unionId]);
    expect((await verify(world.unionId)).ok).toBe(true);
  });

  it('a grant changed in SQL is reported at the row that recorded it', async () => {
    await t.sql(`UPDATE role_grants SET role = 'accountant' WHERE user_id = $1 AND org_id = $2`, [world.userIds.shareholder, world.unionId]);
    const result = await verify(world.unionId);
    // Row 6 recorded the shareholder's grant (seedWorld grants accountant, reviewer, cashier, board, shareholder in order).
    expect(result).toEqual({
      ok: false,
      checked: 7,
      firstBadId: '6',
      problems: [{ id: '6', reason: `role_grant ${world.userIds.shareholder}:shareholder was changed outside the application after this row` }],
    });
    await t.sql(`UPDATE role_grants SET role = 'shareholder' WHERE user_id = $1 AND org_id = $2`, [world.userIds.shareholder, world.unionId]);
  });

  it('an edit of the log itself (by a superuser bypassing the trigger) breaks the chain at that row', async () => {
    const client = await t.db.pool.connect();
    try {
      await client.query(`SET session_replication_role = replica`);
      await client.query(`UPDATE audit_log SET payload = '{"noticeDays": 99}' WHERE org_id = $1 AND seq = 3`, [world.unionId]);
      await client.query(`SET session_replication_role = origin`);
    } finally {
      client.release();
    }
    const result = await verify(world.unionId);
    expect(result).toEqual({ ok: false, checked: 7, firstBadId: '3', problems: [{ id: '3', reason: 'row content does not match its hash' }] });
  });

  it('a deleted row and a removed tail are both found', async () => {
    const client = await t.db.pool.connect();
    try {
      await client.query(`SET session_replication_role = replica`);
      await client.query(`DELETE FROM audit_log WHERE org_id = $1 AND seq IN (5, 7)`, [world.unionId]);
      await client.query(`SET session_replication_role = origin`);
    } finally {
      client.release();
    }
    const result = await verify(world.unionId);
    expect(result.firstBadId).toBe('1');
    expect(result.problems.map((p: { id: string; reason: string }) => `${p.id}: ${p.reason}`)).toEqual([
      // With row 7 gone, row 1 is the organization's last recorded state, and it no longer matches.
      `1: organization ${world.unionId} was changed outside the application after this row`,
      '3: row content does not match its hash',
      '6: row(s) missing before 6',
      '6: prev_hash does not match the previous row',
      '7: chain head does not match the last row (rows removed at the end?)',
    ]);
  });

  it('verification also runs as a queued job with progress and result', async () => {
    const enqueue = await t.http().post(`/api/v1/orgs/${world.otherUnionId}/audit-log/verify-jobs`).set(bearer(world.tokens.auditor));
    expect(enqueue.status).toBe(202);
    expect(enqueue.body.jobId).toBe(`audit.${world.otherUnionId}.verify.2`);
    // A double click enqueues the same job.
    const again = await t.http().post(`/api/v1/orgs/${world.otherUnionId}/audit-log/verify-jobs`).set(bearer(world.tokens.auditor));
    expect(again.body.jobId).toBe(enqueue.body.jobId);
    let job: { state: string; progress: number; result: unknown } = { state: 'waiting', progress: 0, result: null };
    for (let i = 0; i < 100 && job.state !== 'completed' && job.state !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      job = (await t.http().get(`/api/v1/jobs/${enqueue.body.jobId}`).set(bearer(world.tokens.auditor))).body;
    }
    expect(job).toMatchObject({ state: 'completed', progress: 100, result: { ok: true, checked: 2, firstBadId: null, problems: [] } });
    const other = await t.http().get(`/api/v1/jobs/${enqueue.body.jobId}`).set(bearer(world.tokens.accountant));
    expect(other.status).toBe(404);
    expect(other.body.code).toBe('JOB_NOT_FOUND');
  });
});
