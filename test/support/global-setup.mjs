// Finds (or starts) the PostgreSQL and Redis of the run (test-services.ts), then migrates a template
// database once per run (in a child process: this file is not transformed by ts-jest); every test
// file then clones it, which takes milliseconds.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import pg from 'pg';

const TSX = 'node_modules/tsx/dist/cli.mjs';

export default async function globalSetup() {
  const { databaseUrl: base, redisUrl } = await services();
  const run = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const template = `cl_test_${run}_template`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${template}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${template}`;
  execFileSync(process.execPath, [TSX, 'test/support/migrate-template.ts'], {
    env: { ...process.env, DATABASE_URL: url.toString() },
    stdio: 'inherit',
  });
  process.env.CL_TEST_RUN = run;
  process.env.CL_TEST_TEMPLATE = template;
  process.env.CL_TEST_BASE_URL = base;
  // The test apps read REDIS_URL: point them at the Redis the run uses (perhaps one started for it).
  process.env.REDIS_URL = redisUrl;
}

/** The servers of the run; a child that started some keeps them until global-teardown.mjs. */
async function services() {
  const child = spawn(process.execPath, [TSX, 'test/support/test-services.ts'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const [line] = await Promise.race([
    new Promise((resolve) => lines.once('line', (l) => resolve([l]))),
    new Promise((resolve) => child.once('exit', () => resolve([undefined]))),
  ]);
  lines.close();
  const answer = line ? JSON.parse(line) : { error: 'test/support/test-services.ts ended without an answer' };
  if (answer.error) {
    // One line, not a stack: what is missing and how to get it.
    const error = new Error(answer.error);
    error.stack = answer.error;
    throw error;
  }
  globalThis.__clTestServices = child;
  return answer;
}
