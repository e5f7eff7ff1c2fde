import { Controller, Get, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Permission } from '@app/auth';
import { DomainError, RequirePermission } from '@app/core';
import { ReportQueryDto } from '@app/ledger';
import { Gbt24589ExportService } from './gbt24589-export.service.js';
import { HledgerExportService } from './hledger-export.service.js';

@ApiTags('exports')
@ApiBearerAuth()
@Controller('orgs/:orgId/ledgers/:ledgerId/exports')
export class ExportsController {
  constructor(
    private readonly hledger: HledgerExportService,
    private readonly gbt: Gbt24589ExportService,
  ) {}

  /** A GB/T 24589-style ZIP of XML data sets for one fiscal year. */
  @Get('gbt24589')
  @RequirePermission(Permission.BooksRead)
  async gbt24589(@Param('orgId', new ParseUUIDPipe()) orgId: string, @Param('ledgerId') ledgerId: string, @Query() q: ReportQueryDto, @Res() res: Response): Promise<void> {
    const year = q.year ?? (q.to ?? q.from ?? '').slice(0, 4);
    if (!/^\d{4}$/.test(year)) throw new DomainError('VALIDATION_FAILED', 'year (YYYY) is required', 400, [{ field: 'year', problems: ['year must be YYYY'] }]);
    await this.ledgersCheck(orgId, ledgerId);
    res.setHeader('Content-Type', 'application/zip');
    res.setHeader('Content-Disposition', `attachment; filename="gbt24589-${year}.zip"`);
    await this.gbt.write(orgId, ledgerId, year, async (chunk) => {
      if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
    });
    res.end();
  }

  /** The books as an hledger journal (`hledger -f books.journal balance` reproduces the trial balance). */
  /** Throws LEDGER_NOT_FOUND before any byte of a download is sent. */
  private async ledgersCheck(orgId: string, ledgerId: string): Promise<void> {
    await this.hledger.ledgerOf(orgId, ledgerId);
  }

  @Get('journal')
  @RequirePermission(Permission.BooksRead)
  async journal(@Param('orgId', new ParseUUIDPipe()) orgId: string, @Param('ledgerId') ledgerId: string, @Query() q: ReportQueryDto, @Res() res: Response): Promise<void> {
    let started = false;
    await this.hledger.write(orgId, ledgerId, { from: q.from, to: q.to }, async (chunk) => {
      if (!started) {
        res.setHeader('Content-Type', 'text/plain; charset=utf-8');
        res.setHeader('Content-Disposition', 'attachment; filename="books.journal"');
        started = true;
      }
      if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
    });
    res.end();
  }
}
