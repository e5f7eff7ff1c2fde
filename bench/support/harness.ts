/**
 * What every scenario needs: a scratch database migrated with the compiled CLI, the API started
 * in-process with the production bootstrap on a loopback port, the machine's facts, and a teardown
 * that drops the database whatever happens (also on Ctrl-C).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import type { INestApplication } from '@nestjs/common';
import pg from 'pg';
import { loadCompiled } from './dist.js';
import type { Compiled } from './dist.js';
import { JsonClient } from './http.js';

export const say = (line: string) => process.stdout.write(`${line}\n`);
export const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Known-valid 统一社会信用代码 (the test fixtures' town and 经联社). */
export const TOWN_CODE = '11441900MB2C00001M';
export const UNION_CODE = 'N2441900MA0000001F';

export async function machineFacts(pool: pg.Pool) {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
  const version = (await pool.query<{ version: string }>('SELECT version()')).rows[0].version;
  const settings = await pool.query<{ name: string; setting: string }>(
    `SELECT name, current_setting(name) AS setting FROM pg_settings
      WHERE name IN ('shared_buffers', 'synchronous_commit', 'fsync', 'max_wal_size', 'work_mem', 'max_connections', 'wal_level', 'autovacuum_naptime')`,
  );
  const field = (name: string) => new RegExp(`^${name}\\s*:\\s*(.+)$`, 'm').exec(cpuinfo)?.[1]?.trim();
  return {
    cpuModel: model,
    cpuFamilyModel: `family ${field('cpu family') ?? '?'} model ${field('model') ?? '?'} stepping ${field('stepping') ?? '?'}`,
    virtualized: /\bhypervisor\b/.test(field('flags') ?? ''),
    cores: os.availableParallelism(),
    memoryGiB: round(os.totalmem() / 1024 ** 3, 1),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    postgres: version,
    postgresSettings: Object.fromEntries(settings.rows.map((r) => [r.name, r.setting])),
    loadAverageAtStart: os.loadavg().map((x) => round(x, 2)),
  };
}

/** Everything the run creates, torn down in reverse whatever happens. */
export class Scratch {
  private readonly steps: { what: string; run: () => Promise<unknown> }[] = [];
  private done = false;

  add(what: string, run: () => Promise<unknown>): void {
    this.steps.push({ what, run });
  }

  /** Each step gets 20 s; the last one (DROP DATABASE … WITH (FORCE)) ends whatever is still connected. */
  async teardown(): Promise<void> {
    if (this.done) return;
    this.done = true;
    for (const step of this.steps.reverse()) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timed out after 20 s')), 20_000);
      });
      try {
        await Promise.race([step.run(), timeout]);
      } catch (error) {
        process.stderr.write(`cleanup (${step.what}) failed: ${(error as Error).message}\n`);
      } finally {
        clearTimeout(timer);
      }
    }
  }

  /** Tears down on SIGINT/SIGTERM (kept registered: Nest's shutdown hook re-sends the signal). */
  onSignals(): void {
    let interrupted = false;
    const onSignal = (signal: string) => {
      if (interrupted) return;
      interrupted = true;
      process.stderr.write(`\n${signal}: dropping the scratch database\n`);
      void this.teardown().finally(() => process.exit(130));
    };
    process.on('SIGINT', () => onSignal('SIGINT'));
    process.on('SIGTERM', () => onSignal('SIGTERM'));
  }
}

export interface Bench {
  compiled: Compiled;
  scratch: Scratch;
  databaseUrl: string;
  /** Redis key prefix of this run's queues (workers started by the scenario must use the same). */
  queuePrefix: string;
  pool: pg.Pool;
  app: INestApplication;
  baseUrl: string;
  http: JsonClient;
  machine: Awaited<ReturnType<typeof machineFacts>>;
  config: ReturnType<Compiled['core']['loadConfig']>;
}

/** A scratch database `cl_bench_<ms>` (migrated), the API on an ephemeral port (no queue processors), a pool and a client. */
export async function startBench(opts: { keepDb?: boolean; poolSize?: number } = {}): Promise<Bench> {
  const scratch = new Scratch();
  scratch.onSignals();
  try {
    const compiled = await loadCompiled();
    const env = compiled.core.processEnv();
    const serverUrl = env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const name = `cl_bench_${Date.now()}`;
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const databaseUrl = url.toString();

    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    scratch.add('drop database', async () => {
      if (opts.keepDb) return say(`kept ${databaseUrl} (--keep-db): drop it when done`);
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        say(`dropped ${name}`);
      } finally {
        await c.end();
      }
    });
    say(`scratch database ${name}`);
    await compiled.migrate.migrate(databaseUrl);

    const pool = new pg.Pool({ connectionString: databaseUrl, max: opts.poolSize ?? 10, options: '-c TimeZone=UTC' });
    pool.on('error', () => undefined);
    scratch.add('pool', () => pool.end());
    const machine = await machineFacts(pool);
    say(`${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB; ${machine.postgres.split(' on ')[0]}; Node ${machine.node}`);

    const queuePrefix = `bench${Date.now().toString(36)}`;
    const config = compiled.core.loadConfig({
      ...env,
      DATABASE_URL: databaseUrl,
      JWT_SECRET: randomBytes(24).toString('hex'),
      JWT_TTL_SECONDS: String(4 * 3600),
      LOG_LEVEL: 'silent',
      QUEUE_PREFIX: queuePrefix,
    });
    const app = await compiled.bootstrap.createApiApp({ config: { ...config, databaseUrl } });
    scratch.add('app', () => app.close());
    await app.listen(0, '127.0.0.1');
    const server = app.getHttpServer() as Server;
    // Idle gaps between measurements must not close the clients' keep-alive sockets.
    server.keepAliveTimeout = 600_000;
    server.headersTimeout = 601_000;
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const http = new JsonClient(baseUrl, 8);
    scratch.add('http client', async () => http.close());
    return { compiled, scratch, databaseUrl, queuePrefix, pool, app, baseUrl, http, machine, config };
  } catch (error) {
    await scratch.teardown();
    throw error;
  }
}

/** Writes results/<date>-<scenario>.json next to this directory and says where. */
export function writeResults(scenario: string, startedAt: Date, results: unknown, out?: string): string {
  const file = out ?? new URL(`../results/${startedAt.toISOString().slice(0, 10)}-${scenario}.json`, import.meta.url).pathname;
  mkdirSync(new URL('../results/', import.meta.url), { recursive: true });
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  say(`\nwrote ${file}`);
  return file;
}

/** Peak resident set (VmHWM) and current RSS of a process, in MiB; null when it is gone. */
export function memoryOf(pid: number): { peakMiB: number; rssMiB: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 'NaN');
    return { peakMiB: round(kb('VmHWM') / 1024), rssMiB: round(kb('VmRSS') / 1024) };
  } catch {
    return null;
  }
}

/** Runs `fn` `runs` times after `warmups` untimed runs; the timings in ms. */
export async function timed(runs: number, warmups: number, fn: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < warmups; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    out.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return out;
}

/** A scenario's entry point: exits with `process.exitCode` (0 unless a check set it) when it finishes, 1 with the stack when it fails (its `finally` has torn down). */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(Number(process.exitCode ?? 0)),
    (error: unknown) => {
      process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}

/** Stops a child process as its own shutdown would: SIGTERM (Nest's hooks close queues and pool), SIGKILL after 15 s. */
export async function stopChild(child: import('node:child_process').ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}
