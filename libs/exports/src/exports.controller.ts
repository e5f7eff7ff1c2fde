import { pipeline } from 'node:stream/promises';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Permission } from '@app/auth';
import { CurrentPrincipal, DomainError, NoWriteTransaction, RequirePermission, UuidPipe } from '@app/core';
import type { Principal } from '@app/core';
import { ReportQueryDto } from '@app/ledger';
import { RequestExportDto } from './dto/request-export.dto.js';
import { ExportJobsService } from './export-jobs.service.js';
import { gbtYear } from './export-types.js';
import { Gbt24589ExportService } from './gbt24589-export.service.js';
import { HledgerExportService } from './hledger-export.service.js';

/**
 * Writes to the response, waiting for the client to drain it. A client that goes away fails the
 * export (which ends its snapshot transaction) instead of leaving it waiting for a 'drain' that
 * never comes.
 */
function responseSink(res: Response) {
  return async (chunk: string | Uint8Array): Promise<void> => {
    if (res.destroyed) throw new DomainError('CLIENT_CLOSED', 'The client closed the connection', 499);
    if (res.write(chunk)) return;
    await new Promise<void>((resolve, reject) => {
      const drained = () => {
        res.off('close', closed);
        resolve();
      };
      const closed = () => {
        res.off('drain', drained);
        reject(new DomainError('CLIENT_CLOSED', 'The client closed the connection', 499));
      };
      res.once('drain', drained);
      res.once('close', closed);
    });
  };
}

/** Once bytes are out, an error can no longer become a JSON error: cut the response so it cannot pass for complete. */
async function streaming(res: Response, work: () => Promise<void>): Promise<void> {
  try {
    await work();
    res.end();
  } catch (error) {
    if (res.headersSent) res.destroy();
    throw error;
  }
}

@ApiTags('exports')
@ApiBearerAuth()
@Controller('orgs/:orgId/ledgers/:ledgerId/exports')
export class ExportsController {
  constructor(
    private readonly hledger: HledgerExportService,
    private readonly gbt: Gbt24589ExportService,
    private readonly jobs: ExportJobsService,
  ) {}

  /** A GB/T 24589-style ZIP of XML data sets for one fiscal year. */
  @Get('gbt24589')
  @RequirePermission(Permission.BooksRead)
  async gbt24589(@Param('orgId', UuidPipe) orgId: string, @Param('ledgerId') ledgerId: string, @Query() q: ReportQueryDto, @Res() res: Response): Promise<void> {
    const year = gbtYear(q);
    await this.ledgersCheck(orgId, ledgerId);
    res.setHeader('Content-Type', 'application/zip');
    res.setHeader('Content-Disposition', `attachment; filename="gbt24589-${year}.zip"`);
    const out = responseSink(res);
    await streaming(res, async () => {
      await this.gbt.write(orgId, ledgerId, year, out);
    });
  }

  /** Throws LEDGER_NOT_FOUND before any byte of a download is sent. */
  private async ledgersCheck(orgId: string, ledgerId: string): Promise<void> {
    await this.hledger.ledgerOf(orgId, ledgerId);
  }

  /** The books as an hledger journal (`hledger -f books.journal balance` reproduces the trial balance). */
  @Get('journal')
  @RequirePermission(Permission.BooksRead)
  async journal(@Param('orgId', UuidPipe) orgId: string, @Param('ledgerId') ledgerId: string, @Query() q: ReportQueryDto, @Res() res: Response): Promise<void> {
    let started = false;
    const out = responseSink(res);
    await streaming(res, async () => {
      await this.hledger.write(orgId, ledgerId, { from: q.from, to: q.to }, async (chunk) => {
        if (!started) {
          res.setHeader('Content-Type', 'text/plain; charset=utf-8');
          res.setHeader('Content-Disposition', 'attachment; filename="books.journal"');
          started = true;
        }
        await out(chunk);
      });
    });
  }

  /**
   * For big ledgers: the export as a job on the `exports` queue → 202 {jobId}; poll GET /jobs/{jobId},
   * then download …/exports/{jobId}/file. A read, like the GET routes (BooksRead, so auditors may):
   * it writes nothing to the database — the job lives in Redis and its file in EXPORT_DIR — hence no
   * write transaction and no Idempotency-Key; the job id is deterministic, so asking twice enqueues once.
   */
  @Post()
  @HttpCode(202)
  @NoWriteTransaction()
  @RequirePermission(Permission.BooksRead)
  request(@Param('orgId', UuidPipe) orgId: string, @Param('ledgerId') ledgerId: string, @Body() body: RequestExportDto, @CurrentPrincipal() principal: Principal): Promise<{ jobId: string }> {
    return this.jobs.request(orgId, ledgerId, body, principal.userId);
  }

  /** The finished export (409 EXPORT_NOT_READY while the job waits or runs). */
  @Get(':jobId/file')
  @RequirePermission(Permission.BooksRead)
  async file(@Param('orgId', UuidPipe) orgId: string, @Param('ledgerId') ledgerId: string, @Param('jobId') jobId: string, @Res() res: Response): Promise<void> {
    const file = await this.jobs.download(orgId, ledgerId, jobId);
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Length', String(file.bytes));
    res.setHeader('Content-Disposition', `attachment; filename="${file.fileName}"`);
    try {
      await pipeline(file.stream, res);
    } catch (error) {
      // A client that goes away mid-download is not a server error.
      if ((error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw error;
    }
  }
}
