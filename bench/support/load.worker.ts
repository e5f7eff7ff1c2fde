/**
 * The HTTP load generator, in a worker thread so that its own work (building requests, parsing
 * responses) does not run on the API's event loop. Messages: {id, op, args} → {id, ok, result | error}.
 */
import { readlinkSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { JsonClient } from './http.js';
import type { JsonResponse } from './http.js';
import { elapsedMs, summarize } from './stats.js';
import type { Summary } from './stats.js';
import { voucherLines } from './vouchers.js';
import type { PostingAccounts } from './vouchers.js';

export interface LoadWorkerData {
  baseUrl: string;
  maxSockets: number;
  tokens: { accountant: string; reviewer: string };
}

export interface FlowArgs {
  /** /api/v1/orgs/{org}/ledgers/{ledger} */
  ledgerPath: string;
  date: string;
  lineCount: number;
  accounts: PostingAccounts;
  clients: number;
  /** Stop after this many vouchers … */
  count?: number;
  /** … or once this much time has passed (pilot runs). */
  timeBoxMs?: number;
  seqStart: number;
}

export interface PostArgs {
  ledgerPath: string;
  ids: string[];
  clients: number;
}

export interface GetArgs {
  path: string;
  /** Bearer token (default: the accountant's). */
  token?: string;
  /** Send the last body back (default true); big downloads only report their size. */
  keepBody?: boolean;
  warmups: number;
  runs: number;
}

/** A list of POSTs (no body), `clients` at a time, each answered with `status`. */
export interface PostEachArgs {
  paths: string[];
  token: string;
  clients: number;
  status: number;
  /** Latency label in the result. */
  label: string;
}

export interface RunResult {
  done: number;
  ms: number;
  latencyMs: Record<string, Summary>;
}

export interface GetResult {
  samplesMs: number[];
  /** The last response's body when `keepBody` was asked (the books bench checks its totals). */
  lastBody: unknown;
  bytes: number;
}

/** The worker's own Linux thread id (from /proc/thread-self), so the bench can read its CPU time. */
export interface ThreadResult {
  tid: number | null;
}

export type WorkerRequest =
  | { id: number; op: 'thread'; args: Record<string, never> }
  | { id: number; op: 'flow'; args: FlowArgs }
  | { id: number; op: 'post'; args: PostArgs }
  | { id: number; op: 'get'; args: GetArgs }
  | { id: number; op: 'postEach'; args: PostEachArgs };

export type WorkerResponse = { id: number; ok: true; result: RunResult | GetResult | ThreadResult } | { id: number; ok: false; error: string };

const data = workerData as LoadWorkerData;
const client = new JsonClient(data.baseUrl, data.maxSockets);

/** Runs `clients` loops that each claim the next index until `claim` says stop. */
async function runClients(clients: number, claim: () => number | null, work: (index: number) => Promise<void>): Promise<{ done: number; ms: number }> {
  let done = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let index = claim(); index !== null; index = claim()) {
        await work(index);
        done++;
      }
    }),
  );
  return { done, ms: elapsedMs(start) };
}

/** Draft (accountant) → review (reviewer) → post (accountant), each one HTTP request and one transaction. */
async function flow(args: FlowArgs): Promise<RunResult> {
  const timings = { draft: [] as number[], review: [] as number[], post: [] as number[], flow: [] as number[] };
  const deadline = args.timeBoxMs === undefined ? null : process.hrtime.bigint() + BigInt(Math.round(args.timeBoxMs * 1e6));
  let next = 0;
  const claim = () => {
    if (args.count !== undefined && next >= args.count) return null;
    if (deadline !== null && process.hrtime.bigint() >= deadline) return null;
    return next++;
  };
  const { accountant, reviewer } = data.tokens;
  const { done, ms } = await runClients(args.clients, claim, async (index) => {
    const seq = args.seqStart + index;
    const body = { date: args.date, memo: `收到厂房租金 ${seq}`, attachments: 1, lines: voucherLines(args.lineCount, seq, args.accounts) };
    const t0 = process.hrtime.bigint();
    const draft = await client.expect<{ id: string }>(201, 'POST', `${args.ledgerPath}/vouchers`, accountant, body);
    const t1 = process.hrtime.bigint();
    await client.expect(200, 'POST', `${args.ledgerPath}/vouchers/${draft.id}/review`, reviewer);
    const t2 = process.hrtime.bigint();
    const posted = await client.expect<{ status: string; number: string }>(200, 'POST', `${args.ledgerPath}/vouchers/${draft.id}/post`, accountant);
    const t3 = process.hrtime.bigint();
    if (posted.status !== 'posted') throw new Error(`voucher ${draft.id} not posted: ${JSON.stringify(posted)}`);
    timings.draft.push(Number(t1 - t0) / 1e6);
    timings.review.push(Number(t2 - t1) / 1e6);
    timings.post.push(Number(t3 - t2) / 1e6);
    timings.flow.push(Number(t3 - t0) / 1e6);
  });
  return {
    done,
    ms,
    latencyMs: { draft: summarize(timings.draft), review: summarize(timings.review), post: summarize(timings.post), flow: summarize(timings.flow) },
  };
}

/** POST …/post for vouchers already drafted and reviewed. */
async function post(args: PostArgs): Promise<RunResult> {
  const timings: number[] = [];
  let next = 0;
  const claim = () => (next < args.ids.length ? next++ : null);
  const { done, ms } = await runClients(args.clients, claim, async (index) => {
    const t0 = process.hrtime.bigint();
    const posted = await client.expect<{ status: string }>(200, 'POST', `${args.ledgerPath}/vouchers/${args.ids[index]}/post`, data.tokens.accountant);
    timings.push(elapsedMs(t0));
    if (posted.status !== 'posted') throw new Error(`voucher ${args.ids[index]} not posted`);
  });
  return { done, ms, latencyMs: { post: summarize(timings) } };
}

/** Any list of body-less POSTs (e.g. finalizing share events), `clients` concurrently. */
async function postEach(args: PostEachArgs): Promise<RunResult> {
  const timings: number[] = [];
  let next = 0;
  const claim = () => (next < args.paths.length ? next++ : null);
  const { done, ms } = await runClients(args.clients, claim, async (index) => {
    const t0 = process.hrtime.bigint();
    await client.expect(args.status, 'POST', args.paths[index], args.token);
    timings.push(elapsedMs(t0));
  });
  return { done, ms, latencyMs: { [args.label]: summarize(timings) } };
}

/** One client, sequential GETs: `warmups` untimed, then `runs` timed to the last byte of the body. */
async function get(args: GetArgs): Promise<GetResult> {
  const token = args.token ?? data.tokens.accountant;
  let last: JsonResponse | null = null;
  for (let i = 0; i < args.warmups; i++) last = await client.expectResponse(200, 'GET', args.path, token);
  const samplesMs: number[] = [];
  for (let i = 0; i < args.runs; i++) {
    const t0 = process.hrtime.bigint();
    last = await client.expectResponse(200, 'GET', args.path, token);
    samplesMs.push(elapsedMs(t0));
  }
  return { samplesMs, lastBody: args.keepBody === false ? null : (last?.body ?? null), bytes: last?.bytes ?? 0 };
}

/** readFileSync/readlinkSync run on the calling thread: /proc/thread-self is this worker's thread. */
async function thread(): Promise<ThreadResult> {
  try {
    return { tid: Number(readlinkSync('/proc/thread-self').split('/').pop()) };
  } catch {
    return { tid: null };
  }
}

parentPort!.on('message', (message: WorkerRequest) => {
  const run: Promise<RunResult | GetResult | ThreadResult> =
    message.op === 'thread'
      ? thread()
      : message.op === 'flow' ? flow(message.args) : message.op === 'post' ? post(message.args) : message.op === 'postEach' ? postEach(message.args) : get(message.args);
  run.then(
    (result) => parentPort!.postMessage({ id: message.id, ok: true, result } satisfies WorkerResponse),
    (error: unknown) => parentPort!.postMessage({ id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) } satisfies WorkerResponse),
  );
});
