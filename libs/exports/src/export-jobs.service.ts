import { randomBytes } from 'node:crypto';
import { access, mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { AuditLogService } from '@app/audit';
import { APP_CONFIG, parsePublicJobId, publicJobId } from '@app/core';
import type { AppConfig } from '@app/core';
import { LedgersService } from '@app/ledger';
import { RequestExportDto } from './dto/request-export.dto.js';
import { EXPORT_MEDIA, exportFileName, gbtYear } from './export-types.js';
import type { ExportFormat, ExportJobData, ExportJobResult, ExportProgress, ExportSpec, ExportStats } from './export-types.js';
import { exportsError } from './exports-errors.js';
import { Gbt24589ExportService } from './gbt24589-export.service.js';
import { HledgerExportService } from './hledger-export.service.js';
import { EXPORTS_QUEUE, exportJobId } from './queue/exports-queue.js';

export interface ExportDownload {
  stream: Readable;
  bytes: number;
  contentType: string;
  fileName: string;
}

const notFound = () => exportsError('EXPORT_NOT_FOUND', 'Export not found', 404);

/** The range part of a job id: only [A-Za-z0-9._-] may appear in one. */
function rangeKey(spec: ExportSpec): string {
  return spec.format === 'gbt24589' ? spec.year : `${spec.from ?? 'start'}_${spec.to ?? 'end'}`;
}

/**
 * Big exports as jobs on the `exports` queue (SPEC §2.6, §4): the API validates and enqueues, a
 * worker streams the export into a file under EXPORT_DIR, and the API serves the finished file.
 *
 * The job id is `<org>.export.<ledger>.<format>.<range>.a<audit head>`: the organization's audit
 * chain head moves with every audited write (a posting, a reversal, an opening balance, an account,
 * a shareholder), so asking again while nothing changed returns the same job and file, and asking
 * after the books changed gets a new job — never a stale file. Exports write nothing to the
 * database, so the request itself does not move the head.
 */
@Injectable()
export class ExportJobsService {
  constructor(
    @InjectQueue(EXPORTS_QUEUE) private readonly queue: Queue<ExportJobData>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ledgers: LedgersService,
    private readonly auditLog: AuditLogService,
    private readonly gbt: Gbt24589ExportService,
    private readonly hledger: HledgerExportService,
  ) {}

  async request(orgId: string, ledgerId: string, input: RequestExportDto, userId: string): Promise<{ jobId: string }> {
    const spec: ExportSpec = input.format === 'gbt24589' ? { format: 'gbt24589', year: gbtYear(input) } : { format: 'journal', from: input.from, to: input.to };
    await this.ledgers.get(orgId, ledgerId);
    const version = await this.auditLog.headSeq(orgId);
    const id = exportJobId(orgId, ledgerId, spec.format, rangeKey(spec), version);
    const existing = await this.queue.getJob(id);
    if (existing) {
      if (await this.reusable(existing)) return { jobId: publicJobId(EXPORTS_QUEUE, id) };
      // Bull ignores an add whose id exists: a job that failed for good, or whose file is gone, is
      // removed so that asking again runs it again.
      await existing.remove();
    }
    await this.queue.add('export', { orgId, requestedBy: userId, ledgerId, ...spec }, { jobId: id });
    return { jobId: publicJobId(EXPORTS_QUEUE, id) };
  }

  /** The finished file of one of this organization's and ledger's export jobs. */
  async download(orgId: string, ledgerId: string, publicId: string): Promise<ExportDownload> {
    const parsed = parsePublicJobId(publicId);
    const job = parsed?.queue === EXPORTS_QUEUE ? await this.queue.getJob(parsed.bullJobId) : null;
    // Another organization's job does not exist for this one (the guard has checked the path's organization).
    if (!job || job.data.orgId !== orgId || job.data.ledgerId !== ledgerId) throw notFound();
    const state = await job.getState();
    if (state === 'failed') throw exportsError('EXPORT_FAILED', 'The export failed; request it again', 409, { state, attemptsMade: job.attemptsMade });
    if (state !== 'completed') {
      const progress = job.progress() as unknown;
      throw exportsError('EXPORT_NOT_READY', 'The export is not finished yet; poll GET /api/v1/jobs/{jobId}', 409, { state, progress: typeof progress === 'number' ? progress : 0 });
    }
    let handle: FileHandle;
    try {
      handle = await open(this.fileOf(job.data.orgId, String(job.id), job.data.format), 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw exportsError('EXPORT_FILE_GONE', 'The export file is no longer there; request the export again', 410);
      throw error;
    }
    // Opened before it is measured and streamed: a newer export pruning it meanwhile cannot cut it short.
    const { size } = await handle.stat();
    return { stream: handle.createReadStream(), bytes: size, contentType: EXPORT_MEDIA[job.data.format].contentType, fileName: exportFileName(job.data) };
  }

  /**
   * The job's work (worker): the streaming export into `<name>.<pid>-<random>.part`, flushed to disk,
   * then renamed to its final name — a killed worker leaves at most a `.part` file, never one that
   * looks finished. Older versions of the same export are then deleted.
   */
  async produce(jobId: string, data: ExportJobData, progress: ExportProgress): Promise<ExportJobResult> {
    const started = process.hrtime.bigint();
    const final = this.fileOf(data.orgId, jobId, data.format);
    const dir = path.dirname(final);
    const name = path.basename(final);
    await mkdir(dir, { recursive: true });
    // What an earlier attempt of this job left when its worker died.
    for (const file of await readdir(dir)) if (file.startsWith(`${name}.`) && file.endsWith('.part')) await rm(path.join(dir, file), { force: true });

    const part = `${final}.${process.pid}-${randomBytes(4).toString('hex')}.part`;
    const handle = await open(part, 'wx');
    let bytes = 0;
    let stats: ExportStats;
    try {
      // One write at a time (a FileHandle must not have two in flight), and the export services await
      // each chunk before reading the next batch: the file's pace bounds the memory.
      let tail: Promise<void> = Promise.resolve();
      const write = (chunk: Uint8Array): Promise<void> => {
        bytes += chunk.byteLength;
        tail = tail.then(() => writeAll(handle, chunk));
        return tail;
      };
      stats =
        data.format === 'gbt24589'
          ? await this.gbt.write(data.orgId, data.ledgerId, data.year, write, progress)
          : await this.hledger.write(data.orgId, data.ledgerId, { from: data.from, to: data.to }, (text) => write(Buffer.from(text, 'utf8')), progress);
      await tail;
      await handle.sync();
    } catch (error) {
      await handle.close().catch(() => undefined);
      await rm(part, { force: true });
      throw error;
    }
    await handle.close();
    await rename(part, final);
    await this.pruneOlderVersions(dir, name);
    return { format: data.format, ...stats, bytes, ms: Math.round(Number(process.hrtime.bigint() - started) / 1e6) };
  }

  private fileOf(orgId: string, bullJobId: string, format: ExportFormat): string {
    // Job ids are [A-Za-z0-9._-] and start with the organization id (checked by the callers): no path escapes the directory.
    return path.join(this.config.exportDir, orgId, `${bullJobId}.${EXPORT_MEDIA[format].extension}`);
  }

  private async reusable(job: Job<ExportJobData>): Promise<boolean> {
    const state = await job.getState();
    if (state === 'failed') return false;
    if (state !== 'completed') return true;
    try {
      await access(this.fileOf(job.data.orgId, String(job.id), job.data.format));
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Files of older versions of the same (ledger, format, range) are deleted; newer ones are kept (an
   * older job that finishes late must not delete the newer file).
   */
  private async pruneOlderVersions(dir: string, name: string): Promise<void> {
    const match = /^(.*\.a)(\d+)(\.[a-z0-9]+)$/.exec(name);
    if (!match) return;
    const [, prefix, version, extension] = match;
    for (const file of await readdir(dir)) {
      if (!file.startsWith(prefix) || !file.endsWith(extension)) continue;
      const other = file.slice(prefix.length, -extension.length);
      if (/^\d+$/.test(other) && BigInt(other) < BigInt(version)) await rm(path.join(dir, file), { force: true });
    }
  }
}

async function writeAll(handle: FileHandle, chunk: Uint8Array): Promise<void> {
  for (let offset = 0; offset < chunk.byteLength; ) {
    const { bytesWritten } = await handle.write(chunk, offset, chunk.byteLength - offset);
    offset += bytesWritten;
  }
}
