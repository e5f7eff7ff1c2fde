import { IDS, sharesClient } from './support/shares.js';
import { bearer, seedWorld, startTestApp, TestApp, World } from './support/test-app.js';

/**
 * Issue 11 §4: the audit log shows personal data (身份证, bank account) as the API does — whole to the
 * organization's accountants, masked to auditors and supervisors (the readers of the log), in JSON and CSV — while
 * the stored payload and state hash stay over the real row, so tamper detection is unchanged.
 */
describe('audit log: personal data masked like the API, tamper detection unchanged', () => {
  let t: TestApp;
  let world: World;
  let shareholderId: string;
  const account = '62220202001122331';
  const newAccount = '62220202009988776';

  beforeAll(async () => {
    t = await startTestApp();
    world = await seedWorld(t);
    const shares = sharesClient(t, world);
    const household = await shares.household('H1');
    const created = await t.http().post(`/api/v1/orgs/${world.unionId}/shareholders`).set(bearer(world.tokens.accountant))
      .send({ number: 'S1', name: '张三', idNumber: IDS.a, householdId: household.id, member: true, bankAccount: account, phone: '13800000000' });
    expect(created.status).toBe(201);
    shareholderId = created.body.id;
    const updated = await t.http().patch(`/api/v1/orgs/${world.unionId}/shareholders/${shareholderId}`).set(bearer(world.tokens.accountant)).send({ bankAccount: newAccount });
    expect(updated.status).toBe(200);
  });
  afterAll(() => t.close());

  const log = async (role: keyof World['tokens'], format = '') => {
    const res = await t.http().get(`/api/v1/orgs/${world.unionId}/audit-log?entity=shareholder${format}`).set(bearer(world.tokens[role]));
    expect(res.status).toBe(200);
    return res;
  };
  const payloads = async (role: keyof World['tokens']) =>
    Object.fromEntries(((await log(role)).body.items as { action: string; payload: Record<string, unknown> }[]).map((i) => [i.action, { bankAccount: i.payload.bankAccount, idNumber: i.payload.idNumber }]));

  it.each(['auditor', 'supervisor'] as const)('%s sees the bank account and 身份证 masked in the JSON log', async (role) => {
    expect(await payloads(role)).toEqual({
      'shareholder.created': { bankAccount: '****2331', idNumber: '441900********1237' },
      'shareholder.updated': { bankAccount: '****8776', idNumber: undefined },
    });
  });

  it.each(['auditor', 'supervisor'] as const)('%s sees them masked in the CSV download too', async (role) => {
    const csv = (await log(role, '&format=csv')).text;
    expect(csv).toContain('****2331');
    expect(csv).toContain('****8776');
    expect(csv).not.toContain(account);
    expect(csv).not.toContain(newAccount);
    expect(csv).not.toContain(IDS.a);
  });

  it("the organization's accountant sees the bank account whole, as in the register", async () => {
    expect(await payloads('accountant')).toEqual({
      'shareholder.created': { bankAccount: account, idNumber: '441900********1237' },
      'shareholder.updated': { bankAccount: newAccount, idNumber: undefined },
    });
  });

  it('the stored payload is unchanged: the chain verifies, and an SQL edit of the shareholder is still detected', async () => {
    const [stored] = await t.sql<{ payload: { bankAccount: string } }>(`SELECT payload FROM audit_log WHERE org_id = $1 AND action = 'shareholder.created'`, [world.unionId]);
    expect(stored.payload.bankAccount).toBe(account);
    const ok = await t.http().get(`/api/v1/orgs/${world.unionId}/audit-log/verify`).set(bearer(world.tokens.auditor));
    expect({ status: ok.status, ok: ok.body.ok, firstBadId: ok.body.firstBadId }).toEqual({ status: 200, ok: true, firstBadId: null });
    await t.sql(`UPDATE shareholders SET bank_account = '62220202000000000' WHERE org_id = $1 AND id = $2`, [world.unionId, shareholderId]);
    const [last] = await t.sql<{ seq: string }>(`SELECT max(seq)::text AS seq FROM audit_log WHERE org_id = $1 AND entity = 'shareholder' AND entity_id = $2`, [world.unionId, shareholderId]);
    const bad = await t.http().get(`/api/v1/orgs/${world.unionId}/audit-log/verify`).set(bearer(world.tokens.auditor));
    expect({ status: bad.status, ok: bad.body.ok, firstBadId: bad.body.firstBadId }).toEqual({ status: 200, ok: false, firstBadId: last.seq });
  });
});
