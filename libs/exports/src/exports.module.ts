import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { AuthModule } from '@app/auth';
import { LedgerModule } from '@app/ledger';
import { OrganizationsModule } from '@app/organizations';
import { ExportJobProcessor } from './queue/export-job.processor.js';
import { EXPORTS_QUEUE } from './queue/exports-queue.js';
import { ExportJobsService } from './export-jobs.service.js';
import { ExportsController } from './exports.controller.js';
import { ExportsRepository } from './exports.repository.js';
import { Gbt24589ExportService } from './gbt24589-export.service.js';
import { HledgerExportService } from './hledger-export.service.js';

/** Auditor exports (SPEC §2.6): the hledger journal and the GB/T 24589-style package, streamed or queued (`exports`). */
@Module({
  imports: [AuditModule, AuthModule, LedgerModule, OrganizationsModule, BullModule.registerQueue({ name: EXPORTS_QUEUE })],
  controllers: [ExportsController],
  providers: [ExportsRepository, HledgerExportService, Gbt24589ExportService, ExportJobsService],
  exports: [HledgerExportService, Gbt24589ExportService, ExportJobsService, BullModule],
})
export class ExportsModule {}

/** The export processor; imported by the worker (and the demo), not by the API. */
@Module({
  imports: [ExportsModule],
  providers: [ExportJobProcessor],
})
export class ExportsWorkerModule {}
