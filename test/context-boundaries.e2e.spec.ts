import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TABLE_OWNERS } from '../migrations/schema-sql.js';
import { createTestDatabase, TestDatabase } from './support/test-app.js';

/**
 * Context boundaries (issue 13 items 3 and 4, docs/architecture.md):
 * - a context's SQL names only its own tables (TABLE_OWNERS); another context's data is read through
 *   what that context publishes: a service or query method exported from its index.ts, or a SQL
 *   function/view it owns in its living schema file (e.g. shares' `register_legs_on`);
 * - SQL lives in repositories: no `.query(` in a `*.service.ts` or `*.controller.ts`;
 * - every table has exactly one owner, written both in TABLE_OWNERS and in docs/architecture.md.
 * migrations/ is not scanned (foreign keys across contexts are fine there).
 */
const root = fileURLToPath(new URL('../', import.meta.url));
const libs = join(root, 'libs');

/** Cross-context reads that must stay, each with why. Keep it short: prefer a published query. */
const ALLOWED_READS: { file: string; table: string; reason: string }[] = [
  {
    file: 'libs/auth/src/users.repository.ts',
    table: 'organizations',
    reason: 'tenancy reads the organization tree; auth sits below organizations (which uses TenancyService), so it cannot call OrganizationsService',
  },
  {
    file: 'libs/auth/src/users.repository.ts',
    table: 'shareholders',
    reason: 'a user links to a shareholder without a foreign key (users has no org_id, Citus rule); auth sits below shares and cannot call the register',
  },
  {
    file: 'libs/exports/src/exports.repository.ts',
    table: 'users',
    reason: 'the GB/T 24589 voucher lines carry the preparer/reviewer/poster usernames, joined per page of lines; auth has no living schema file to publish a SQL function yet',
  },
  // exports owns no tables: it is the books' read-only projection for auditors (docs/architecture.md),
  // streaming a year keyset-paged inside one snapshot; its statements are the export formats' reads.
  ...['accounts', 'vouchers', 'journal_lines', 'opening_balances', 'account_balances'].map((table) => ({
    file: 'libs/exports/src/exports.repository.ts',
    table,
    reason: "exports is the ledger's declared reader (it depends on ledger, owns no tables); the export streams the books in one snapshot",
  })),
];

/** Services and controllers that may still call `.query(` (none: SQL belongs in a repository). */
const ALLOWED_SERVICE_SQL: { file: string; reason: string }[] = [];

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const contexts = readdirSync(libs).filter((c) => statSync(join(libs, c, 'src')).isDirectory());
const files = contexts.flatMap((context) => tsFiles(join(libs, context, 'src')).map((path) => ({ context, file: relative(root, path), text: readFileSync(path, 'utf8') })));
const lineOf = (text: string, index: number) => text.slice(0, index).split('\n').length;

/** Tables named after an SQL keyword (upper case, as the project writes SQL), including `FROM a x, b`. */
export function tablesNamed(text: string): { table: string; index: number }[] {
  const found: { table: string; index: number }[] = [];
  const keyword = /\b(?:FROM|JOIN|INTO|UPDATE|REFERENCES|TABLE|TRUNCATE)\s+(?:ONLY\s+)?"?([a-z_][a-z0-9_]*)"?(?:\s+(?:AS\s+)?[a-z_][a-z0-9_]*)?(\s*,\s*"?([a-z_][a-z0-9_]*)"?)?/g;
  for (const m of text.matchAll(keyword)) {
    found.push({ table: m[1], index: m.index });
    if (m[3]) found.push({ table: m[3], index: m.index });
  }
  return found;
}

describe('context boundaries: each context reads only its own tables, SQL only in repositories', () => {
  it('scans every library (a vacuous scan would pass anything)', () => {
    expect(contexts).toEqual(expect.arrayContaining(['audit', 'auth', 'core', 'dividends', 'exports', 'ledger', 'organizations', 'shares']));
    expect(files.length).toBeGreaterThan(50);
    // The scanner finds what it must: a plain read, a join, a comma list, an update.
    expect(tablesNamed('SELECT 1 FROM holdings h JOIN shareholders s ON true').map((t) => t.table)).toEqual(['holdings', 'shareholders']);
    expect(tablesNamed('SELECT 1 FROM payment_batches b, households').map((t) => t.table)).toEqual(['payment_batches', 'households']);
    expect(tablesNamed('UPDATE users SET x = 1').map((t) => t.table)).toEqual(['users']);
  });

  it("names no other context's table in SQL", () => {
    const allowed = new Set(ALLOWED_READS.map((a) => `${a.file} ${a.table}`));
    const violations = new Set<string>();
    const used = new Set<string>();
    for (const { context, file, text } of files) {
      for (const { table, index } of tablesNamed(text)) {
        const owner = TABLE_OWNERS[table];
        if (!owner || owner === context) continue;
        if (allowed.has(`${file} ${table}`)) {
          used.add(`${file} ${table}`);
          continue;
        }
        violations.add(`${file}:${lineOf(text, index)} names ${table}, owned by ${owner}`);
      }
    }
    const message =
      `SQL in a context names another context's table. Read it through what the owner publishes instead: a method of a service ` +
      `exported from libs/<owner>/src/index.ts, or a SQL function/view the owner keeps in libs/<owner>/src/schema/<owner>.sql ` +
      `(as shares' register_legs_on / register_holders; see docs/architecture.md). Only if that is impossible, add the file and ` +
      `table with the reason to ALLOWED_READS in test/context-boundaries.e2e.spec.ts.\n`;
    expect(message + [...violations].join('\n')).toBe(message);
    // An exception no longer needed is removed, so the list stays the truth.
    expect(ALLOWED_READS.map((a) => `${a.file} ${a.table}`).filter((a) => !used.has(a))).toEqual([]);
  });

  it('keeps SQL out of services and controllers', () => {
    const allowed = new Set(ALLOWED_SERVICE_SQL.map((a) => a.file));
    const violations: string[] = [];
    for (const { file, text } of files) {
      if (!/\.(service|controller)\.ts$/.test(file) || allowed.has(file)) continue;
      for (const m of text.matchAll(/\.query\s*(?:<[^>]*>)?\(/g)) violations.push(`${file}:${lineOf(text, m.index)}`);
    }
    const message =
      'A service or controller runs SQL. Move the statement into the context\'s repository (libs/<ctx>/src/<name>.repository.ts, ' +
      'a method named for what it reads or writes) and call that; the service keeps the use case and the transaction. ' +
      'Only if it must stay, add the file with the reason to ALLOWED_SERVICE_SQL in test/context-boundaries.e2e.spec.ts.\n';
    expect(message + violations.join('\n')).toBe(message);
  });
});

describe('docs/architecture.md lists every table with its owner', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  /** Rows of the Contexts table: `library` | `table`, `table` | … */
  function documented(): Map<string, string[]> {
    const doc = readFileSync(join(root, 'docs/architecture.md'), 'utf8');
    const owners = new Map<string, string[]>();
    for (const line of doc.split('\n')) {
      const cells = line.split('|').map((c) => c.trim());
      const library = /^`([a-z-]+)`$/.exec(cells[1] ?? '');
      if (!library) continue;
      for (const m of (cells[2] ?? '').matchAll(/`([a-z_0-9]+)`/g)) owners.set(m[1], [...(owners.get(m[1]) ?? []), library[1]]);
    }
    return owners;
  }

  it('has the owner of every table in TABLE_OWNERS, and no table twice', () => {
    const doc = documented();
    const wrong = Object.entries(TABLE_OWNERS)
      .filter(([table, owner]) => JSON.stringify(doc.get(table)) !== JSON.stringify([owner]))
      .map(([table, owner]) => `${table}: TABLE_OWNERS says ${owner}, docs/architecture.md says ${doc.get(table)?.join(', ') ?? 'nothing'}`);
    expect(wrong).toEqual([]);
    const unknown = [...doc.keys()].filter((t) => !(t in TABLE_OWNERS));
    expect(unknown).toEqual([]);
  });

  it('owns every table of a freshly migrated database (add a new table to TABLE_OWNERS and the table of docs/architecture.md)', async () => {
    const { rows } = await db.pool.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`);
    expect(rows.length).toBeGreaterThanOrEqual(20);
    expect(rows.map((r) => r.tablename).filter((t) => !(t in TABLE_OWNERS))).toEqual([]);
    expect(Object.keys(TABLE_OWNERS).filter((t) => !rows.some((r) => r.tablename === t))).toEqual([]);
  });
});
