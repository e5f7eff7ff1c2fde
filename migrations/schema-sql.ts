import { readFileSync } from 'node:fs';

/**
 * The current definition of every trigger function, trigger and view lives in one SQL file per
 * context (`libs/<context>/src/schema/<context>.sql`), generated from a freshly migrated database
 * and checked against it by test/schema-sql.e2e.spec.ts. A migration never reads those living files
 * at run time: what it installs is frozen when it is written (`npm run schema -- freeze`, into
 * `migrations/sql/<migration>.sql`), so replaying it years later installs the same SQL. See
 * docs/architecture.md, "Database rules".
 */

/** The contexts that own database rules, each with its living SQL file. */
export const SCHEMA_CONTEXTS = ['audit', 'ledger', 'shares', 'dividends', 'assets', 'contracts', 'supervision'] as const;
export type SchemaContext = (typeof SCHEMA_CONTEXTS)[number];

/** Which context owns each table (its triggers and their functions are written in that context's file). */
export const TABLE_OWNERS: Record<string, SchemaContext | 'core' | 'auth' | 'organizations'> = {
  organizations: 'organizations',
  users: 'auth',
  role_grants: 'auth',
  idempotency_keys: 'core',
  schema_migrations: 'core',
  audit_log: 'audit',
  audit_heads: 'audit',
  ledgers: 'ledger',
  accounts: 'ledger',
  periods: 'ledger',
  opening_balances: 'ledger',
  vouchers: 'ledger',
  journal_lines: 'ledger',
  account_balances: 'ledger',
  households: 'shares',
  shareholders: 'shares',
  share_classes: 'shares',
  share_events: 'shares',
  share_event_legs: 'shares',
  holdings: 'shares',
  distribution_plans: 'dividends',
  distribution_allocations: 'dividends',
  payment_batches: 'dividends',
  budget_versions: 'supervision',
  budget_lines: 'supervision',
  warning_thresholds: 'supervision',
  warnings: 'supervision',
  disclosure_packs: 'supervision',
  disclosure_objections: 'supervision',
  contracts: 'contracts',
  contract_parties: 'contracts',
  contract_objects: 'contracts',
  rent_accrual_runs: 'contracts',
  rent_schedule: 'contracts',
  rent_receipts: 'contracts',
  rent_receipt_applications: 'contracts',
  contract_deposits: 'contracts',
  trades: 'contracts',
  trade_bidders: 'contracts',
  trade_bids: 'contracts',
  fixed_assets: 'assets',
  fixed_asset_states: 'assets',
  depreciation_runs: 'assets',
  depreciation_lines: 'assets',
  resources: 'assets',
};

/** Objects no table places: views, and functions no trigger executes directly (called from WHEN clauses or bodies). */
export const LISTED_OWNERS: Record<string, SchemaContext> = {
  books_bulk_mode: 'ledger',
  share_history_problems: 'shares',
  // The register's published queries (issue 13 item 3): other contexts read shares' tables through these.
  register_legs_on: 'shares',
  register_holdings_on: 'shares',
  register_holders: 'shares',
  register_households: 'shares',
  register_frozen_holders: 'shares',
};

export type SchemaKind = 'function' | 'trigger' | 'view';

export interface SchemaObject {
  kind: SchemaKind;
  name: string;
  /** The trigger's table. */
  table?: string;
  /** One complete statement, ending with `;`. */
  sql: string;
}

/** Each statement of a schema file is preceded by a marker line naming it. */
const MARKER = /^-- (function|trigger|view) ([a-z0-9_]+)(?: on ([a-z0-9_]+))?$/;

export function parseSchemaSql(text: string): Map<string, SchemaObject> {
  const objects = new Map<string, SchemaObject>();
  let current: SchemaObject | null = null;
  const close = () => {
    if (!current) return;
    current.sql = current.sql.trim();
    if (!current.sql.endsWith(';')) throw new Error(`schema SQL: ${current.kind} ${current.name} does not end with ';'`);
    if (objects.has(current.name)) throw new Error(`schema SQL: ${current.name} is defined twice`);
    objects.set(current.name, current);
  };
  for (const line of text.split('\n')) {
    const marker = MARKER.exec(line);
    if (marker) {
      close();
      current = { kind: marker[1] as SchemaKind, name: marker[2], table: marker[3], sql: '' };
    } else if (current) current.sql += `${line}\n`;
  }
  close();
  return objects;
}

export function formatSchemaObject(object: SchemaObject): string {
  return `-- ${object.kind} ${object.name}${object.table ? ` on ${object.table}` : ''}\n${object.sql}\n`;
}

export const livingSchemaFile = (context: SchemaContext) => new URL(`../libs/${context}/src/schema/${context}.sql`, import.meta.url);
export const frozenMigrationFile = (migration: string) => new URL(`./sql/${migration}.sql`, import.meta.url);

export function livingSchema(context: SchemaContext): Map<string, SchemaObject> {
  return parseSchemaSql(readFileSync(livingSchemaFile(context), 'utf8'));
}

/**
 * The statements frozen for one migration (`migrations/sql/<migration>.sql`, e.g.
 * `1795730000000-Foo` or `1795730000000-Foo.down`), in file order, for `queryRunner.query`.
 * The build copies these files next to the compiled migrations.
 */
export function migrationSql(migration: string): string[] {
  return [...parseSchemaSql(readFileSync(frozenMigrationFile(migration), 'utf8')).values()].map((o) => o.sql);
}

/** Whitespace is not part of a rule: runs of it count as one space, and none around punctuation. */
export function normalizeSql(sql: string): string {
  return sql
    .replace(/\s+/g, ' ')
    .replace(/\s*([(),;=<>+*/|-])\s*/g, '$1')
    .trim()
    .replace(/;$/, '');
}

interface Queryable {
  query<R>(text: string): Promise<{ rows: R[] }>;
}

/** Every trigger function, (constraint) trigger and view of the public schema, as PostgreSQL renders them now. */
export async function readDatabaseSchema(db: Queryable): Promise<SchemaObject[]> {
  const functions = await db.query<{ name: string; sql: string }>(`
    SELECT p.proname AS name, pg_get_functiondef(p.oid) AS sql
      FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname = 'public' AND p.prokind = 'f'
       AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
     ORDER BY 1`);
  const triggers = await db.query<{ name: string; table: string; sql: string }>(`
    SELECT t.tgname AS name, c.relname AS table, pg_get_triggerdef(t.oid, true) AS sql
      FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE NOT t.tgisinternal AND n.nspname = 'public'
     ORDER BY 2, 1`);
  const views = await db.query<{ name: string; sql: string }>(`
    SELECT viewname AS name, pg_get_viewdef(format('%I.%I', schemaname, viewname)::regclass, true) AS sql
      FROM pg_views WHERE schemaname = 'public' ORDER BY 1`);
  return [
    ...functions.rows.map((r) => ({ kind: 'function' as const, name: r.name, sql: `${r.sql.trim()};` })),
    ...triggers.rows.map((r) => ({ kind: 'trigger' as const, name: r.name, table: r.table, sql: `${formatTrigger(r.sql)};` })),
    ...views.rows.map((r) => ({ kind: 'view' as const, name: r.name, sql: `CREATE OR REPLACE VIEW ${r.name} AS\n${r.sql.trim().replace(/;$/, '')};` })),
  ];
}

/** pg_get_triggerdef is one long line: break it before its clauses. */
function formatTrigger(sql: string): string {
  return sql.replace(/ (DEFERRABLE|REFERENCING|FOR EACH|WHEN|EXECUTE FUNCTION) /g, '\n  $1 ');
}

/** The context whose file holds an object: the owner of its table, of the table whose trigger runs it, or listed. */
export function ownerOf(object: SchemaObject, all: SchemaObject[]): SchemaContext {
  const owner = (table: string) => {
    const context = TABLE_OWNERS[table];
    if (!(SCHEMA_CONTEXTS as readonly string[]).includes(context)) throw new Error(`table ${table} has triggers but no schema context owns it (migrations/schema-sql.ts)`);
    return context as SchemaContext;
  };
  if (object.kind === 'trigger') return owner(object.table!);
  if (LISTED_OWNERS[object.name]) return LISTED_OWNERS[object.name];
  if (object.kind === 'function') {
    const trigger = all.find((o) => o.kind === 'trigger' && new RegExp(`EXECUTE FUNCTION ${object.name}\\(`).test(o.sql));
    if (trigger) return owner(trigger.table!);
  }
  throw new Error(`${object.kind} ${object.name}: add it to LISTED_OWNERS (migrations/schema-sql.ts)`);
}
