// Migrates a template database once per run (in a child process: this file is not transformed by
// ts-jest); every test file then clones it, which takes milliseconds.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export default async function globalSetup() {
  const base = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const run = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const template = `cl_test_${run}_template`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${template}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${template}`;
  execFileSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'test/support/migrate-template.ts'], {
    env: { ...process.env, DATABASE_URL: url.toString() },
    stdio: 'inherit',
  });
  process.env.CL_TEST_RUN = run;
  process.env.CL_TEST_TEMPLATE = template;
  process.env.CL_TEST_BASE_URL = base;
}
