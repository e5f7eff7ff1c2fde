import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { processEnv } from '@app/core';
import { freePort } from '../apps/cli/src/free-port.js';
import { startTestApp, TestApp } from './support/test-app.js';

const TSX = 'node_modules/tsx/dist/cli.mjs';

/** Runs an entry point's main.ts (tsx: the boot check runs before Nest needs decorator metadata). */
function boot(main: string, env: Record<string, string>) {
  const run = spawnSync(process.execPath, [TSX, main], { env: { PATH: processEnv().PATH, JWT_SECRET: 'x'.repeat(32), LOG_LEVEL: 'silent', ...env }, encoding: 'utf8', timeout: 90_000 });
  return { status: run.status, stderr: run.stderr.trim().split('\n') };
}

describe('readiness: /health/ready names the dependency that is down', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('Redis down: 503, redis down, the database and migrations up', async () => {
    t = await startTestApp({ env: { REDIS_URL: `redis://127.0.0.1:${await freePort()}` } });
    const ready = await t.http().get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({
      statusCode: 503,
      code: 'SERVICE_UNAVAILABLE',
      message: 'Not ready: redis is down (no answer in 1000 ms)',
      details: { database: { status: 'up' }, redis: { status: 'down', message: 'no answer in 1000 ms' }, migrations: { status: 'up' } },
      requestId: expect.any(String),
    });
  });

  it('PostgreSQL gone (its database dropped under the running API): 503, database and migrations down, Redis up', async () => {
    t = await startTestApp();
    expect((await t.http().get('/health/ready')).status).toBe(200);
    const admin = new pg.Client({ connectionString: processEnv().CL_TEST_BASE_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE ${t.db.name} WITH (FORCE)`);
    await admin.end();
    const ready = await t.http().get('/health/ready');
    expect(ready.status).toBe(503);
    const gone = `database "${t.db.name}" does not exist`;
    expect([ready.body.code, ready.body.message]).toEqual(['SERVICE_UNAVAILABLE', `Not ready: database is down (${gone}); migrations is down (${gone})`]);
    expect(ready.body.details).toEqual({ database: { status: 'down', message: gone }, redis: { status: 'up' }, migrations: { status: 'down', message: gone } });
  });
});

describe('boot: the API and the worker stop at once, saying which dependency does not answer', () => {
  // (Each runs main.ts through tsx, which takes a few seconds, more on a busy machine.)
  it('the API, with neither PostgreSQL nor Redis answering: exit 1, one line for each', async () => {
    const [pgPort, redisPort] = [await freePort(), await freePort()];
    const run = boot('apps/api/src/main.ts', { DATABASE_URL: `postgres://postgres:secret@127.0.0.1:${pgPort}/ledger`, REDIS_URL: `redis://127.0.0.1:${redisPort}` });
    expect(run).toEqual({
      status: 1,
      stderr: [
        `the API cannot start: PostgreSQL at DATABASE_URL (postgres://postgres:***@127.0.0.1:${pgPort}/ledger) is unreachable: connect ECONNREFUSED 127.0.0.1:${pgPort} — start it or fix DATABASE_URL`,
        `the API cannot start: Redis at REDIS_URL (redis://127.0.0.1:${redisPort}) is unreachable: connect ECONNREFUSED 127.0.0.1:${redisPort} — start it or fix REDIS_URL`,
      ],
    });
  }, 120_000);

  it('the worker, with PostgreSQL up and Redis not answering: exit 1, one line naming Redis', async () => {
    const t = await startTestApp();
    try {
      const redisPort = await freePort();
      const run = boot('apps/worker/src/main.ts', { DATABASE_URL: t.db.url, REDIS_URL: `redis://127.0.0.1:${redisPort}` });
      expect(run).toEqual({ status: 1, stderr: [`the worker cannot start: Redis at REDIS_URL (redis://127.0.0.1:${redisPort}) is unreachable: connect ECONNREFUSED 127.0.0.1:${redisPort} — start it or fix REDIS_URL`] });
    } finally {
      await t.close();
    }
  }, 120_000);
});
