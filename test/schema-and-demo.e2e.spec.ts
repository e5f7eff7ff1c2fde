import { DataSource } from 'typeorm';
import { seedDemo } from '../apps/cli/src/demo-seed.js';
import { dataSourceOptions } from '../migrations/data-source-options.js';
import { createTestDatabase, startTestApp } from './support/test-app.js';

describe('schema discipline', () => {
  it('entities and migrations agree (drift check: TypeORM would generate no change)', async () => {
    const db = await createTestDatabase();
    const ds = new DataSource(dataSourceOptions(db.url, 2));
    await ds.initialize();
    try {
      const pending = await ds.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
      expect(await ds.showMigrations()).toBe(false);
    } finally {
      await ds.destroy();
      await db.drop();
    }
  });

  it('every tenant table leads its primary key with org_id (Citus rule, SPEC §4)', async () => {
    const db = await createTestDatabase();
    try {
      const { rows } = await db.pool.query<{ table_name: string; first_column: string }>(`
        SELECT c.relname AS table_name, a.attname AS first_column
          FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
          JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
          JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = i.indkey[0]
         WHERE i.indisprimary ORDER BY 1`);
      // Reference (installation-level) tables: replicated to every node under Citus.
      const reference = new Set(['organizations', 'users', 'role_grants', 'schema_migrations']);
      const tenant = rows.filter((r) => !reference.has(r.table_name));
      expect(tenant.map((r) => `${r.table_name}.${r.first_column}`)).toEqual(['audit_heads.org_id', 'audit_log.org_id', 'idempotency_keys.scope_id']);
    } finally {
      await db.drop();
    }
  });
});

describe('demo', () => {
  it('the demo seed runs against a scratch database (twice, idempotently) and the service is ready', async () => {
    const t = await startTestApp({ withProcessors: true });
    try {
      const first = await seedDemo(t.app);
      const second = await seedDemo(t.app);
      expect(second).toEqual(first);
      expect(first.map((c) => c.username)).toEqual(['admin', 'accountant', 'reviewer', 'cashier', 'board', 'supervisor', 'auditor', 'shareholder']);
      const orgs = await t.sql<{ kind: string; name: string }>(`SELECT kind, name FROM organizations ORDER BY array_length(ancestor_ids, 1) NULLS FIRST`);
      expect(orgs).toEqual([
        { kind: 'town', name: '东莞市东城街道' },
        { kind: 'union', name: '东城街道温塘股份经济联合社' },
        { kind: 'cooperative', name: '温塘第一股份经济合作社' },
      ]);
      const ready = await t.http().get('/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body.details).toEqual({ database: { status: 'up' }, redis: { status: 'up' }, migrations: { status: 'up' } });
      const login = await t.http().post('/api/v1/auth/login').send({ username: 'accountant', password: 'demo-accountant-pass' });
      expect(login.status).toBe(200);
    } finally {
      await t.close();
    }
  });
});
