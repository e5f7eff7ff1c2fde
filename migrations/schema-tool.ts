/**
 * `npm run schema -- dump`: rewrite libs/<context>/src/schema/<context>.sql from the migrated
 * database at DATABASE_URL (run it after `npm run cli -- migrate` on a fresh database).
 * `npm run schema -- freeze <migration> <name>...`: copy the named statements of the living files,
 * as they are now, into migrations/sql/<migration>.sql for a new migration to load.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { processEnv } from '@app/core';
import {
  formatSchemaObject,
  frozenMigrationFile,
  livingSchema,
  livingSchemaFile,
  ownerOf,
  readDatabaseSchema,
  SCHEMA_CONTEXTS,
  SchemaContext,
  SchemaObject,
} from './schema-sql.js';

const HEADER = (context: string) => `-- The current database rules of the ${context} context: every trigger function, trigger and view
-- on its tables, as a freshly migrated database defines them (pg_get_functiondef, pg_get_triggerdef,
-- pg_get_viewdef). Regenerate with \`npm run schema -- dump\`; test/schema-sql.e2e.spec.ts fails when
-- this file and the migrations disagree. Migrations never read this file at run time: a new
-- migration freezes what it installs (\`npm run schema -- freeze\`, see docs/architecture.md).
`;

/** Readable bodies: the migrations' indentation removed (whitespace is not compared). */
function dedentBody(sql: string): string {
  const match = /^([\s\S]*?AS \$function\$\n)([\s\S]*?)(\$function\$;)$/.exec(sql);
  if (!match) return sql;
  const lines = match[2].replace(/\s+$/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return `${match[1]}${lines.map((l) => l.slice(indent).trimEnd()).join('\n')}\n${match[3]}`;
}

async function dump(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const objects = await readDatabaseSchema(client);
    const byContext = new Map<SchemaContext, SchemaObject[]>(SCHEMA_CONTEXTS.map((c) => [c, []]));
    for (const object of objects) byContext.get(ownerOf(object, objects))!.push({ ...object, sql: dedentBody(object.sql) });
    for (const [context, list] of byContext) {
      const file = livingSchemaFile(context);
      mkdirSync(new URL('.', file), { recursive: true });
      writeFileSync(file, `${HEADER(context)}\n${list.map(formatSchemaObject).join('\n')}`);
      console.log(`${fileURLToPath(file)}: ${list.length} objects`);
    }
  } finally {
    await client.end();
  }
}

function freeze(migration: string, names: string[]): void {
  const file = frozenMigrationFile(migration);
  if (existsSync(file)) throw new Error(`${fileURLToPath(file)} exists: frozen SQL is never rewritten`);
  const living = new Map(SCHEMA_CONTEXTS.flatMap((c) => [...livingSchema(c)]));
  const chosen = names.map((name) => {
    const object = living.get(name);
    if (!object) throw new Error(`${name} is in no living schema file`);
    return object;
  });
  mkdirSync(new URL('.', file), { recursive: true });
  writeFileSync(file, `-- Frozen for migration ${migration} from the living schema files; never edited.\n\n${chosen.map(formatSchemaObject).join('\n')}`);
  console.log(`${fileURLToPath(file)}: ${chosen.length} statements`);
}

const [command, ...args] = process.argv.slice(2);
if (command === 'dump') {
  const url = processEnv().DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL: the migrated database to read');
  await dump(url);
} else if (command === 'freeze' && args.length >= 2) {
  freeze(args[0], args.slice(1));
} else {
  console.error('usage: npm run schema -- dump | freeze <migration> <function|trigger|view>...');
  process.exitCode = 2;
}
