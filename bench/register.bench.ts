/**
 * Share register benchmark (issue 4's figures): as-of holdings and the 股东名册 of a 100 k-shareholder
 * organization, and share events finalized per second.
 *
 *   npm run bench:register                  # builds, then runs (about 5 minutes on 2 cores)
 *   npm run bench:register -- --quick       # 10 k shareholders, fewer events, no results file
 *
 * See bench/README.md ("Share register") for what is measured and the recorded figures.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { round, runBench, say, startBench, TOWN_CODE, UNION_CODE, writeResults } from './support/harness.js';
import type { Bench } from './support/harness.js';
import { ApiProcess } from './support/api-process.js';
import { CpuAccount } from './support/cpu.js';
import type { CpuShare } from './support/cpu.js';
import { JsonClient } from './support/http.js';
import { LoadGenerator } from './support/load-client.js';
import type { RunResult } from './support/load.worker.js';
import { loadRegisters, uuidSql } from './support/register-load.js';
import { elapsedMs, summarize } from './support/stats.js';
import type { Summary } from './support/stats.js';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    shareholders: { type: 'string' },
    events: { type: 'string' },
    out: { type: 'string' },
    'keep-db': { type: 'boolean', default: false },
    /** Node flags for the API process instead of those of package.json's start:api (e.g. "--max-old-space-size=256"; "" for none). */
    'api-flags': { type: 'string' },
    /** Only the 股东名册 reads (no holdings pages, no share events): for memory experiments. */
    'register-only': { type: 'boolean', default: false },
  },
});
const REGISTER_ONLY = args['register-only'] ?? false;
/** Issue 18's targets for the 股东名册 of 100 k holders (p50), and the API process's peak RSS during it. */
const TARGET_JSON_MS = 1000;
const TARGET_XLSX_MS = 2000;
const TARGET_RSS_MB = 300;
const QUICK = args.quick ?? false;
const SHAREHOLDERS = Number(args.shareholders ?? (QUICK ? '10000' : '100000'));
/** Events per finalize run (HTTP with 1 client, with 4 clients, the finalize-due sweep). */
const EVENTS = Number(args.events ?? (QUICK ? '100' : '1000'));
const YEAR = 2025;
const AS_OF = `${YEAR}-12-31`;
const RUNS = QUICK ? 2 : 5;

const startedAt = new Date();
const benchStart = process.hrtime.bigint();

interface World {
  orgId: string;
  tokens: { accountant: string; board: string };
}

async function seed(b: Bench): Promise<World> {
  const { app, compiled, http } = b;
  const orgs = app.get(compiled.organizations.OrganizationsService);
  const users = app.get(compiled.auth.UsersService);
  const ids = await compiled.core.RequestContext.run({ requestId: 'bench-seed', principal: null }, async () => {
    const town = await orgs.create({ code: TOWN_CODE, name: '基准测试街道', kind: 'town' });
    const union = await orgs.create({ code: UNION_CODE, name: '基准测试股份经济联合社', kind: 'union', parentId: town.id });
    await users.create({ username: 'bench.accountant', password: 'bench.accountant-password', grants: [{ orgId: union.id, role: 'accountant' }] });
    await users.create({ username: 'bench.board', password: 'bench.board-password', grants: [{ orgId: union.id, role: 'board' }] });
    return { orgId: union.id };
  });
  const login = async (username: string) =>
    (await http.expect<{ accessToken: string }>(200, 'POST', '/api/v1/auth/login', null, { username, password: `${username}-password` })).accessToken;
  return { ...ids, tokens: { accountant: await login('bench.accountant'), board: await login('bench.board') } };
}

interface ReadFigure {
  what: string;
  path: string;
  rows: number | null;
  bytes: number;
  ms: Summary;
  /**
   * Peak RSS of the API process (started as `npm run start:api` starts it, a process of its own)
   * during the read's runs, MiB: VmHWM reset before the read, and the highest 20 ms sample of VmRSS.
   */
  api: { rssBeforeMiB: number; peakRssMiB: number; sampledMaxRssMiB: number; peakResetWorked: boolean };
  /** CPU during the read: the API process, the bench (load generator thread apart), PostgreSQL, others. */
  cpu: CpuShare;
}

interface FinalizeFigure {
  how: string;
  clients: number;
  events: number;
  seconds: number;
  eventsPerSecond: number;
  latencyMs?: Summary;
}

/** The deterministic shareholder id of member `i` (bench/support/register-load.ts). */
const memberIds = async (pool: pg.Pool, orgId: string, numbers: number[]) =>
  (await pool.query<{ id: string }>(`SELECT ${uuidSql(`$1::text || 's' || i`)} AS id FROM unnest($2::int[]) WITH ORDINALITY AS u(i, k) ORDER BY k`, [orgId, numbers])).rows.map(
    (r) => r.id,
  );

/** Issue 18's rows with `met` (run-all.ts copies them into the summary). */
function registerTargets(reads: ReadFigure[]): { what: string; target: string; measured: number | null; met: boolean }[] {
  const find = (suffix: string) => reads.find((r) => r.what.includes('per shareholder') && r.what.endsWith(suffix)) ?? null;
  const json = find('JSON');
  const xlsx = find('XLSX');
  const rss = Math.max(...[json, xlsx].filter((r): r is ReadFigure => r !== null).map((r) => r.api.peakRssMiB * 1.048576));
  return [
    { what: `股东名册 of ${SHAREHOLDERS.toLocaleString('en')} holders, JSON, p50 ms`, target: `≤ ${TARGET_JSON_MS}`, measured: json?.ms.p50 ?? null, met: json !== null && json.ms.p50 <= TARGET_JSON_MS },
    { what: `股东名册 of ${SHAREHOLDERS.toLocaleString('en')} holders, XLSX, p50 ms`, target: `≤ ${TARGET_XLSX_MS}`, measured: xlsx?.ms.p50 ?? null, met: xlsx !== null && xlsx.ms.p50 <= TARGET_XLSX_MS },
    { what: '股东名册 JSON and XLSX, peak RSS of the API process, MB', target: `≤ ${TARGET_RSS_MB}`, measured: Number.isFinite(rss) ? round(rss, 0) : null, met: Number.isFinite(rss) && rss <= TARGET_RSS_MB },
  ];
}

async function main(): Promise<void> {
  const b = await startBench({ keepDb: args['keep-db'] });
  try {
    const { pool, machine } = b;
    // The in-process app of startBench only seeds (services); every request goes to the API process.
    const env = b.compiled.core.processEnv();
    const api = await ApiProcess.start({
      PATH: env.PATH,
      REDIS_URL: b.config.redisUrl,
      DATABASE_URL: b.databaseUrl,
      JWT_SECRET: b.config.jwtSecret,
      JWT_TTL_SECONDS: String(4 * 3600),
      QUEUE_PREFIX: b.queuePrefix,
      LOG_LEVEL: 'silent',
    }, { nodeFlags: args['api-flags'] === undefined ? undefined : args['api-flags'].split(/\s+/).filter(Boolean) });
    b.scratch.add('API process', () => api.stop());
    const http = new JsonClient(api.baseUrl, 8);
    b.scratch.add('API process client', async () => http.close());
    say(`API process ${api.pid} (node ${api.args.join(' ')}) on ${api.baseUrl}`);
    const world = await seed({ ...b, http });
    const base = `/api/v1/orgs/${world.orgId}`;
    const monitor = new pg.Pool({ connectionString: b.databaseUrl, max: 1 });
    monitor.on('error', () => undefined);
    b.scratch.add('monitor pool', () => monitor.end());
    const load = new LoadGenerator({ baseUrl: api.baseUrl, maxSockets: 4, tokens: { accountant: world.tokens.accountant, reviewer: world.tokens.board } });
    b.scratch.add('load worker', () => load.close());
    const loadThread = await load.threadId();
    const cpu = new CpuAccount(monitor, { processName: 'bench', threads: { loadGenerator: loadThread }, processes: { api: api.pid } });

    // The charter's 公示 days set to 0 through the settings route, so approved events are due at once.
    await http.expect(200, 'PATCH', `${base}/settings`, world.tokens.board, { noticeDays: 0 });

    say(`loading a register of ${SHAREHOLDERS} shareholders …`);
    const c = new pg.Client({ connectionString: b.databaseUrl });
    await c.connect();
    const loaded = await loadRegisters(c, [{ orgId: world.orgId, shareholders: SHAREHOLDERS, year: YEAR }]);
    await c.query('ANALYZE');
    await c.end();
    const counts = (
      await pool.query<{ shareholders: string; households: string; events: string; legs: string; holdings: string }>(
        `SELECT (SELECT count(*) FROM shareholders WHERE org_id = $1) AS shareholders, (SELECT count(*) FROM households WHERE org_id = $1) AS households,
                (SELECT count(*) FROM share_events WHERE org_id = $1) AS events, (SELECT count(*) FROM share_event_legs WHERE org_id = $1) AS legs,
                (SELECT count(*) FROM holdings WHERE org_id = $1) AS holdings`,
        [world.orgId],
      )
    ).rows[0];
    say(`  loaded in ${round(loaded.ms / 1000)} s: ${JSON.stringify(counts)}`);

    // Reads: one client, sequential, to the last byte; warm-up first.
    const holder = (await memberIds(pool, world.orgId, [Math.floor(SHAREHOLDERS / 2) + 1]))[0];
    const reads: ReadFigure[] = [];
    const read = async (what: string, path: string, runs = RUNS) => {
      const rssBeforeMiB = api.memory().rssMiB;
      const peakResetWorked = api.resetPeak();
      api.startSampling(20);
      const { result, cpu: share } = await cpu.around(() => load.get({ path, warmups: 1, runs, keepBody: false, token: world.tokens.accountant })).finally(() => api.stopSampling());
      const sampled = api.stopSampling();
      const peakMiB = api.memory().peakMiB;
      const rows = path.includes('format=') ? null : await rowCount(path);
      const memory = { rssBeforeMiB, peakRssMiB: round(Math.max(peakMiB, sampled.maxRssMiB), 0), sampledMaxRssMiB: sampled.maxRssMiB, peakResetWorked };
      reads.push({ what, path: path.replace(world.orgId, '{org}').replace(holder, '{holder}'), rows, bytes: result.bytes, ms: summarize(result.samplesMs), api: memory, cpu: share });
      say(
        `  ${what}: p50 ${summarize(result.samplesMs).p50} ms (${round(result.bytes / 1024 / 1024, 2)} MiB), API RSS ${rssBeforeMiB} → peak ${memory.peakRssMiB} MiB; CPU ${JSON.stringify(share.split ?? {})}`,
      );
    };
    const rowCount = async (path: string) => {
      const body = await http.expect<unknown>(200, 'GET', path, world.tokens.accountant);
      if (Array.isArray(body)) return body.length;
      const items = (body as { items?: unknown[] }).items;
      return Array.isArray(items) ? items.length : null;
    };
    say('reads:');
    // Lists are paged (SPEC §5): a page of the largest size; the whole organization is the 股东名册 below.
    if (!REGISTER_ONLY) {
      await read('current holdings, first page of 1,000 (maintained projection)', `${base}/holdings?limit=1000`);
      await read(`holdings as of ${AS_OF}, first page of 1,000 (replayed from effective events)`, `${base}/holdings?asOf=${AS_OF}&limit=1000`);
      await read(`holdings as of ${YEAR}-06-30, first page of 1,000`, `${base}/holdings?asOf=${YEAR}-06-30&limit=1000`);
      await read(`holdings of one shareholder as of ${AS_OF}`, `${base}/holdings?asOf=${AS_OF}&shareholderId=${holder}`, 50);
    }
    await read(`股东名册 as of ${AS_OF}, per shareholder, JSON`, `${base}/register?asOf=${AS_OF}`);
    await read(`股东名册 as of ${AS_OF}, per shareholder, CSV`, `${base}/register?asOf=${AS_OF}&format=csv`);
    await read(`股东名册 as of ${AS_OF}, per shareholder, XLSX`, `${base}/register?asOf=${AS_OF}&format=xlsx`, Math.min(RUNS, 3));
    await read(`股东名册 as of ${AS_OF}, per household, JSON`, `${base}/register?asOf=${AS_OF}&by=household`);

    // Events: transfers of 1 基本股 between distinct members (senders even-numbered members that the
    // load never used, receivers the next odd number): no two events touch the same holder.
    say('share events:');
    // Today as the product's clock counts it (China, UTC+8): the events take effect today.
    const today = b.app.get(b.compiled.core.Clock).today();
    const firstSender = 2 * Math.ceil(SHAREHOLDERS / 50) + 2;
    const prepare = async (count: number, offset: number): Promise<{ ids: string[]; ms: number }> => {
      const senders = Array.from({ length: count }, (_, k) => firstSender + 2 * (offset + k));
      if (senders[senders.length - 1] + 1 > SHAREHOLDERS) throw new Error('not enough shareholders for that many events');
      const from = await memberIds(pool, world.orgId, senders);
      const to = await memberIds(pool, world.orgId, senders.map((s) => s + 1));
      const ids: string[] = [];
      const t0 = process.hrtime.bigint();
      let next = 0;
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          for (let k = next++; k < count; k = next++) {
            const event = await http.expect<{ id: string }>(201, 'POST', `${base}/share-events`, world.tokens.accountant, {
              type: 'transfer',
              effectiveDate: today,
              documents: [`转让协议 ${offset + k}`],
              legs: [
                { shareholderId: from[k], shareClass: 'BASIC', quantity: '-1' },
                { shareholderId: to[k], shareClass: 'BASIC', quantity: '1' },
              ],
            });
            await http.expect(200, 'POST', `${base}/share-events/${event.id}/approve`, world.tokens.board);
            ids[k] = event.id;
          }
        }),
      );
      return { ids, ms: elapsedMs(t0) };
    };
    const finalizes: FinalizeFigure[] = [];
    const applied: { events: number; seconds: number }[] = [];
    for (const clients of REGISTER_ONLY ? [] : [1, 4]) {
      const { ids, ms } = await prepare(EVENTS, finalizes.length * EVENTS);
      applied.push({ events: EVENTS, seconds: round(ms / 1000, 2) });
      await pool.query('ANALYZE');
      const { result } = await cpu.around<RunResult>(() =>
        load.postEach({ paths: ids.map((id) => `${base}/share-events/${id}/finalize`), token: world.tokens.board, clients, status: 200, label: 'finalize' }),
      );
      finalizes.push({
        how: 'POST …/share-events/{id}/finalize (board)',
        clients,
        events: result.done,
        seconds: round(result.ms / 1000, 2),
        eventsPerSecond: round(result.done / (result.ms / 1000)),
        latencyMs: result.latencyMs.finalize,
      });
      say(`  finalize over HTTP, ${clients} client(s): ${finalizes.at(-1)!.eventsPerSecond} events/s`);
    }
    if (!REGISTER_ONLY) {
      const { ids, ms } = await prepare(EVENTS, 2 * EVENTS);
      applied.push({ events: EVENTS, seconds: round(ms / 1000, 2) });
      await pool.query('ANALYZE');
      const t0 = process.hrtime.bigint();
      const swept = await http.expect<{ finalized: string[]; failed: unknown[] }>(200, 'POST', `${base}/share-events/finalize-due`, world.tokens.board);
      const sweepMs = elapsedMs(t0);
      if (swept.finalized.length !== ids.length || swept.failed.length !== 0) throw new Error(`sweep finalized ${swept.finalized.length} of ${ids.length}: ${JSON.stringify(swept.failed).slice(0, 300)}`);
      finalizes.push({ how: 'POST …/share-events/finalize-due (the nightly sweep’s path, one transaction per event)', clients: 1, events: ids.length, seconds: round(sweepMs / 1000, 2), eventsPerSecond: round(ids.length / (sweepMs / 1000)) });
      say(`  finalize-due sweep: ${finalizes.at(-1)!.eventsPerSecond} events/s`);
    }

    // The projection still equals the replay, and nothing went negative.
    const [check] = (
      await pool.query<{ mismatches: string; negative: string; effective: string }>(
        `WITH replay AS (SELECT l.shareholder_id, l.class_code, sum(l.quantity) AS q, sum(l.frozen) AS f FROM share_event_legs l JOIN share_events e ON e.org_id = l.org_id AND e.id = l.event_id
                          WHERE l.org_id = $1 AND e.status = 'effective' GROUP BY 1, 2)
         SELECT (SELECT count(*) FROM holdings h FULL JOIN replay r ON r.shareholder_id = h.shareholder_id AND r.class_code = h.class_code
                  WHERE h.org_id = $1 AND (r.q IS DISTINCT FROM h.quantity OR r.f IS DISTINCT FROM h.frozen) AND NOT (r.q IS NULL AND h.quantity = 0)) AS mismatches,
                (SELECT count(*) FROM holdings WHERE org_id = $1 AND quantity < 0) AS negative,
                (SELECT count(*) FROM share_events WHERE org_id = $1 AND status = 'effective' AND effective_date = $2) AS effective`,
        [world.orgId, today],
      )
    ).rows;
    if (Number(check.mismatches) !== 0 || Number(check.negative) !== 0 || Number(check.effective) !== (REGISTER_ONLY ? 0 : 3 * EVENTS)) {
      throw new Error(`register check failed: ${JSON.stringify(check)}`);
    }
    say(`  check: projection = replay of the effective events, nothing negative, ${check.effective} events effective today`);

    const results = {
      date: startedAt.toISOString(),
      scenario: 'register',
      command: 'npm run bench:register',
      durationSeconds: round(elapsedMs(benchStart) / 1000),
      machine,
      inputs: { shareholders: SHAREHOLDERS, year: YEAR, asOf: AS_OF, runsPerRead: RUNS, eventsPerFinalizeRun: EVENTS, quick: QUICK, register: counts, loadSeconds: round(loaded.ms / 1000, 1) },
      reads,
      finalize: finalizes,
      appliedAndApproved: applied.map((a) => ({ ...a, eventsPerSecond: round(a.events / a.seconds) })),
      check,
      api: { command: `node ${api.args.join(' ')}`, processOfItsOwn: true, peakRssAtEndMiB: api.memory().peakMiB, registerOnly: REGISTER_ONLY },
      targets: registerTargets(reads),
    };
    if (!QUICK || args.out) writeResults('register', startedAt, results, args.out);
  } finally {
    await b.scratch.teardown();
  }
}

runBench(main);
