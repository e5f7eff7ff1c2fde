// Run by global-setup.mjs (through tsx, so it can reuse the demo's TypeScript): finds the PostgreSQL
// and Redis the tests use, starting its own where none answers, and prints them as one JSON line on
// stdout ({databaseUrl, redisUrl} or {error}). What it started it stops when its stdin closes
// (global-teardown.mjs closes it; so does the end of jest, however it ends).
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, probePostgres, processEnv } from '@app/core';
import { startEmbeddedDatabase } from '../../apps/cli/src/embedded-database.js';
import { redisForLocalRun } from '../../apps/cli/src/local-redis.js';

const DEFAULT_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';
const env = processEnv();
const log = (line: string) => process.stderr.write(`tests: ${line}\n`);
const dir = await mkdtemp(path.join(tmpdir(), 'cl-test-services-'));
// The embedded server runs as OS user postgres when we are root: it must reach its data directory.
await chmod(dir, 0o755);
const stops: (() => Promise<void>)[] = [];
const stopAll = async () => {
  for (const stop of stops.reverse()) await stop().catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
};

try {
  // Redis first: a missing one is reported at once, before a PostgreSQL is started.
  const config = loadConfig(env);
  const redis = await redisForLocalRun(config.redisUrl, !config.unset.redisUrl, path.join(dir, 'redis'), log);
  if (redis.stop) stops.push(redis.stop);
  let databaseUrl = env.TEST_DATABASE_URL;
  if (!databaseUrl) {
    const problem = await probePostgres(DEFAULT_SERVER, 2000);
    if (problem === null) databaseUrl = DEFAULT_SERVER;
    else {
      log(`no PostgreSQL on 127.0.0.1:5432 (${problem}): starting an embedded one for this run`);
      const embedded = await startEmbeddedDatabase(dir, log, { throwaway: true });
      stops.push(embedded.stop);
      databaseUrl = embedded.serverUrl;
    }
  }
  process.stdout.write(`${JSON.stringify({ databaseUrl, redisUrl: redis.url })}\n`);
} catch (error) {
  process.stdout.write(`${JSON.stringify({ error: (error as Error).message })}\n`);
  await stopAll();
  process.exit(1);
}

if (stops.length === 0) {
  await stopAll();
  process.exit(0);
}
process.stdin.on('close', () => void stopAll().then(() => process.exit(0)));
process.stdin.resume();
