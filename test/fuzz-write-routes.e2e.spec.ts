import fc from 'fast-check';
import { booksClient } from './support/books.js';
import { IDS, sharesClient } from './support/shares.js';
import { bearer, seedWorld, startTestApp, TestApp, World } from './support/test-app.js';
import { writeState } from './support/write-state.js';

/**
 * Issue 11, "Done when": random hostile JSON at every write route of the OpenAPI document, as every
 * role (and without a token). Each answer must be a 4xx with the error shape, the same code when the
 * same input is sent again, and nothing may be written (audit chain heads after every request; the
 * content of every table after each route).
 *
 * Every body carries one poison, so a correct server refuses all of them: a control character, a
 * non-character or a lone surrogate somewhere in the value (or in a key), a prototype key, nesting
 * deeper than 32 levels, or — on routes with a request body — the route's own fields filled with
 * random JSON plus one unknown field. Path parameters are real ids (a draft voucher, a ledger, a
 * household …) or random text. Fixed seeds (SEED + route × roles + role), so a failure replays; about 2 runs per route and role.
 */
const SEED = 20_261_202;
const RUNS_PER_ROUTE_AND_ROLE = 2;

type Method = 'post' | 'patch' | 'put' | 'delete';
interface Route {
  method: Method;
  path: string;
  bodyFields: string[] | null; // the request body's top-level fields, or null if the route takes none
}

const ROLES = ['admin', 'accountant', 'reviewer', 'cashier', 'board', 'shareholder', 'auditor', 'supervisor', 'otherAccountant', 'none'] as const;
type RoleOrNone = (typeof ROLES)[number];

const BAD_CHARACTERS = ['\u0000', '\u0001', '\u0008', '\u000b', '\u001b', '\u007f', '\u0085', '\ufffe', '\uffff', '\ufdd0', '\ud800', '\udfff', '\u{10FFFF}'];
const FORBIDDEN_KEYS = ['__proto__', 'constructor', 'prototype'];

describe('fuzz: hostile JSON at every write route, as every role, is a 4xx and writes nothing', () => {
  let t: TestApp;
  let world: World;
  let routes: Route[];
  let realIds: Record<string, string[]>;

  beforeAll(async () => {
    t = await startTestApp();
    world = await seedWorld(t);
    const books = booksClient(t, world);
    const ledger = await books.createLedger();
    const draft = await books.draft(ledger.id, '2024-01-05', '租金', [
      { accountCode: '101', debit: '10.00' },
      { accountCode: '501', credit: '10.00' },
    ]);
    const shares = sharesClient(t, world);
    const household = await shares.household('H1');
    const holder = await shares.shareholder('S1', '张三', IDS.a, household.id);
    realIds = {
      orgId: [world.unionId, world.coopId, world.townId, world.otherUnionId],
      ledgerId: [ledger.id],
      voucherId: [draft.id],
      householdId: [household.id],
      shareholderId: [holder.id],
      userId: [world.userIds.accountant],
      period: ['2024-01', '2024-02'],
      year: ['2024'],
    };

    const doc = await t.http().get('/api/docs-json');
    expect(doc.status).toBe(200);
    const schemas = (doc.body.components?.schemas ?? {}) as Record<string, { properties?: Record<string, unknown> }>;
    routes = [];
    for (const [path, item] of Object.entries(doc.body.paths as Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> } }>>)) {
      for (const method of ['post', 'patch', 'put', 'delete'] as Method[]) {
        const op = item[method];
        if (!op) continue;
        const ref = op.requestBody?.content?.['application/json']?.schema?.$ref;
        const bodyFields = op.requestBody ? Object.keys((ref && schemas[ref.split('/').pop()!]?.properties) || {}) : null;
        routes.push({ method, path, bodyFields });
      }
    }
  });
  afterAll(() => t.close());

  /** A random JSON value with the poison put at a random depth under a random key. */
  const poisoned = (poison: fc.Arbitrary<[string, unknown]>) =>
    fc.tuple(fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 }), fc.array(fc.string({ minLength: 1, maxLength: 6 }), { maxLength: 4 }), poison).map(([base, trail, [key, value]]) => {
      const root: Record<string, unknown> = { ...base };
      let at = root;
      for (const k of trail) at = at[k] = {} as Record<string, unknown>;
      at[key] = value;
      return JSON.stringify(root);
    });

  const badText = fc.tuple(fc.string({ maxLength: 6 }), fc.constantFrom(...BAD_CHARACTERS), fc.string({ maxLength: 6 })).map(([a, c, b]) => `${a}${c}${b}`);
  const characterPoison = fc.oneof(
    fc.tuple(fc.string({ maxLength: 8 }), badText),
    fc.tuple(badText, fc.jsonValue({ maxDepth: 1 })),
    fc.tuple(fc.string({ maxLength: 8 }), fc.array(badText, { minLength: 1, maxLength: 3 })),
  );
  const keyPoison = fc.tuple(fc.constantFrom(...FORBIDDEN_KEYS), fc.jsonValue({ maxDepth: 2 }));
  const deepBody = fc.integer({ min: 33, max: 20_000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`);
  /** The route's own fields with random values, plus one field it does not have. */
  const unknownField = (fields: string[]) =>
    fc
      .tuple(fc.subarray(fields), fc.array(fc.jsonValue({ maxDepth: 3 }), { minLength: fields.length, maxLength: fields.length }), fc.string({ minLength: 1, maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }))
      .map(([chosen, values, extra, extraValue]) => JSON.stringify({ ...Object.fromEntries(chosen.map((f, i) => [f, values[i]])), [`zz_${extra}`]: extraValue }));

  const bodyFor = (route: Route) =>
    fc.oneof(poisoned(characterPoison), poisoned(keyPoison), deepBody, ...(route.bodyFields && !route.path.endsWith('/auth/login') ? [unknownField(route.bodyFields)] : []));

  const pathFor = (route: Route) => {
    const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    return fc
      .tuple(...names.map((name) => fc.oneof(fc.constantFrom(...(realIds[name] ?? [crypto.randomUUID()])), fc.uuid(), fc.string({ minLength: 1, maxLength: 12 }))))
      .map((values) => names.reduce((p, name, i) => p.replace(`{${name}}`, encodeURIComponent(values[i] as string)), route.path));
  };

  const heads = async () => (await t.sql<{ h: string }>(`SELECT coalesce(string_agg(org_id || ':' || seq || ':' || hash, ',' ORDER BY org_id), '') AS h FROM audit_heads`))[0].h;

  it('reads the write routes of the OpenAPI document', () => {
    expect(routes.length).toBeGreaterThanOrEqual(40);
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining(['post /api/v1/auth/login', 'post /api/v1/orgs/{orgId}/ledgers/{ledgerId}/vouchers', 'patch /api/v1/orgs/{orgId}/settings', 'delete /api/v1/orgs/{orgId}/ledgers/{ledgerId}/vouchers/{voucherId}']));
  });

  it('every route × role: 4xx, the error shape, the same code twice, nothing written', async () => {
    const started = Date.now();
    let requests = 0;
    const seen = new Map<string, number>();
    for (const [r, route] of routes.entries()) {
      const before = await writeState(t);
      for (const [k, role] of ROLES.entries()) {
        await fc.assert(
          fc.asyncProperty(pathFor(route), bodyFor(route), fc.option(fc.string({ minLength: 1, maxLength: 20 }).map((k) => k.replace(/[^\x21-\x7e]/g, 'k'))), async (path, body, key) => {
            const head = await heads();
            const send = () => {
              let req = t.http()[route.method](path).set('Content-Type', 'application/json');
              if (role !== 'none') req = req.set(bearer(world.tokens[role as Exclude<RoleOrNone, 'none'>]));
              if (key) req = req.set('Idempotency-Key', key);
              return req.send(body);
            };
            const first = await send();
            const second = await send();
            requests += 2;
            const where = `${route.method.toUpperCase()} ${path} as ${role}: ${first.status} ${JSON.stringify(first.body)}`;
            if (first.status < 400 || first.status >= 500) throw new Error(`not a 4xx: ${where}`);
            expect(first.body).toEqual(expect.objectContaining({ statusCode: first.status, code: expect.stringMatching(/^[A-Z][A-Z0-9_]+$/), message: expect.any(String), requestId: expect.any(String) }));
            expect({ status: second.status, code: second.body.code }).toEqual({ status: first.status, code: first.body.code });
            expect(await heads()).toBe(head);
            seen.set(first.body.code, (seen.get(first.body.code) ?? 0) + 1);
          }),
          { seed: SEED + r * ROLES.length + k, numRuns: RUNS_PER_ROUTE_AND_ROLE, endOnFailure: true },
        );
      }
      expect({ route: `${route.method} ${route.path}`, state: await writeState(t) }).toEqual({ route: `${route.method} ${route.path}`, state: before });
    }
    // What was measured, for the record (and to see the codes the fuzz reached).
    process.stdout.write(`fuzz: ${routes.length} write routes × ${ROLES.length} roles, ${requests} requests in ${Date.now() - started} ms, seed ${SEED}; codes ${JSON.stringify(Object.fromEntries(seen))}\n`);
    expect(seen.size).toBeGreaterThanOrEqual(4);
  }, 120_000);
});
