import { BullModule } from '@nestjs/bull';
import { Module, OnModuleInit } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { AuthModule } from '@app/auth';
import { IntegrityChecks } from '@app/core';
import { LedgerModule } from '@app/ledger';
import { AssetsController, ResourcesController } from './assets.controller.js';
import { AssetsRepository } from './assets.repository.js';
import { ASSETS_CHECKS, AssetsService } from './assets.service.js';
import { DepreciationJobsService } from './depreciation-jobs.service.js';
import { ASSETS_QUEUE } from './queue/depreciation-queue.js';
import { DepreciationProcessor } from './queue/depreciation.processor.js';

/**
 * 三资: fixed assets with depreciation and disposal, and the resources register (SPEC §8); queue
 * `assets`. Registers its reconciliation of the cards with 151/152 in the ledger's integrity check
 * (core's IntegrityChecks: the ledger does not import this context).
 */
@Module({
  imports: [AuditModule, AuthModule, LedgerModule, BullModule.registerQueue({ name: ASSETS_QUEUE })],
  controllers: [AssetsController, ResourcesController],
  providers: [AssetsRepository, AssetsService, DepreciationJobsService],
  exports: [AssetsService, DepreciationJobsService, BullModule],
})
export class AssetsModule implements OnModuleInit {
  constructor(
    private readonly checks: IntegrityChecks,
    private readonly assets: AssetsService,
  ) {}

  onModuleInit(): void {
    this.checks.registerAll(ASSETS_CHECKS, async (orgId, ledgerId) => (await this.assets.integrity(orgId, ledgerId)).checks);
  }
}

/** The depreciation processor; imported by the worker (and the demo), not by the API. */
@Module({
  imports: [AssetsModule],
  providers: [DepreciationProcessor],
})
export class AssetsWorkerModule {}
