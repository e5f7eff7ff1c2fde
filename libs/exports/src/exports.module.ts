import { Module } from '@nestjs/common';
import { AuthModule } from '@app/auth';
import { LedgerModule } from '@app/ledger';
import { ExportsController } from './exports.controller.js';
import { HledgerExportService } from './hledger-export.service.js';

/** Auditor exports (SPEC §2.6): the hledger journal. */
@Module({
  imports: [AuthModule, LedgerModule],
  controllers: [ExportsController],
  providers: [HledgerExportService],
  exports: [HledgerExportService],
})
export class ExportsModule {}
