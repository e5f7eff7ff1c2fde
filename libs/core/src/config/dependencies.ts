import { Redis } from 'ioredis';
import pg from 'pg';
import type { AppConfig } from './app-config.js';

/** A URL fit to print: the password replaced. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}

/** Why PostgreSQL at `url` does not answer `SELECT 1` within `timeoutMs`, or null when it does. */
export async function probePostgres(url: string, timeoutMs = 3000): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return describe(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Why Redis at `url` does not answer PING within `timeoutMs`, or null when it does. */
export async function probeRedis(url: string, timeoutMs = 2000): Promise<string | null> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  // The cause (e.g. ECONNREFUSED) comes as an 'error' event; connect() then rejects with "Connection is closed.".
  let cause: unknown;
  redis.on('error', (error) => (cause ??= error));
  try {
    await redis.connect();
    await redis.ping();
    return null;
  } catch (error) {
    return describe(cause ?? error);
  } finally {
    redis.disconnect();
  }
}

function describe(error: unknown): string {
  const e = error as { code?: string; message?: string; errors?: { code?: string }[] };
  // A refused connection to "localhost" arrives as an AggregateError (IPv4 and IPv6) with no message.
  return e.message || e.code || e.errors?.map((x) => x.code).join(', ') || String(error);
}

/**
 * The API's and the worker's boot check: one line per dependency that does not answer, saying how
 * to fix it (else they would start and wait on it in silence, as Bull retries Redis for ever).
 */
export async function unreachableDependencies(config: AppConfig & { databaseUrl: string }): Promise<string[]> {
  const [database, redis] = await Promise.all([probePostgres(config.databaseUrl), probeRedis(config.redisUrl)]);
  const problems: string[] = [];
  if (database) problems.push(`PostgreSQL at DATABASE_URL (${safeUrl(config.databaseUrl)}) is unreachable: ${database} — start it or fix DATABASE_URL`);
  if (redis) problems.push(`Redis at REDIS_URL (${safeUrl(config.redisUrl)}) is unreachable: ${redis} — start it or fix REDIS_URL`);
  return problems;
}

/** For entry points: print each unreachable dependency on one line and exit 1. */
export async function exitUnlessDependenciesAnswer(config: AppConfig & { databaseUrl: string }, processName: string): Promise<void> {
  const problems = await unreachableDependencies(config);
  if (problems.length === 0) return;
  for (const p of problems) process.stderr.write(`${processName} cannot start: ${p}\n`);
  process.exit(1);
}
