import { livingSchema, normalizeSql, ownerOf, readDatabaseSchema, SCHEMA_CONTEXTS, SchemaObject } from '../migrations/schema-sql.js';
import { createTestDatabase, TestDatabase } from './support/test-app.js';

/**
 * The living schema files (libs/<context>/src/schema/<context>.sql) say what the migrated database
 * enforces: same functions, triggers (on the same tables) and views, same definitions up to
 * whitespace. A migration that changes a rule without its file, or the reverse, fails here; fix it
 * with `npm run schema -- dump` on a freshly migrated database.
 */
describe('living schema files match the migrated database', () => {
  let db: TestDatabase;
  let database: SchemaObject[];

  beforeAll(async () => {
    db = await createTestDatabase();
    database = await readDatabaseSchema(db.pool);
  });
  afterAll(() => db.drop());

  const files = () => new Map(SCHEMA_CONTEXTS.flatMap((context) => [...livingSchema(context)].map(([name, o]) => [name, { ...o, context }] as const)));
  const key = (o: SchemaObject) => `${o.kind} ${o.name}${o.table ? ` on ${o.table}` : ''}`;

  it('lists the same functions, triggers with their tables, and views', () => {
    expect([...files().values()].map(key).sort()).toEqual(database.map(key).sort());
    // The database has rules to compare: an empty read would make the test vacuous.
    expect(database.filter((o) => o.kind === 'trigger').length).toBeGreaterThanOrEqual(19);
  });

  it('defines each of them the same way, up to whitespace', () => {
    const living = files();
    const differing = database.filter((o) => normalizeSql(living.get(o.name)?.sql ?? '') !== normalizeSql(o.sql)).map(key);
    expect(differing).toEqual([]);
  });

  it('keeps each rule in the file of the context owning its table', () => {
    const living = files();
    const misplaced = database.filter((o) => living.get(o.name) && living.get(o.name)!.context !== ownerOf(o, database)).map(key);
    expect(misplaced).toEqual([]);
  });

  // PL/pgSQL caches a trigger function's plans per connection; a generic plan made while a table was
  // empty scans it whole on every later call (found twice by the benches: the ledger's lines, then
  // the depreciation lines). Every trigger function plans each call for the rows it is given.
  it('gives every PL/pgSQL trigger function a custom plan per call', async () => {
    const { rows } = await db.pool.query<{ name: string }>(
      `SELECT p.proname AS name FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
        WHERE p.pronamespace = 'public'::regnamespace AND l.lanname = 'plpgsql' AND p.prorettype = 'trigger'::regtype
          AND NOT coalesce('plan_cache_mode=force_custom_plan' = ANY (p.proconfig), false)
        ORDER BY 1`,
    );
    expect(rows.map((r) => r.name)).toEqual([]);
  });

  it('normalizes whitespace only', () => {
    expect(normalizeSql('CREATE  TRIGGER t\n  AFTER INSERT ON x ( a , b );')).toBe(normalizeSql('CREATE TRIGGER t AFTER INSERT ON x(a,b)'));
    expect(normalizeSql("RAISE 'a' ;")).not.toBe(normalizeSql("RAISE 'b';"));
  });
});
