import { Module } from '@nestjs/common';
import { AuthModule } from '@app/auth';
import { LedgerModule } from '@app/ledger';
import { ExportsController } from './exports.controller.js';
import { Gbt24589ExportService } from './gbt24589-export.service.js';
import { HledgerExportService } from './hledger-export.service.js';

/** Auditor exports (SPEC §2.6): the hledger journal and the GB/T 24589-style package. */
@Module({
  imports: [AuthModule, LedgerModule],
  controllers: [ExportsController],
  providers: [HledgerExportService, Gbt24589ExportService],
  exports: [HledgerExportService, Gbt24589ExportService],
})
export class ExportsModule {}
