import { existsSync, readFileSync } from 'node:fs';
import { createTestDatabase, TestDatabase } from './support/test-app.js';

/**
 * docs/invariants.md says where each rule is enforced and which test attacks it. This keeps it
 * true: every database name it lists exists in the migrated database, every file.ts#symbol exists,
 * and every test it cites is still there under that name.
 */
const MAP = readFileSync(new URL('../docs/invariants.md', import.meta.url), 'utf8');
const root = new URL('../', import.meta.url);

interface Row {
  rule: string;
  database: string;
  typescript: string;
  tests: string;
}

function rows(): Row[] {
  return MAP.split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('| Rule '))
    .map((l) => {
      const [rule, database, typescript, tests] = l.slice(2, -2).split(' | ');
      return { rule, database, typescript, tests };
    });
}

const ticked = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);

describe('docs/invariants.md: the invariant map names what exists', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('covers every rule of SPEC §3 and has four cells in each row', () => {
    const all = rows();
    expect(all.length).toBeGreaterThanOrEqual(20);
    for (const r of all) expect([r.rule, r.database, r.typescript, r.tests].every((c) => c && c.trim())).toBe(true);
    const sections = new Set(all.map((r) => /^§3\.(\d)/.exec(r.rule)?.[1]).filter(Boolean));
    expect([...sections].sort()).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
  });

  it('every constraint, trigger, index and function it lists exists in the migrated database', async () => {
    const names = new Set(
      (
        await db.pool.query<{ name: string }>(`
          SELECT conname AS name FROM pg_constraint WHERE connamespace = 'public'::regnamespace
          UNION SELECT tgname FROM pg_trigger WHERE NOT tgisinternal
          UNION SELECT indexname FROM pg_indexes WHERE schemaname = 'public'
          UNION SELECT proname || '()' FROM pg_proc WHERE pronamespace = 'public'::regnamespace`)
      ).rows.map((r) => r.name),
    );
    const listed = rows().flatMap((r) => ticked(r.database)).filter((n) => /^(trg|ck|uq|fk|ix)_[a-z0-9_]+$|^[a-z0-9_]+\(\)$/.test(n));
    expect(listed.length).toBeGreaterThanOrEqual(40);
    expect(listed.filter((n) => !names.has(n))).toEqual([]);
  });

  it('every file.ts#symbol of the TypeScript column exists', () => {
    const missing: string[] = [];
    for (const ref of rows().flatMap((r) => ticked(r.typescript)).filter((n) => /\.ts(#|$)/.test(n))) {
      const [file, symbol] = ref.split('#');
      const path = new URL(file, root);
      if (!existsSync(path)) missing.push(ref);
      else if (symbol && !new RegExp(`\\b${symbol}\\b`).test(readFileSync(path, 'utf8'))) missing.push(ref);
    }
    expect(missing).toEqual([]);
  });

  it('every cited test file exists and still has each cited test', () => {
    const missing: string[] = [];
    let cited = 0;
    for (const cell of rows().map((r) => r.tests)) {
      // `test/file.spec.ts` "name", "name"; `test/other.spec.ts` "name"
      for (const part of cell.split(/;\s*(?=`)/)) {
        const file = /`(test\/[^`]+\.spec\.ts)`/.exec(part)?.[1];
        if (!file) {
          missing.push(`no test file in: ${part}`);
          continue;
        }
        const path = new URL(file, root);
        if (!existsSync(path)) {
          missing.push(file);
          continue;
        }
        const text = readFileSync(path, 'utf8');
        for (const [, name] of part.matchAll(/"([^"]+)"/g)) {
          cited++;
          if (!text.includes(name)) missing.push(`${file}: "${name}"`);
        }
      }
    }
    expect(cited).toBeGreaterThanOrEqual(30);
    expect(missing).toEqual([]);
  });
});
