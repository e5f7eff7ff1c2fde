import { Controller, Get, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Permission } from '@app/auth';
import { RequirePermission } from '@app/core';
import { ReportQueryDto } from '@app/ledger';
import { HledgerExportService } from './hledger-export.service.js';

@ApiTags('exports')
@ApiBearerAuth()
@Controller('orgs/:orgId/ledgers/:ledgerId/exports')
export class ExportsController {
  constructor(private readonly hledger: HledgerExportService) {}

  /** The books as an hledger journal (`hledger -f books.journal balance` reproduces the trial balance). */
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
