import type { TestApp } from './test-app.js';

/**
 * What a refused request must leave unchanged: the audit chain heads and the content of every table
 * (a digest per table, so an UPDATE is seen as well as an INSERT or DELETE). Compare before and after.
 */
export async function writeState(t: TestApp): Promise<Record<string, string>> {
  const tables = await t.sql<{ name: string }>(
    `SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('migrations', 'typeorm_metadata') ORDER BY tablename`,
  );
  const digests = tables.map(({ name }) => `SELECT '${name}' AS name, count(*)::text || ':' || coalesce(md5(string_agg(md5(t::text), '' ORDER BY md5(t::text))), '') AS digest FROM ${name} t`);
  const rows = await t.sql<{ name: string; digest: string }>(digests.join(' UNION ALL '));
  const heads = await t.sql<{ heads: string }>(`SELECT coalesce(string_agg(org_id || ':' || seq || ':' || hash, ',' ORDER BY org_id), '') AS heads FROM audit_heads`);
  return { auditHeads: heads[0].heads, ...Object.fromEntries(rows.map((r) => [r.name, r.digest])) };
}
