import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { unzipSync } from 'fflate';
import { EXPORTS_QUEUE } from '@app/exports';
import { booksClient } from './support/books.js';
import { bearer, binary, seedWorld, startTestApp, TestApp, World } from './support/test-app.js';
import { bookSpecYear } from './support/year.js';

/** A download is kept as bytes; an error answer (JSON) is parsed. */
function bytesOrJson(res: { headers: Record<string, string | string[] | undefined>; on(event: string, listener: (chunk?: unknown) => void): unknown }, done: (err: Error | null, body: unknown) => void): void {
  binary(res, (err, body) => done(err, String(res.headers['content-type'] ?? '').startsWith('application/json') ? JSON.parse(String(body)) : body));
}

interface JobView {
  state: string;
  progress: number;
  result: { format: string; vouchers: number; lines: number; bytes: number } | null;
  failedReason: string | null;
}

/**
 * Queued exports on the SPEC §6 books: requested by the auditor (a read), run by the in-process
 * processor into EXPORT_DIR, downloaded, and compared with the synchronous export of the same books.
 */
describe('queued exports: POST …/exports → job → …/exports/{jobId}/file', () => {
  let t: TestApp;
  let world: World;
  let ledgerId: string;
  const dir = mkdtempSync(path.join(tmpdir(), 'cl-exports-'));
  const base = () => `/api/v1/orgs/${world.unionId}/ledgers/${ledgerId}/exports`;

  const request = (body: object, token = world.tokens.auditor) => t.http().post(base()).set(bearer(token)).send(body);
  const download = (jobId: string, token = world.tokens.auditor, orgId = world.unionId) =>
    t.http().get(`/api/v1/orgs/${orgId}/ledgers/${ledgerId}/exports/${jobId}/file`).set(bearer(token)).buffer(true).parse(bytesOrJson);
  const waitForJob = async (jobId: string): Promise<JobView> => {
    let job: JobView = { state: 'waiting', progress: 0, result: null, failedReason: null };
    for (let i = 0; i < 400 && !['completed', 'failed'].includes(job.state); i++) {
      await new Promise((r) => setTimeout(r, 25));
      job = (await t.http().get(`/api/v1/jobs/${jobId}`).set(bearer(world.tokens.auditor))).body;
    }
    return job;
  };
  const posted = async () =>
    (
      await t.sql<{ vouchers: number; lines: number }>(
        `SELECT count(DISTINCT v.id)::int AS vouchers, count(*)::int AS lines FROM journal_lines l JOIN vouchers v ON v.org_id = l.org_id AND v.id = l.voucher_id WHERE v.ledger_id = $1 AND v.status = 'posted'`,
        [ledgerId],
      )
    )[0];

  beforeAll(async () => {
    t = await startTestApp({ withProcessors: true, env: { EXPORT_DIR: dir } });
    world = await seedWorld(t);
    ({ ledgerId } = await bookSpecYear(t, world));
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gbt24589, asked by the auditor: 202, one job for two requests, progress 100, the same XML as the synchronous export', async () => {
    const first = await request({ format: 'gbt24589', year: '2024' });
    expect(first.status).toBe(202);
    expect(first.body.jobId).toMatch(new RegExp(`^exports\\.${world.unionId}\\.export\\.${ledgerId}\\.gbt24589\\.2024\\.a\\d+$`));
    expect((await request({ format: 'gbt24589', year: '2024' })).body.jobId).toBe(first.body.jobId);

    const job = await waitForJob(first.body.jobId);
    const { vouchers, lines } = await posted();
    expect(job).toMatchObject({ state: 'completed', progress: 100, result: { format: 'gbt24589', vouchers, lines } });

    const file = await download(first.body.jobId);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('application/zip');
    expect(file.headers['content-disposition']).toBe('attachment; filename="gbt24589-2024.zip"');
    expect(Number(file.headers['content-length'])).toBe(job.result!.bytes);
    const sync = await t.http().get(`${base()}/gbt24589?year=2024`).set(bearer(world.tokens.auditor)).buffer(true).parse(binary);
    expect(sync.status).toBe(200);
    // The ZIP headers carry each entry's time; the data sets inside must be identical, byte for byte.
    const queued = unzipSync(new Uint8Array(file.body as Buffer));
    const direct = unzipSync(new Uint8Array(sync.body as Buffer));
    expect(Object.keys(queued).sort()).toEqual(Object.keys(direct).sort());
    expect(Object.keys(queued)).toHaveLength(10);
    for (const name of Object.keys(direct)) expect(Buffer.from(queued[name]).equals(Buffer.from(direct[name]))).toBe(true);
    expect(new TextDecoder().decode(queued['记账凭证.xml']).match(/<记录>/g)).toHaveLength(lines);
  });

  it('journal (the whole ledger, and a range): the same bytes as the synchronous export', async () => {
    for (const [body, query] of [
      [{ format: 'journal' }, ''],
      [{ format: 'journal', from: '2024-03', to: '2024-09' }, '?from=2024-03&to=2024-09'],
    ] as const) {
      const res = await request(body);
      expect(res.status).toBe(202);
      const job = await waitForJob(res.body.jobId);
      expect(job.state).toBe('completed');
      const file = await download(res.body.jobId);
      expect(file.status).toBe(200);
      expect(file.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(file.headers['content-disposition']).toBe('attachment; filename="books.journal"');
      const sync = await t.http().get(`${base()}/journal${query}`).set(bearer(world.tokens.auditor));
      expect(sync.status).toBe(200);
      expect((file.body as Buffer).toString('utf8')).toBe(sync.text);
      expect(Buffer.byteLength(sync.text)).toBe(job.result!.bytes);
    }
    const whole = await waitForJob((await request({ format: 'journal' })).body.jobId);
    expect(whole.result).toMatchObject({ format: 'journal', ...(await posted()) });
  });

  it('after the books change the same request is a new job with the new voucher; the older file is deleted', async () => {
    const before = (await request({ format: 'journal' })).body.jobId as string;
    expect((await waitForJob(before)).state).toBe('completed');
    await booksClient(t, world).book(ledgerId, '2024-12-31', '导出后补记', [
      { accountCode: '101', debit: '12.34' },
      { accountCode: '504', credit: '12.34' },
    ]);
    const after = (await request({ format: 'journal' })).body.jobId as string;
    expect(after).not.toBe(before);
    expect((await waitForJob(after)).state).toBe('completed');
    const file = await download(after);
    expect((file.body as Buffer).toString('utf8')).toContain('2024-12-31 * (记-');
    expect((file.body as Buffer).toString('utf8')).toContain(' 导出后补记\n    101 库存现金    CNY 12.34\n');
    const files = readdirSync(path.join(dir, world.unionId));
    expect(files.filter((f) => f.includes(`.${ledgerId}.journal.start_end.`))).toEqual([`${after.slice('exports.'.length)}.journal`]);
    // The old job still answers, but its file made way for the newer one.
    const old = await download(before);
    expect([old.status, old.body.code]).toEqual([410, 'EXPORT_FILE_GONE']);
    expect(files.filter((f) => f.endsWith('.part'))).toEqual([]);
  });

  it('409 EXPORT_NOT_READY while the job waits; the file once it has run', async () => {
    const queue = t.app.get<Queue>(getQueueToken(EXPORTS_QUEUE), { strict: false });
    // Pauses this process's processor only: the job stays waiting until resumed.
    await queue.pause(true);
    let jobId: string;
    try {
      const res = await request({ format: 'journal', from: '2024-06', to: '2024-06' });
      expect(res.status).toBe(202);
      jobId = res.body.jobId;
      const early = await download(jobId);
      expect([early.status, early.body.code, early.body.details]).toEqual([409, 'EXPORT_NOT_READY', { state: 'waiting', progress: 0 }]);
    } finally {
      await queue.resume(true);
    }
    expect((await waitForJob(jobId)).state).toBe('completed');
    const file = await download(jobId);
    expect(file.status).toBe(200);
    expect((file.body as Buffer).toString('utf8')).toContain('2024-06-30 * (记-0001) 收到上级补助及其他收入\n');
  });

  it('tenancy: another organization’s accountant finds no job (404) by any path; a shareholder is refused (403)', async () => {
    const { jobId } = (await request({ format: 'gbt24589', year: '2024' })).body;
    expect((await waitForJob(jobId)).state).toBe('completed');
    const other = world.tokens.otherAccountant;
    const viaOwnOrg = await download(jobId, other, world.otherUnionId);
    expect([viaOwnOrg.status, viaOwnOrg.body.code]).toEqual([404, 'EXPORT_NOT_FOUND']);
    const viaTheirs = await download(jobId, other);
    expect([viaTheirs.status, viaTheirs.body.code]).toEqual([404, 'ORG_NOT_FOUND']);
    expect((await request({ format: 'journal' }, other)).status).toBe(404);
    expect((await t.http().get(`/api/v1/jobs/${jobId}`).set(bearer(other))).status).toBe(404);
    // The accountant may export too (and, the books unchanged, gets the auditor's job).
    expect((await request({ format: 'gbt24589', year: '2024' }, world.tokens.accountant)).body.jobId).toBe(jobId);
    expect((await request({ format: 'journal' }, world.tokens.shareholder)).status).toBe(403);
    expect((await download(jobId, world.tokens.shareholder)).status).toBe(403);
    // The same organization's job under another ledger's path is not that ledger's export.
    const { id: otherLedger } = await booksClient(t, world).createLedger('另一账套', '2024-01');
    const wrongLedger = await t.http().get(`/api/v1/orgs/${world.unionId}/ledgers/${otherLedger}/exports/${jobId}/file`).set(bearer(world.tokens.auditor));
    expect([wrongLedger.status, wrongLedger.body.code]).toEqual([404, 'EXPORT_NOT_FOUND']);
    const notAJob = await download('exports.not-a-job');
    expect([notAJob.status, notAJob.body.code]).toEqual([404, 'EXPORT_NOT_FOUND']);
  });

  it('validation as on the synchronous routes: 400 for a bad format, a missing year, a bad month or an unknown field; 404 for an unknown ledger', async () => {
    for (const [body, field] of [
      [{ format: 'pdf', year: '2024' }, 'format'],
      [{}, 'format'],
      [{ format: 'gbt24589' }, 'year'],
      [{ format: 'gbt24589', year: 2024 }, 'year'],
      [{ format: 'journal', from: '2024-13' }, 'from'],
      [{ format: 'journal', to: '2024-1' }, 'to'],
      [{ format: 'journal', ledger: 'x' }, 'ledger'],
    ] as const) {
      const res = await request(body);
      expect([res.status, res.body.code, res.body.details?.map((d: { field: string }) => d.field)]).toEqual([400, 'VALIDATION_FAILED', [field]]);
    }
    // As GET …/gbt24589?to=2024-12 does, the year may come from `to`.
    expect((await request({ format: 'gbt24589', to: '2024-12' })).body.jobId).toMatch(/\.gbt24589\.2024\.a\d+$/);
    const unknown = await t.http().post(`/api/v1/orgs/${world.unionId}/ledgers/00000000-0000-4000-8000-000000000000/exports`).set(bearer(world.tokens.auditor)).send({ format: 'journal' });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'LEDGER_NOT_FOUND']);
  });

  it('a file gone from EXPORT_DIR: 410 EXPORT_FILE_GONE, and asking again runs the export again', async () => {
    const { jobId } = (await request({ format: 'journal', from: '2024-01', to: '2024-03' })).body;
    expect((await waitForJob(jobId)).state).toBe('completed');
    const file = path.join(dir, world.unionId, `${jobId.slice('exports.'.length)}.journal`);
    expect(existsSync(file)).toBe(true);
    rmSync(file);
    const gone = await download(jobId);
    expect([gone.status, gone.body.code]).toEqual([410, 'EXPORT_FILE_GONE']);
    expect((await request({ format: 'journal', from: '2024-01', to: '2024-03' })).body.jobId).toBe(jobId);
    expect((await waitForJob(jobId)).state).toBe('completed');
    const again = await download(jobId);
    expect(again.status).toBe(200);
    expect((again.body as Buffer).toString('utf8')).toContain('(记-0001) 收到厂房及商铺租金\n');
  });
});
